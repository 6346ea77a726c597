"""A note with more broken links than anyone reads: a capped report and a capped missing page."""

from __future__ import annotations

from conftest import page
from sitegen.collect.resolving import MAX_LINK_PROBLEMS
from sitegen.emit.pages import MAX_MISSING_PER_NOTE


def test_past_the_cap_one_summary_per_code_stands_for_the_rest(site) -> None:
    extra = 250
    text = " ".join(f"[[нет{i}]]" for i in range(MAX_LINK_PROBLEMS + extra))
    text += "\n\n[[../../вне]] [[../../вне2]]\n"  # two more problems of another code, after the cap
    result, _ = site({"много.md": text, "другая.md": "[[нет1]] [[тоже нет]]"})
    mine = [d for d in result.diagnostics if d.file == "много.md"]
    assert len(mine) == MAX_LINK_PROBLEMS + 2
    summaries = [d for d in mine if "more" in d.message]
    assert [(d.code, d.line) for d in summaries] == [("broken-link", 1), ("link-outside-vault", 3)]
    assert f"{extra:,} more broken-link" in summaries[0].message
    assert "2 more link-outside-vault" in summaries[1].message
    # The summary sits at the first link it stands for; the listed ones are the first in the note.
    first_left = text.index(f"[[нет{MAX_LINK_PROBLEMS}]]") + 1
    assert summaries[0].col == first_left
    listed = [d for d in mine if d not in summaries]
    assert max(d.col for d in listed) < first_left
    # Another note's problems are its own: not capped by the first one.
    assert sorted(d.code for d in result.diagnostics if d.file == "другая.md") == ["broken-link"] * 2


def test_the_missing_page_lists_at_most_the_cap_per_note(site) -> None:
    extra = 40
    text = " ".join(f"[[нет{i}]]" for i in range(MAX_MISSING_PER_NOTE + extra)) + " [[нет0]]"
    _, out = site({"много.md": text, "другая.md": "[[нет1]] [[своё]]"})
    html = page(out, "missing/")
    assert html.count('class="unresolved-target"') == MAX_MISSING_PER_NOTE + 1  # + «своё»
    assert ">своё<" in html and f">нет{MAX_MISSING_PER_NOTE - 1}<" in html
    assert f">нет{MAX_MISSING_PER_NOTE}<" not in html
    more = html[html.index('class="missing-more"'):]
    assert f": {extra}." in more.split("</p>")[0] and "много" in more.split("</p>")[0]
    assert html.count('class="missing-more"') == 1
