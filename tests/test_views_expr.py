"""The Bases expression language as a table: tests/fixtures/views/expressions.txt holds
(expression, expected value) pairs, evaluated for one note of the small vault below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from sitegen.i18n import collation_key
from sitegen.views.dates import from_python
from sitegen.views.evaluate import Environment, Scope, compile_expression
from sitegen.views.expr import ExprError, parse, tokenize
from sitegen.views.values import FileRecord, Link, describe

FIXTURE = Path(__file__).parent / "fixtures" / "views" / "expressions.txt"
CLOCK = dt.datetime(2025, 6, 1, 12, 0)
NAMES = {"Frank Herbert": "People/Frank Herbert.md", "Dune": "Books/Dune.md",
         "Books": "Books.md", "Reading list": "Reading list.md", "cover.jpg": "img/cover.jpg"}


def resolve(target: str, from_path: str) -> str | None:
    return NAMES.get(target)


def link(target: str) -> Link:
    return Link(target, NAMES.get(target))


DUNE = FileRecord(
    "Books/Dune.md", size=2048, ctime=dt.datetime(2025, 1, 10, 9), mtime=dt.datetime(2025, 5, 21, 8),
    tags=("book", "sf/classic"), links=(link("Frank Herbert"), link("Arrakis")),
    embeds=(link("cover.jpg"),), backlinks=(Link("Reading list.md", "Reading list.md"),),
    properties={
        "rating": 8, "pages": 412, "price": 9.5, "read": True, "author": link("Frank Herbert"),
        "genre": ["sf", "classic"], "started": from_python(dt.date(2025, 5, 1)),
        "finished": from_python(dt.datetime(2025, 5, 20, 18, 30)), "tags": ["book", "sf"],
        "blank": "", "nothing": None, "series": {"name": "Dune Chronicles", "n": 1},
        "categories": [link("Books")], "Status": "reading", "title": "Dune",
    })
READING_LIST = FileRecord("Reading list.md", links=(link("Dune"),), properties={
    "related": [link("Dune")], "topics": ["sf", "fantasy"], "goal": 12})
FILES = [DUNE, READING_LIST, FileRecord("Books.md"), FileRecord("img/cover.jpg", size=50_000),
         FileRecord("People/Frank Herbert.md", properties={"born": 1920})]
FORMULAS = {"double": "rating * 2", "loop": "formula.loop + 1"}


def environment() -> Environment:
    env = Environment(clock=CLOCK, collate=lambda text: collation_key(text, "ru"), resolve=resolve,
                      files={f.path: f for f in FILES}, language="ru", this=READING_LIST,
                      source_path="Books.base")
    env.formulas = {name: compile_expression(source) for name, source in FORMULAS.items()}
    return env


def outcome(source: str) -> str:
    """The value in describe() form, or `error <code> @<offset>`."""
    try:
        return describe(compile_expression(source)(Scope(environment(), DUNE)))
    except ExprError as error:
        return f"error {error.code} @{error.pos}"


CASES = [pytest.param(text.strip(), expected.strip(), id=f"{line}:{title}")
         for line, title, text, expected in read_fixture_file(FIXTURE)]


def test_the_table_is_large_and_covers_errors() -> None:
    assert len(CASES) >= 80
    codes = {case.values[1].split()[1] for case in CASES if case.values[1].startswith("error ")}
    assert codes == {"bad-base", "base-unsupported", "base-error"}


@pytest.mark.parametrize("source,expected", CASES)
def test_expression(source: str, expected: str) -> None:
    assert outcome(source) == expected


def test_every_method_and_global_has_a_row() -> None:
    """A method or function added without a row in the table fails here."""
    from sitegen.views.evaluate import GLOBALS
    from sitegen.views.methods import ALL_METHODS
    text = FIXTURE.read_text()
    missing = [name for name in sorted(ALL_METHODS | set(GLOBALS)) if f"{name}(" not in text]
    assert missing == []


def test_parse_keeps_offsets() -> None:
    node = parse('note.price * 2 > limit')
    assert (node.op, node.pos) == (">", 15)
    assert (node.left.op, node.left.pos) == ("*", 11)
    assert node.left.left.pos == 5  # the `price` after the dot


def test_regex_or_division_by_what_precedes() -> None:
    kinds = [t.kind for t in tokenize("a / b")]
    assert kinds == ["name", "op", "name", "end"]
    assert [t.kind for t in tokenize('x.replace(/a/g, "b")')][4] == "regex"


def test_clock_is_the_only_now() -> None:
    """`now()` and `today()` read the clock given, never the machine's."""
    env = environment()
    env.clock = dt.datetime(1999, 12, 31, 23, 59)
    assert describe(compile_expression("now()")(Scope(env, DUNE))) == "date(1999-12-31 23:59:00)"
    assert describe(compile_expression("today()")(Scope(env, DUNE))) == "date(1999-12-31)"


PIECES = ['rating', 'file', '.', 'name', 'this', 'note', '"a"', "'b'", '1', '2.5', '0', '-', '+',
          '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', ':', '!', '&&', '||', '==', '<', '>=',
          'true', 'null', 'if', 'link', 'date', 'now', 'today', 'list', 'number', 'contains',
          'map', 'filter', 'reduce', 'value', 'acc', 'slice', 'format', '"1d"', '"2025-01-01"',
          'genre', 'started', 'author', 'asFile', 'formula', 'loop', 'double', '/x/g', 'repeat',
          'split', 'round', 'toFixed', 'days', 'years', 'hasTag', 'unique', 'sort', '"YYYY"']


def test_no_python_error_escapes_from_random_expressions() -> None:
    """Any text at all: a value, or an ExprError with an offset inside the text."""
    import random
    rng = random.Random(12)
    for _ in range(3000):
        source = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 9)))
        source = source.replace(" . ", ".").replace(" (", "(")
        try:
            describe(compile_expression(source)(Scope(environment(), DUNE)))
        except ExprError as error:
            assert 0 <= error.pos <= len(source), source
    deep = "(" * 5000 + "1" + ")" * 5000
    assert outcome(deep) == "error bad-base @0"
    assert outcome('"ab".repeat(10000000)').startswith("error base-error")
    assert outcome('date("9999-12-31") + "1d"') == "error base-error @19"
