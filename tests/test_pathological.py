"""Pathological shapes parse right: every link, tag and bracket where it is written.
(How long they take is measured in benchmarks/pathological.py, not here.)"""

from __future__ import annotations

from sitegen.syntax.markdown import parse_note


def test_many_links_in_one_paragraph_keep_their_columns() -> None:
    text = " ".join(f"[[t{i % 7}]]" for i in range(2_000)) + "\n\n[[t1]] [a](t2.md) [[t1]]"
    links = parse_note(text, 1).facts.links
    assert len(links) == 2_003
    assert [(l.target, l.col) for l in links[:3]] == [("t0", 1), ("t1", 8), ("t2", 15)]
    last = 2_000 - 1
    assert (links[last].target, links[last].col) == (f"t{last % 7}", 1 + 7 * last)
    assert [(l.target, l.line, l.col) for l in links[-3:]] == [("t1", 3, 1), ("t2.md", 3, 8), ("t1", 3, 19)]


def test_distinct_links_on_one_line_keep_their_columns() -> None:
    # Each link is found where the previous one of its line left off, not by a search from
    # the line's start (quadratic: 100,000 distinct links took 28 s).
    text = " ".join(f"[[d{i}]]" for i in range(5_000))
    links = parse_note(text, 1).facts.links
    assert [l.col for l in links] == [text.index(f"[[d{i}]] ") + 1 if i < 4_999 else text.rindex("[[d4999]]") + 1
                                      for i in range(5_000)]


def test_columns_in_quotes_lists_tables_and_after_code_spans() -> None:
    text = ("> a [[x]] b [[x]]\n\n- item [[y]] `[[y]]` [[y]]\n\n| h | h |\n|---|---|\n"
            "| [[z\\|a]] [[w]] | w |\n")
    found = [(l.target, l.line, l.col) for l in parse_note(text, 1).facts.links]
    assert found == [("x", 1, 5), ("x", 1, 13), ("y", 3, 8), ("y", 3, 22), ("z", 7, 3), ("w", 7, 12)]


def test_many_tags_are_all_found() -> None:
    facts = parse_note(" ".join(f"#тег{i}" for i in range(20_000)), 1).facts
    assert len(set(facts.tags)) == 20_000 and "тег19999" in facts.tags


def test_a_long_run_of_open_brackets_is_text_and_a_later_link_still_works() -> None:
    parsed = parse_note("[" * 20_000 + " [[Цель]] [x](y.md)\n\n[[Другая]]", 1)
    assert [(l.target, l.line) for l in parsed.facts.links] == [("Цель", 1), ("y.md", 1), ("Другая", 3)]
    assert [l.col for l in parsed.facts.links[:2]] == [20_002, 20_011]


def test_a_10000_column_table_has_every_cell() -> None:
    n = 10_000
    text = "|" + "|".join(f"к{i}" for i in range(n)) + "|\n|" + "---|" * n + "\n|" + "|".join(map(str, range(n))) + "|\n"
    from sitegen.syntax.markdown import make_md

    html = make_md().render(text)
    assert html.count("<th>") == n and html.count("<td>") == n and "<td>9999</td>" in html


def test_each_link_of_a_long_paragraph_has_the_words_around_itself() -> None:
    text = "[[Цель]] начало " + "слово " * 300 + "[[Другая]] конец абзаца"
    first, second = parse_note(text, 1).facts.links
    assert "начало" in first.context and "конец абзаца" not in first.context
    assert "конец абзаца" in second.context and "начало" not in second.context
    assert second.col == len(text) - len("[[Другая]] конец абзаца") + 1


def test_a_backlink_shows_the_first_link_that_says_something(site) -> None:
    # Only the first context of each target is kept (a backlink shows no other), so a note
    # linking one note 100,000 times cuts one context; one that says nothing is passed over.
    many = " ".join(["[[b]]"] * 5_000)
    _, out = site({"a.md": "- [[b]]\n\nпервый абзац [[b]] со словами\n\n" + many + "\n\nпоследний [[b]] абзац",
                   "b.md": "Цель."})
    page = (out / "b" / "index.html").read_text(encoding="utf-8")
    assert "первый абзац" in page and "последний" not in page


def test_the_same_link_in_two_cells_of_a_row_is_reported_at_each_cell(site) -> None:
    # Each cell is its own inline block: its copies of a text are counted from the cell
    # before it, not from the line's start (both were reported at the first cell's column).
    row = "| [[gone]] | [[gone]] | x `[[gone]]` [[gone]] |"
    result, _ = site({"a.md": "| h | h | h |\n|---|---|---|\n" + row + "\n| [[q\\|a]] | [[q\\|a]] | |\n"},
                     check_links=False)
    found = sorted((d.line, d.col) for d in result.diagnostics if d.code == "broken-link")
    third = row.rindex("[[gone]]") + 1
    assert found == [(3, 3), (3, 14), (3, third), (4, 3), (4, 14)]


def test_the_collector_is_paused_only_while_a_note_parses_or_renders() -> None:
    import gc

    from sitegen.syntax.markdown import render_blocks

    parsed = parse_note("#тег [[Цель]] " * 100, 1)
    assert gc.isenabled()
    render_blocks(parsed, lambda target, markdown=False: None, lambda tag: "#")
    assert gc.isenabled()
    gc.disable()  # a caller that paused it (live/state.py) keeps it paused
    try:
        parse_note("x", 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
