"""Slugs and URLs as tables: Cyrillic kept, collisions told apart, unsafe names made safe."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from sitegen.collect.slugs import (
    MAX_COMPONENT_BYTES, SYSTEM_NAMES, THEME_IDS, ascii_href, encode_href, heading_slug, path_slug, root_prefix,
    safe_component, safe_slug_path, slugify, unique_heading_ids, unique_slugs, unreserved,
)
from sitegen.collect.urls import plan_urls, tag_urls


@pytest.mark.parametrize("text,expected", [
    ("Наставничество", "наставничество"),
    ("Целевая модель наставничества", "целевая-модель-наставничества"),
    ("«Амал қоржыны»", "амал-қоржыны"),
    ("Форма педагог — ученик", "форма-педагог-ученик"),
    ("Ёлка и ёж", "ёлка-и-ёж"),
    ("Café", "café"),
    ("Cafe\u0301", "café"),  # NFD input gives the NFC slug
    ("C++ & Python!", "c-python"),
    ("snake_case name", "snake-case-name"),
    ("  spaced  out  ", "spaced-out"),
    ("Приказ № 109/1", "приказ-109-1"),
])
def test_slugify_keeps_letters(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Наставничество", "nastavnichestvo"),
    ("Ёлка и ёж", "elka-i-ezh"),
    ("Mazowiecka Sieć", "mazowiecka-siec"),
])
def test_slugify_ascii_transliterates(text, expected):
    assert slugify(text, ascii=True) == expected


def test_heading_ids_repeat_with_suffixes():
    assert unique_heading_ids(["Итоги", "Итоги", "итоги", "Итоги-1"]) == ["итоги", "итоги-1", "итоги-2", "итоги-1-1"]
    assert heading_slug("!!!") == "section"


@pytest.mark.parametrize("name,expected,problems", [
    ("con", "con_", ["reserved-name"]),
    ("aux", "aux_", ["reserved-name"]),
    ("nul.txt", "nul_.txt", ["reserved-name"]),  # Windows reserves `nul.txt_` too: the mark goes before the dot
    ("aux.tar.gz", "aux_.tar.gz", ["reserved-name"]),
    ("com1", "com1_", ["reserved-name"]),
    ("console", "console", []),
])
def test_reserved_windows_names(name, expected, problems):
    assert safe_component(name, name) == (expected, problems)


def test_long_components_are_cut_with_a_hash():
    long_ru = "я" * 130  # 260 bytes in UTF-8
    slug, problems = safe_component(long_ru, long_ru)
    assert problems == ["long-name"]
    assert len(slug.encode("utf-8")) <= 200
    slug.encode("utf-8").decode("utf-8")  # cut on a character boundary
    other, _ = safe_component("я" * 129 + "б", "x")
    assert other != slug  # names that differ after the cut stay distinct


def test_empty_slug_gets_a_stable_name():
    assert safe_component("", "???")[0] == safe_component("", "???")[0]
    assert safe_component("", "???")[0] != safe_component("", "!!!")[0]


def test_path_slug_keeps_attachment_extension():
    assert path_slug("Папка/Фото 1.PNG")[0] == "папка/фото-1.png"
    assert path_slug("Папка/Заметка.md")[0] == "папка/заметка"


@pytest.mark.parametrize("url,prefix", [("", ""), ("a/", "../"), ("a/b/", "../../"), ("404.html", "")])
def test_root_prefix(url, prefix):
    assert root_prefix(url) == prefix


HREFS = [
    # (site URL, href in a page, href in sitemap and feed)
    ("практики/наставник/#обязанности", "практики/наставник/#обязанности",
     "%D0%BF%D1%80%D0%B0%D0%BA%D1%82%D0%B8%D0%BA%D0%B8/%D0%BD%D0%B0%D1%81%D1%82%D0%B0%D0%B2%D0%BD%D0%B8%D0%BA/"
     "#%D0%BE%D0%B1%D1%8F%D0%B7%D0%B0%D0%BD%D0%BD%D0%BE%D1%81%D1%82%D0%B8"),
    ("a%20b/", "a%2520b/", "a%2520b/"),  # a literal % is data, not an escape
    ("ёлка/", "ёлка/", "%D1%91%D0%BB%D0%BA%D0%B0/"),
    ("é-noël/", "é-noël/", "%C3%A9-no%C3%ABl/"),
    ("x y/\"<&'/", "x%20y/%22%3C%26%27/", "x%20y/%22%3C%26%27/"),  # nothing that ends an attribute
    ("a\u00a0b/", "a%C2%A0b/", "a%C2%A0b/"),  # an invisible space is not a letter
    ("a\u200fb/", "a%E2%80%8Fb/", "a%E2%80%8Fb/"),  # nor a direction mark
    ("№1/", "%E2%84%961/", "%E2%84%961/"),  # a symbol is escaped, the digit kept
    ("٣/#٣", "٣/#٣", "%D9%A3/#%D9%A3"),  # digits of any script stay
    ("page/#^block", "page/#%5Eblock", "page/#%5Eblock"),
    ("a/#b/c", "a/#b%2Fc", "a/#b%2Fc"),  # a slash in a fragment is escaped
]


@pytest.mark.parametrize("url,in_page,ascii", HREFS)
def test_hrefs_keep_letters_in_pages_and_are_ascii_for_machines(url, in_page, ascii):
    assert encode_href(url) == in_page
    assert ascii_href(url) == ascii
    assert unquote(in_page) == unquote(ascii) == url  # escaped exactly once


def test_unique_slugs_is_deterministic_and_case_insensitive():
    wanted = {"Hello World.md": "hello-world", "hello-world.md": "hello-world", "Other.md": "other"}
    assert unique_slugs(wanted) == {"Hello World.md": "hello-world", "hello-world.md": "hello-world-2",
                                    "Other.md": "other"}
    # A suffix never takes a name another source wanted outright.
    wanted = {"a.md": "x", "b.md": "x", "c.md": "x-2"}
    assert unique_slugs(wanted) == {"a.md": "x", "c.md": "x-2", "b.md": "x-3"}


def test_plan_urls_collisions_and_folder_notes():
    plan = plan_urls(["Hello World.md", "hello-world.md", "index.md", "Практики/index.md",
                      "Практики/Наставник.md", "Проекты.md", "Проекты/VolunSkills.md", "Tags.md"])
    assert plan.notes["index.md"] == ""
    assert plan.notes["Hello World.md"] == "hello-world"
    assert plan.notes["hello-world.md"] == "hello-world-2"
    assert plan.notes["Практики/index.md"] == "практики"  # a folder note is the folder's page
    assert plan.notes["Проекты.md"] == "проекты"  # so is a note beside its folder
    assert plan.notes["Практики/Наставник.md"] == "практики/наставник"
    assert plan.notes["Tags.md"] == "tags-2"  # `tags/` belongs to the tag index
    collisions = [d for d in plan.diagnostics if d.code == "slug-collision"]
    assert {d.file for d in collisions} == {"hello-world.md", "Tags.md"}
    assert "Hello World.md" in collisions[0].message or "Hello World.md" in collisions[1].message


def test_plan_urls_ascii_style():
    plan = plan_urls(["Практики/Наставник.md"], ascii=True)
    assert plan.notes["Практики/Наставник.md"] == "praktiki/nastavnik"


def test_tag_urls_nest_and_fold():
    urls = tag_urls(["практика", "практика/наставничество"])
    assert urls["практика/наставничество"] == "tags/практика/наставничество/"


L140 = "я" * 140  # 280 bytes: over the 200-byte limit of one path component


@pytest.mark.parametrize("parts,fallback,expected", [
    (["Наставник"], "note", "наставник"),
    (["Help", "Guide"], "note", "help/guide"),
    (["con"], "note", "con_"),
    (["практика", "aux"], "tag", "практика/aux_"),
])
def test_safe_slug_path_table(parts, fallback, expected):
    assert safe_slug_path(parts, fallback=fallback)[0] == expected


@pytest.mark.parametrize("part", [".", "..", "", "!!!", "—", "..."])
def test_safe_slug_path_replaces_empty_and_punctuation_parts(part):
    slug, _ = safe_slug_path(["a", part, "b"], fallback="tag")
    middle = slug.split("/")[1]
    assert middle.startswith("tag-") and middle not in (".", "..")
    assert safe_slug_path(["a", "?", "b"])[0] != safe_slug_path(["a", "!", "b"])[0]  # distinct inputs stay distinct


def test_safe_slug_path_cuts_long_parts_on_a_character_boundary():
    slug, problems = safe_slug_path([L140, L140 + "б"])
    first, second = slug.split("/")
    assert problems == ["long-name"]
    for part in (first, second):
        assert len(part.encode("utf-8")) <= MAX_COMPONENT_BYTES
        part.encode("utf-8").decode("utf-8")  # whole characters only
    assert first != second


@pytest.mark.parametrize("slug,expected", [
    ("наставник", "наставник"),
    ("tags", "tags-2"),
    ("Tags/x", "Tags-2/x"),
    ("files/pic.png", "files-2/pic.png"),
    ("static/style-css", "static-2/style-css"),
    ("search", "search-2"),
    ("404.html", "404.html-2"),
    ("", "home-2"),
    ("tagsx", "tagsx"),
])
def test_unreserved_moves_names_the_site_uses(slug, expected):
    assert unreserved(slug) == expected


def test_the_search_index_folder_is_reserved():
    from sitegen.search.index import INDEX_DIR

    assert INDEX_DIR in SYSTEM_NAMES


def test_heading_ids_never_take_a_theme_id():
    assert unique_heading_ids(["Search", "Content", "Explorer", "Итоги"]) == [
        "search-1", "content-1", "explorer-1", "итоги"]
    assert not set(unique_heading_ids(sorted(THEME_IDS))) & THEME_IDS


def test_an_attachment_without_a_suffix_keeps_its_name():
    assert path_slug("Docs/LICENSE")[0] == "docs/license"
    assert path_slug(".gitignore")[0] == "gitignore"


def test_tag_urls_follow_the_rules_of_note_names():
    urls = tag_urls(["a/..", "a/.", "con", "я" * 140, "!!!"])
    assert urls["con"] == "tags/con_/"
    assert len({urls["a/.."], urls["a/."], urls["!!!"]}) == 3
    assert all(p not in ("", ".", "..") for u in urls.values() for p in u.rstrip("/").split("/"))
    assert all(len(p.encode()) <= MAX_COMPONENT_BYTES for u in urls.values() for p in u.split("/"))


def test_the_fast_path_of_hrefs_keeps_exactly_what_the_per_character_rule_keeps() -> None:
    from sitegen.collect.slugs import _ASCII_SAFE, _KEPT, _iri_char

    kept_fast = [c for c in range(0x110000) if _KEPT.fullmatch(chr(c))]
    assert all(_iri_char(chr(c), _ASCII_SAFE) == chr(c) for c in kept_fast)
