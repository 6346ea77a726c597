"""Property values as Obsidian reads and types them, and where their links are written (tables)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.collect.meta import load_meta
from sitegen.collect.properties import TypedValue, infer_type, type_value, wikilinks_in


def props(yaml_text: str):
    meta, diags = load_meta(yaml_text, "n.md")
    assert not diags
    return {p.key: p.value for p in meta.properties}, meta


@pytest.mark.parametrize("yaml_text,value", [
    ("v: yes", "yes"),  # YAML 1.1 would say True; Obsidian reads text
    ("v: no", "no"),
    ("v: true", True),
    ("v: False", False),
    ("v: 2020-08-21", "2020-08-21"),  # typed later, as a date or as text
    ("v: 7", 7),
    ("v: -1.5", -1.5),
    ("v: '7'", "7"),
    ("v: 1_000", "1_000"),
    ("v: ~", None),
    ("v:", None),
    ("v: [a, 2, true]", ["a", 2, True]),
    ("v:\n  - '[[A]]'\n  - b", ["[[A]]", "b"]),
    ("v: {a: 1}", {"a": 1}),
])
def test_values_follow_yaml_1_2(yaml_text, value):
    assert props(yaml_text)[0]["v"] == value


@pytest.mark.parametrize("value,kind", [
    (True, "checkbox"), (3, "number"), (2.5, "number"), (["a"], "multitext"), ("2020-08-21", "date"),
    ("2020-08-21T10:30:00", "datetime"), ("2020-08-21 10:30", "datetime"), ("21-08-2020", "text"),
    ("text", "text"), (None, "text"), ({"a": 1}, "text"),
])
def test_inferred_type(value, kind):
    assert infer_type(value) == kind


@pytest.mark.parametrize("key,value,types,typed", [
    ("rating", 7, {}, TypedValue("number", 7)),
    ("rating", "7", {"rating": "number"}, TypedValue("number", 7)),
    ("rating", "great", {"rating": "number"}, TypedValue("text", "great", "number")),
    ("year", 1957, {"year": "text"}, TypedValue("text", "1957")),
    ("Rating", 7, {"rating": "text"}, TypedValue("text", "7")),  # names match in any case
    ("cast", "Mark Hamill", {"cast": "multitext"}, TypedValue("multitext", ("Mark Hamill",))),
    ("cast", ["A", "[[B]]", None], {}, TypedValue("multitext", ("A", "[[B]]"))),
    ("done", "true", {"done": "checkbox"}, TypedValue("checkbox", True)),
    ("done", None, {"done": "checkbox"}, TypedValue("checkbox", None)),
    ("due", "2020-08-21", {}, TypedValue("date", dt.date(2020, 8, 21))),
    ("due", "2020-08-21T10:30:00", {"due": "date"}, TypedValue("date", dt.date(2020, 8, 21))),
    ("at", "2020-08-21T10:30:00+03:00", {}, TypedValue("datetime", dt.datetime(2020, 8, 21, 10, 30))),
    ("due", "2020-13-45", {}, TypedValue("text", "2020-13-45")),
    ("due", "someday", {"due": "date"}, TypedValue("text", "someday", "date")),
    ("tags", "a, b #c", {"tags": "text"}, TypedValue("tags", ("a", "b", "c"))),  # fixed by Obsidian
    ("tags", ["my tag", "#x/y/"], {}, TypedValue("tags", ("my-tag", "x/y"))),
    ("aliases", "Other name", {}, TypedValue("aliases", ("Other name",))),
    ("cssclasses", "wide", {}, TypedValue("multitext", ("wide",))),
    ("nested", [[1, 2]], {}, TypedValue("text", "[[1, 2]]")),
    ("obj", {"a": "б"}, {}, TypedValue("text", '{"a": "б"}')),
])
def test_typed_values(key, value, types, typed):
    assert type_value(key, value, types) == typed


def test_empty_values():
    assert type_value("x", None, {}).empty and type_value("x", [], {}).empty and type_value("x", "", {}).empty
    assert not type_value("x", False, {}).empty and not type_value("x", 0, {}).empty


@pytest.mark.parametrize("text,found", [
    ("[[A]]", [(0, 5, "A", "A", False)]),
    ("see [[A|the a]] and [[B#H]]", [(4, 15, "A", "the a", False), (20, 27, "B#H", "B > H", False)]),
    ("![[cover.png]]", [(0, 14, "cover.png", "cover.png", True)]),
    ("[[ ]] [[x\ny]] [[unclosed", []),
    ("no links", []),
])
def test_wikilinks_in_text(text, found):
    assert list(wikilinks_in(text)) == found


def test_links_are_found_at_their_line_and_column():
    yaml_text = ('author: "[[Frank Herbert]]"\n'
                 "genre:\n"
                 "  - '[[Science fiction]]'\n"
                 "  - plain\n"
                 "note: read after [[Foundation]] and again [[Foundation]]\n"
                 "cover: \"![[cover.png]]\"")
    _, meta = props(yaml_text)
    found = [(l.target, l.kind, l.key, l.line, l.col) for l in meta.links]
    # File lines: the YAML starts on line 2, after the opening `---`.
    assert found == [
        ("Frank Herbert", "property", "author", 2, 10),
        ("Science fiction", "property", "genre", 4, 6),
        ("Foundation", "property", "note", 6, 18),
        ("Foundation", "property", "note", 6, 43),
        ("cover.png", "property", "cover", 7, 9),
    ]
    assert [(p.key, p.line, p.col) for p in meta.properties][:2] == [("author", 2, 9), ("genre", 4, 3)]


@pytest.mark.parametrize("yaml_text,published,opted_in", [
    ("title: x", True, False),
    ("publish: true", True, True),
    ("dg-publish: true", True, True),
    ("publish: false", False, False),
    ("dg-publish: false", False, False),
    ("publish: false\ndg-publish: true", False, True),
    ("draft: true\npublish: true", False, True),
])
def test_publish_flags(yaml_text, published, opted_in):
    meta = props(yaml_text)[1]
    assert (meta.is_published("all"), meta.is_published("opt-in")) == (published, published and opted_in)


def test_huge_numbers_do_not_raise():
    assert type_value("n", "9" * 5000, {"n": "number"}).type == "number"
    assert props("t: '" + "7" * 5000 + "'")[0]["t"] == "7" * 5000
