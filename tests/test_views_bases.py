"""Bases documents: parsing with positions, then filters, formulas, sort, groups, limit,
summaries and display names over a small library of books."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.i18n import collation_key
from sitegen.views.bases import parse_base
from sitegen.views.query import run_base
from sitegen.views.records import read_types, typed_properties, wikilink
from sitegen.views.values import Date, FileRecord, Link, describe

CLOCK = dt.datetime(2025, 6, 1, 12, 0)
TYPES = read_types('{"types": {"finished": "date", "genre": "multitext", "rating": "number"}}')
BOOKS = {
    "Books/Dune.md": {"author": "[[Frank Herbert]]", "rating": 9, "year": 1965, "read": True,
                      "finished": "2025-03-02", "genre": "sf", "categories": ["[[Books]]"]},
    "Books/Children of Dune.md": {"author": "[[Frank Herbert]]", "rating": 7, "year": 1976,
                                  "read": True, "finished": "2025-04-10", "genre": ["sf"],
                                  "categories": ["[[Books]]"]},
    "Books/Solaris.md": {"author": "[[Stanisław Lem]]", "rating": 9, "year": 1961, "read": False,
                         "genre": ["sf", "philosophy"], "categories": ["[[Books]]"]},
    "Books/Мастер и Маргарита.md": {"author": "[[Михаил Булгаков]]", "rating": 10, "year": 1967,
                                    "read": True, "finished": "2024-12-20",
                                    "genre": ["classic"], "categories": ["[[Books]]"]},
    "Books/Белая гвардия.md": {"author": "[[Михаил Булгаков]]", "rating": 8, "year": 1925,
                               "read": False, "genre": ["classic"], "categories": ["[[Books]]"]},
    "People/Frank Herbert.md": {"categories": ["[[People]]"]},
    "People/Stanisław Lem.md": {"categories": ["[[People]]"]},
    "People/Михаил Булгаков.md": {"categories": ["[[People]]"]},
    "Books.md": {"tags": ["category"]},
    "People.md": {},
}
NAMES = {p.rsplit("/", 1)[-1][:-3]: p for p in BOOKS} | {"Books.base": "Books.base"}


def resolve(target: str, from_path: str) -> str | None:
    return NAMES.get(target[:-3] if target.endswith(".md") else target)


def record(path: str, front: dict) -> FileRecord:
    properties = typed_properties(front, TYPES, resolve, path)
    links = [v for value in properties.values() for v in (value if isinstance(value, list) else [value])
             if isinstance(v, Link)]
    return FileRecord(path, size=100 + len(path), ctime=dt.datetime(2025, 1, 1),
                      mtime=dt.datetime(2025, 5, 1), tags=tuple(front.get("tags", ())),
                      links=tuple(links), properties=properties)


FILES = [record(path, front) for path, front in BOOKS.items()] + [FileRecord("Books.base")]
BY_PATH = {f.path: f for f in FILES}


def run(text: str, this: str = "Books.md", view: str | None = None, path: str = "Books.base"):
    base = parse_base(text, path)
    return run_base(base, FILES, this=BY_PATH.get(this), clock=CLOCK,
                    collate=lambda s: collation_key(s, "ru"), resolve=resolve, language="ru",
                    view=view)


def names(view) -> list[str]:
    return [row.file.basename for row in view.rows]


def cells(view) -> list[list[str]]:
    return [[describe(cell) for cell in row.cells] for row in view.rows]


BOOKS_ONLY = 'filters: categories.contains(link("Books"))\n'


# --- filters ---------------------------------------------------------------------------

def test_global_and_view_filters_combine_with_and() -> None:
    result = run(BOOKS_ONLY + """
views:
  - type: table
    name: Good
    filters:
      and:
        - rating >= 9
        - read
""")
    assert names(result.view()) == ["Мастер и Маргарита", "Dune"]
    assert result.diagnostics == []


def test_nested_or_and_not() -> None:
    result = run(BOOKS_ONLY + """
views:
  - type: table
    filters:
      or:
        - author == link("Stanisław Lem")
        - and:
            - genre.contains("classic")
            - not:
                - read
""")
    assert names(result.view()) == ["Белая гвардия", "Solaris"]


def test_not_means_none_of_them() -> None:
    result = run(BOOKS_ONLY + """
views:
  - type: table
    filters:
      not:
        - rating < 9
        - file.name.contains("Solaris")
""")
    assert names(result.view()) == ["Мастер и Маргарита", "Dune"]


def test_without_filters_every_file_is_a_row() -> None:
    assert len(run("views:\n  - type: table\n").view().rows) == len(FILES)


def test_this_is_the_embedding_note() -> None:
    text = "views:\n  - type: table\n    filters: list(author).contains(this)\n"
    assert names(run(text, this="People/Михаил Булгаков.md").view()) == ["Белая гвардия",
                                                                        "Мастер и Маргарита"]
    assert names(run(text, this="People/Frank Herbert.md").view()) == ["Children of Dune", "Dune"]
    # On the base's own page `this` is the base file: nobody wrote it as an author.
    assert names(run(text, this="Books.base").view()) == []


def test_unsupported_condition_is_left_out_with_a_notice() -> None:
    text = BOOKS_ONLY + "views:\n  - type: table\n    filters:\n      and:\n        - rating > 8\n" \
        "        - random() > 0.5\n"
    result = run(text)
    view = result.view()
    assert names(view) == ["Мастер и Маргарита", "Dune", "Solaris"]  # the rating filter held
    assert [d.format() for d in result.diagnostics] == [
        "Books.base:7:11: base-unsupported: view `View 1` filter: function `random()` is not "
        "supported: a static site cannot show a new random number on each visit"]
    assert view.notices == result.diagnostics


def test_failure_on_data_excludes_the_row_and_is_reported_once() -> None:
    result = run(BOOKS_ONLY + "views:\n  - type: table\n    filters: number(finished.format(\"YYYY\")) > 2024\n")
    assert names(result.view()) == ["Children of Dune", "Dune"]
    assert result.diagnostics == []  # books without `finished` give null: no error
    result = run(BOOKS_ONLY + "views:\n  - type: table\n    filters: file.name.lower().length > year\n")
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == []
    result = run(BOOKS_ONLY + "views:\n  - type: table\n    filters: year.lower() == 1\n")
    assert names(result.view()) == []
    assert [d.format() for d in result.diagnostics] == [
        "Books.base:4:19: base-error: view `View 1` filter: `lower()` does not apply to a number "
        "(first in Books/Dune.md)"]


# --- positions -------------------------------------------------------------------------

def test_positions_of_plain_quoted_and_block_expressions() -> None:
    text = """filters:
  and:
    - rating >
    - 'read && ('
formulas:
  long: |
    rating * 2 +
      @
views:
  - type: table
"""
    base = parse_base(text, "Books.base")
    assert [(d.line, d.col, d.code) for d in base.diagnostics] == [
        (3, 15, "bad-base"), (4, 17, "bad-base"), (8, 7, "bad-base")]


def test_positions_inside_a_note_code_block() -> None:
    # The ```base block starts on line 12 of the note; its text begins on line 13.
    base = parse_base("filters: rating >> 2\n", "Reading.md", line=13)
    assert [d.format() for d in base.diagnostics] == [
        "Reading.md:13:18: bad-base: filter: expected a value but found `>`"]


def test_bad_yaml_is_reported_at_its_position() -> None:
    base = parse_base("views:\n  - type: table\n    name: [unclosed\n", "Books.base")
    assert len(base.diagnostics) == 1
    diagnostic = base.diagnostics[0]
    assert diagnostic.code == "bad-base" and diagnostic.line == 4
    assert "not valid YAML" in diagnostic.message
    assert base.views == []  # nothing of it is shown but the notice
    assert run_base(base, FILES, this=None, clock=CLOCK).views == []


def test_wrong_shapes_are_reported() -> None:
    base = parse_base("views: 3\nfilters:\n  and: [rating > 1]\n  or: [read]\n", "Books.base")
    assert [(d.line, d.code) for d in base.diagnostics] == [(1, "bad-base"), (3, "bad-base")]
    assert base.views[0].name == "Table"


# --- formulas --------------------------------------------------------------------------

def test_formulas_use_each_other_and_the_clock() -> None:
    result = run(BOOKS_ONLY + """
formulas:
  age: today().year - year
  old: formula.age > 55
  since: (today() - finished).days
views:
  - type: table
    filters: formula.old
    order: [file.name, formula.age, formula.since]
""")
    assert cells(result.view()) == [
        ['link(Books/Белая гвардия.md -> Books/Белая гвардия.md | Белая гвардия)', "100", "null"],
        ['link(Books/Мастер и Маргарита.md -> Books/Мастер и Маргарита.md | Мастер и Маргарита)',
         "58", "163"],
        ['link(Books/Dune.md -> Books/Dune.md | Dune)', "60", "91"],
        ['link(Books/Solaris.md -> Books/Solaris.md | Solaris)', "64", "null"],
    ]


def test_circular_and_missing_formulas() -> None:
    result = run(BOOKS_ONLY + """
formulas:
  a: formula.b + 1
  b: formula.a + 1
views:
  - type: table
    order: [file.name, formula.a, formula.nope]
""")
    view = result.view()
    assert {describe(row.cells[1]) for row in view.rows} == {"null"}
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == [
        (5, 14, "base-error"), (8, 35, "base-error")]
    assert "formula `a` is part of a cycle" in result.diagnostics[0].message


# --- sort, groups, limit ---------------------------------------------------------------

def test_sort_by_several_keys_and_directions() -> None:
    result = run(BOOKS_ONLY + """
views:
  - type: table
    order: [file.name, rating, year]
    sort:
      - property: rating
        direction: DESC
      - property: year
        direction: ASC
""")
    assert names(result.view()) == ["Мастер и Маргарита", "Solaris", "Dune", "Белая гвардия",
                                    "Children of Dune"]


def test_empty_values_sort_last_either_way() -> None:
    for direction, expected in (("ASC", ["Мастер и Маргарита", "Dune", "Children of Dune"]),
                                ("DESC", ["Children of Dune", "Dune", "Мастер и Маргарита"])):
        view = run(BOOKS_ONLY + f"views:\n  - type: table\n    sort:\n      - property: finished\n"
                   f"        direction: {direction}\n").view()
        assert names(view)[:3] == expected
        assert set(names(view)[3:]) == {"Solaris", "Белая гвардия"}


def test_default_order_is_by_name_in_the_site_language() -> None:
    view = run(BOOKS_ONLY + "views:\n  - type: table\n").view()
    assert names(view) == ["Белая гвардия", "Мастер и Маргарита", "Children of Dune", "Dune",
                           "Solaris"]


def test_early_sort_syntax_with_column() -> None:
    view = run(BOOKS_ONLY + "views:\n  - type: table\n    sort:\n      - column: note.year\n"
               "        direction: DESC\n").view()
    assert names(view)[0] == "Children of Dune"


def test_group_by_with_direction_and_group_summaries() -> None:
    view = run(BOOKS_ONLY + """
views:
  - type: table
    order: [file.name, rating]
    groupBy:
      property: author
      direction: DESC
    summaries:
      rating: Average
""").view()
    assert view.grouped
    keys = [describe(group.key) for group in view.groups]
    assert keys == ["link(Stanisław Lem -> People/Stanisław Lem.md)",
                    "link(Frank Herbert -> People/Frank Herbert.md)",
                    "link(Михаил Булгаков -> People/Михаил Булгаков.md)"]
    assert [[r.file.basename for r in g.rows] for g in view.groups] == [
        ["Solaris"], ["Children of Dune", "Dune"], ["Белая гвардия", "Мастер и Маргарита"]]
    assert [g.summaries[0].value for g in view.groups] == [9, 8, 9]
    assert view.summaries[0].value == 8.6


def test_limit_applies_after_sorting() -> None:
    view = run(BOOKS_ONLY + "views:\n  - type: table\n    limit: 2\n    sort:\n"
               "      - property: year\n        direction: ASC\n").view()
    assert names(view) == ["Белая гвардия", "Solaris"]
    assert view.total == 5


# --- summaries and columns ---------------------------------------------------------------

def test_built_in_summaries() -> None:
    result = run(BOOKS_ONLY + """
formulas:
  f: finished
  r: rating
  y: year
  g: genre
  d: read
  e: finished
  m: rating
views:
  - type: table
    order: [rating, year, finished, read, genre]
    summaries:
      rating: Sum
      year: Min
      finished: Earliest
      read: Checked
      genre: Unique
      formula.f: Latest
      formula.r: Median
      formula.y: Range
      formula.e: Range
      formula.d: Unchecked
      formula.g: Filled
      formula.m: Stddev
      note.missing: Empty
""")
    found = {s.column: describe(s.value) for s in result.view().summaries}
    assert found == {
        "note.rating": "43", "note.year": "1925", "note.finished": "date(2024-12-20)",
        "note.read": "3", "note.genre": "3", "formula.f": "date(2025-04-10)",
        "formula.r": "9", "formula.y": "51", "formula.e": "duration(9590400000ms)",
        "formula.d": "2", "formula.g": "5", "formula.m": "1.019803902718557",
        "note.missing": "5",
    }
    assert result.diagnostics == []


def test_custom_summary_sees_values() -> None:
    result = run(BOOKS_ONLY + """
summaries:
  spread: values.filter(value > 8).length
views:
  - type: table
    order: [rating]
    summaries:
      rating: spread
      year: nothing-like-this
""")
    assert [describe(s.value) for s in result.view().summaries] == ["3", "null"]
    assert [d.code for d in result.diagnostics] == ["base-error"]


def test_display_names_new_and_old_forms() -> None:
    view = run("""
properties:
  note.rating:
    displayName: Оценка
  formula.age:
    displayName: Возраст
display:
  year: Год
  note.rating: ignored, the new form wins
formulas:
  age: 2025 - year
views:
  - type: table
    order: [file.name, rating, year, formula.age, author, file.mtime]
""").view()
    assert [(c.id, c.name, c.kind) for c in view.columns] == [
        ("file.name", "file name", "file"), ("note.rating", "Оценка", "note"),
        ("note.year", "Год", "note"), ("formula.age", "Возраст", "formula"),
        ("note.author", "author", "note"), ("file.mtime", "file mtime", "file")]


def test_cards_image_and_unsupported_layouts() -> None:
    result = run(BOOKS_ONLY + """
formulas:
  cover: link(file.basename + ".jpg")
views:
  - type: cards
    name: Covers
    image: formula.cover
    cardSize: 200
  - type: map
    name: Where
""")
    covers, where = result.views
    assert covers.spec.supported and covers.spec.options["cardSize"] == 200
    assert describe(covers.rows[0].image) == "link(Белая гвардия.jpg)"
    assert not where.spec.supported and len(where.rows) == 5
    assert [d.format() for d in where.notices] == [
        "Books.base:10:11: base-unsupported: view `Where`: the `map` layout is not supported; "
        "it is shown as a table"]
    assert covers.notices == []


def test_one_view_by_name() -> None:
    text = BOOKS_ONLY + "views:\n  - type: table\n    name: All\n  - type: list\n    name: Top\n" \
        "    filters: rating > 9\n"
    result = run(text, view="Top")
    assert [v.spec.name for v in result.views] == ["Top"]
    assert result.listed == ["Books/Мастер и Маргарита.md"]
    assert len(run(text).listed) == 5
    assert names(result.view("Top")) == ["Мастер и Маргарита"]
    assert parse_base(text, "Books.base").view().name == "All"


def test_two_runs_are_identical() -> None:
    text = BOOKS_ONLY + "views:\n  - type: table\n    order: [file.name, rating, genre]\n"
    first, second = run(text), run(text)
    assert cells(first.view()) == cells(second.view())
    assert first.diagnostics == second.diagnostics


# --- front matter as typed values ------------------------------------------------------

def test_properties_typed_by_types_json() -> None:
    typed = typed_properties({"rating": "8", "genre": "sf", "finished": "2025-03-02",
                              "when": dt.date(2025, 1, 2), "who": "[[Frank Herbert|Frank]]",
                              "plain": "text", "tags": ["#a", "b"], "Done": "true"},
                             {"rating": "number", "genre": "multitext", "finished": "date",
                              "tags": "tags", "done": "checkbox"}, resolve, "Books/Dune.md")
    assert {k: describe(v) for k, v in typed.items()} == {
        "rating": "8", "genre": '["sf"]', "finished": "date(2025-03-02)",
        "when": "date(2025-01-02)", "who": "link(Frank Herbert -> People/Frank Herbert.md | Frank)",
        "plain": '"text"', "tags": '["a", "b"]', "Done": "true"}
    assert isinstance(typed["when"], Date) and not typed["when"].has_time


def test_types_json_problems_are_ignored() -> None:
    assert read_types("{not json") == {}
    assert read_types('{"types": {"a": "number", "b": "weird", "c": 3}}') == {"a": "number"}
    assert wikilink("not a link", resolve, "x.md") is None
    assert describe(wikilink("[[#Heading]]", resolve, "Books/Dune.md")) == \
        "link(Books/Dune.md -> Books/Dune.md)"


# --- real bases: kepano's vault ------------------------------------------------------------

KEPANO = Path("/work/vaults/kepano-obsidian/Templates/Bases")


@pytest.mark.skipif(not KEPANO.is_dir(), reason="kepano's vault is not checked out here")
@pytest.mark.parametrize("name", sorted(p.name for p in KEPANO.glob("*.base")) if KEPANO.is_dir()
                         else [])
def test_kepano_bases_parse_and_run(name: str) -> None:
    """Each of kepano's bases runs over the library; its only diagnostics are precise
    `base-unsupported` ones (the map layout, pre-release `not()`)."""
    path = f"Templates/Bases/{name}"
    result = run((KEPANO / name).read_text(), this="People/Frank Herbert.md", path=path)
    assert result.views
    for diagnostic in result.diagnostics:
        assert diagnostic.code == "base-unsupported", diagnostic.format()
        assert diagnostic.line > 1 and diagnostic.col > 1
    for view in result.views:
        assert all(len(row.cells) == len(view.columns) for row in view.rows)


RICH = BOOKS_ONLY + """formulas:
  age: today().year - year
  label: if(rating > 8, "top", "ok") + " " + file.name.lower()
properties:
  note.rating:
    displayName: Rating
summaries:
  top: values.filter(value > 8).length
views:
  - type: cards
    name: Shelf
    image: formula.label
    groupBy:
      property: author
      direction: DESC
    sort:
      - property: formula.age
        direction: ASC
    summaries:
      rating: top
      year: Average
    limit: 3
  - type: table
    filters:
      or:
        - genre.containsAny("sf", "classic")
        - not: [read]
"""


def test_no_python_error_escapes_from_damaged_bases() -> None:
    """Bases cut, doubled and scrambled at random still give a result and diagnostics."""
    import random
    rng = random.Random(7)
    assert run(RICH).diagnostics == []
    for _ in range(300):
        chars = list(RICH)
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(chars))
            action = rng.choice(("cut", "copy", "swap"))
            if action == "cut":
                del chars[i: i + rng.randint(1, 8)]
            elif action == "copy":
                chars[i:i] = chars[rng.randrange(len(chars))][:1] * rng.randint(1, 3)
            else:
                j = rng.randrange(len(chars))
                chars[i], chars[j] = chars[j], chars[i]
        result = run("".join(chars))
        for diagnostic in result.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.col >= 1


def test_uses_this_tells_when_one_run_serves_every_embed() -> None:
    assert not parse_base(RICH, "Books.base").uses_this
    assert parse_base("views:\n  - type: table\n    filters: file.hasLink(this.file)\n", "B").uses_this
    assert parse_base("formulas:\n  mine: list(author).contains(this)\n", "B").uses_this
    assert not parse_base("formulas:\n  x: note.this\n", "B").uses_this  # a property named this


def test_each_view_lists_its_own_notices_and_the_shared_ones() -> None:
    result = run(BOOKS_ONLY + """formulas:
  bad: year.lower()
views:
  - type: table
    name: One
    order: [formula.bad]
  - type: table
    name: Two
    order: [formula.bad]
    filters: random() > 1
""")
    one, two = result.views
    assert [(d.line, d.code) for d in one.notices] == [(3, "base-error")]
    assert [(d.line, d.code) for d in two.notices] == [(3, "base-error"), (11, "base-unsupported")]
