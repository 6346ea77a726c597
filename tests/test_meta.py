"""Front matter: safe YAML only, every problem at its line, known keys normalised."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.collect.meta import load_meta, split_front_matter

UTC = dt.timezone.utc


def meta_of(text: str):
    split, problem = split_front_matter(text)
    meta, diags = load_meta(split.yaml_text, "n.md")
    return meta, [d.format() for d in diags], split, problem


def test_known_keys_are_normalised():
    meta, diags, split, _ = meta_of(
        "---\ntitle: Наставник\naliases: [ЦМН, 'Целевая модель']\ntags: '#проект, практика/наставничество роль'\n"
        "cssclasses: wide\ndescription: Кратко\npermalink: mentor\nlang: no\nextra: 5\n---\nТело\n")
    assert diags == []
    assert meta.title == "Наставник"
    assert meta.aliases == ("ЦМН", "Целевая модель")
    assert meta.tags == ("проект", "практика/наставничество", "роль")
    assert meta.cssclasses == ("wide",)
    assert meta.lang == "no"  # YAML 1.1 would read `no` as False
    assert meta.extra == {"extra": 5}
    assert split.body == "Тело\n" and split.body_line == 11


def test_singular_keys_and_lists():
    meta, diags, _, _ = meta_of("---\nalias: Один\ntag: [a, '#b']\n---\n")
    assert (meta.aliases, meta.tags, diags) == (("Один",), ("a", "b"), [])


@pytest.mark.parametrize("value,expected,has_time", [
    ("2023-08-23", dt.datetime(2023, 8, 23, tzinfo=UTC), False),
    ("2024-01-01 00:00:00 -5", dt.datetime(2024, 1, 1, 5, tzinfo=UTC), True),
    ("2024-01-01T10:30:00", dt.datetime(2024, 1, 1, 10, 30, tzinfo=UTC), True),
    ("'2024-02-03'", dt.datetime(2024, 2, 3, tzinfo=UTC), False),
])
def test_dates_become_utc(value, expected, has_time):
    meta, diags, _, _ = meta_of(f"---\ndate: {value}\n---\n")
    assert diags == [] and meta.date == expected and meta.date_has_time == has_time


@pytest.mark.parametrize("text,expected", [
    ("---\ntitle: Assignment 1: Some Title\n---\n",
     "n.md:2:20: bad-front-matter: YAML: mapping values are not allowed here (a value containing ': ' must be quoted)"),
    ("---\ntitle: A\ntitle: B\n---\n", "n.md:3:1: bad-front-matter: duplicate key 'title' (first on line 2)"),
    ("---\n- a\n- b\n---\n", "n.md:2:1: bad-front-matter: front matter must be a mapping of keys to values"),
    ("---\njust text\n---\n", "n.md:2:1: bad-front-matter: front matter must be a mapping of keys to values"),
    ("---\n1: one\n---\n", "n.md:2:1: bad-front-matter: front matter keys must be plain strings"),
    ("---\ndraft: maybe\n---\n", "n.md:2:8: bad-front-matter: 'draft': expected true or false"),
    ("---\ntitle: [a, b]\n---\n", "n.md:2:8: bad-front-matter: 'title': expected text"),
])
def test_bad_front_matter_is_reported_at_its_line(text, expected):
    assert expected in meta_of(text)[1]


@pytest.mark.parametrize("value,detail", [
    ("2024-13-45", "month must be in 1..12"),
    ("завтра", "write it as YYYY-MM-DD"),
    ("02-08-2025", "write it as YYYY-MM-DD"),  # day-first, as in real vaults
])
def test_an_unreadable_date_is_reported_and_the_rest_is_kept(value, detail):
    meta, diags, _, _ = meta_of(f"---\ntitle: Т\ndate: {value}\nauthor: Анна\n---\n")
    assert len(diags) == 1 and diags[0].startswith("n.md:3:7: bad-front-matter: 'date': not a valid date")
    assert detail in diags[0]
    assert meta.date is None and meta.title == "Т" and meta.extra["author"] == "Анна"


def test_an_impossible_timestamp_in_another_property_stays_text():
    meta, diags, _, _ = meta_of("---\ncreated: 2025-13-45\nseen: [2024-02-30, 2024-02-03]\n---\n")
    assert diags == []
    assert meta.extra["created"] == "2025-13-45"
    assert meta.extra["seen"] == ["2024-02-30", dt.date(2024, 2, 3)]


def test_tabs_are_explained():
    diags = meta_of("---\ntags:\n\t- a\n---\n")[1]
    assert len(diags) == 1 and "tab character" in diags[0] and diags[0].startswith("n.md:3:")


def test_code_execution_tags_are_refused():
    meta, diags, _, _ = meta_of("---\ntitle: !!python/object/new:os.system [echo EXPLOIT]\n---\n")
    assert meta.title is None
    assert diags == ["n.md:2:8: bad-front-matter: YAML tag 'tag:yaml.org,2002:python/object/new:os.system' "
                     "is not allowed in front matter"]


def test_alias_bombs_are_refused():
    bomb = "---\na: &a [lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\n"
    meta, diags, _, _ = meta_of(bomb)
    assert diags == ["n.md:2:4: bad-front-matter: YAML anchors and aliases are not allowed in front matter"]
    assert meta.extra == {}


def test_unterminated_and_empty_front_matter():
    *_, split, problem = meta_of("---\ntitle: x\nбез конца\n")
    assert problem and split.yaml_text is None and split.body.startswith("---")
    meta, diags, split, problem = meta_of("---\n---\nТело")
    assert (meta.title, diags, problem, split.body) == (None, [], None, "Тело")


def test_front_matter_only_at_the_very_start():
    _, _, split, _ = meta_of("Текст\n---\ntitle: x\n---\n")
    assert split.yaml_text is None


def test_draft_and_publish():
    assert meta_of("---\ndraft: true\n---\n")[0].published is False
    assert meta_of("---\npublish: false\n---\n")[0].published is False
    assert meta_of("---\ndraft: false\n---\n")[0].published is True


@pytest.mark.parametrize("key", ["draft", "publish", "dg-publish"])
def test_an_impossible_date_as_a_publishing_flag_is_a_located_problem_not_a_crash(key):
    # Found by the long fuzz run: the YAML loader raised ValueError on `2024-02-30`.
    meta, diags, _, _ = meta_of(f"---\ntitle: Т\n{key}: 2024-02-30\n---\n")
    assert diags == [f"n.md:3:{len(key) + 3}: bad-front-matter: '{key}': expected true or false"]
    assert meta.title == "Т" and meta.published
