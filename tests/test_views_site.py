"""Bases and canvases published: pages, embeds, ```base blocks, graph edges, backlinks, diagnostics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build, write_vault

BOOKS = Path(__file__).parent / "vaults" / "books"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    out = tmp_path_factory.mktemp("books") / "site"
    return build(BOOKS, out), out


def page(out: Path, url: str) -> str:
    text = (out / url / "index.html").read_text(encoding="utf-8")
    return text[text.index("<main"):text.index("</main>")]


def views(html: str) -> list[str]:
    return re.findall(r'<section class="base-view [^"]*" aria-label="([^"]+)"', html)


def first_column(html: str, view: str) -> list[str]:
    section = html.split(f'aria-label="{view}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<tr><td><a [^>]*>([^<]+)</a>", section)


def test_a_base_file_is_a_page_with_all_its_views(books):
    _, out = books
    html = page(out, "bases/books.base")
    assert views(html) == ["All books", "Favourites", "By genre", "Shelf", "Broken", "Calendar"]
    # sorted by rating (descending), ties by name; "not rated" is text and is not a number
    assert first_column(html, "All books")[1:] == ["Dune", "Solaris", "Children of Dune", "Ëmile"]
    assert '<a class="internal" href="../../books/dune/">Dune</a>' in html
    assert '<a class="tag" href="../../tags/sf/">#sf</a>' in html       # tags link to tag pages
    assert "<td>2 March 2025</td>" in html                               # dates in the site language
    assert '<ul class="base-chips"><li>sf</li><li>philosophy</li></ul>' in html  # lists as chips
    assert '<span class="base-summary-name">Average</span> 7.75' in html
    assert '<img src="../../files/images/dune.svg"' in html               # the cards' image property
    assert (out / "files/images/dune.svg").exists()


def test_nested_or_not_filters_collation_and_summaries(books):
    _, out = books
    html = page(out, "bases/books.base")
    shelf = html.split('aria-label="Shelf"', 1)[1].split("</section>", 1)[0]
    # read, or not rated 7 or more; by name in the site's collation (Ë with E, not after Z)
    assert re.findall(r'<tr><td><a [^>]*>([^<]+)</a>', shelf) == ["Children of Dune", "Dune", "Ëmile", "Zazie"]
    summaries = dict(re.findall(r'<span class="base-summary-name">(\w+)</span> ([^<]+)<', shelf))
    assert summaries == {"Filled": "4", "Min": "1762", "Max": "9", "Earliest": "2 March 2025"}


def test_unsupported_parts_show_a_notice_and_the_rest(books):
    result, out = books
    html = page(out, "bases/books.base")
    broken = html.split('aria-label="Broken"', 1)[1].split("</section>", 1)[0]
    assert "frobnicate" in broken and "(58:21)" in broken
    assert len(first_column(broken, "Broken")) == 5  # the filter it cannot run is left out
    codes = {(d.file, d.line, d.col, d.code) for d in result.diagnostics}
    assert ("Bases/Books.base", 58, 21, "base-unsupported") in codes
    assert ("Bases/Books.base", 60, 11, "base-unsupported") in codes   # the calendar layout


def test_embeds_show_the_first_or_the_named_view(books):
    _, out = books
    html = page(out, "")
    assert views(html) == ["All books", "Favourites"]
    favourites = html.split('aria-label="Favourites"', 1)[1].split("</section>", 1)[0]
    assert "Dune" in favourites and "Solaris" in favourites and "Zazie" not in favourites


def test_a_base_block_renders_in_place_with_this_the_note(books):
    _, out = books
    html = page(out, "authors/frank-herbert")
    assert views(html) == ["By this author"]
    assert re.findall(r'<p class="base-entry-title"><a [^>]*>([^<]+)</a>', html) == \
        ["Dune", "Children of Dune"]  # his books only, by year
    assert "```" not in html and "filters:" not in html


def test_bases_and_canvases_are_graph_nodes_with_edges(books):
    _, out = books
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    ids = {n["id"] for n in graph["nodes"]}
    assert {"Bases/Books.base", "Reading plan.canvas"} <= ids
    links = {(l["source"], l["target"], l["kind"]) for l in graph["links"]}
    assert ("Bases/Books.base", "Books/Zazie", "base") in links
    assert ("index", "Books/Solaris", "base") in links               # the embedding note
    assert ("Authors/Frank Herbert", "Books/Dune", "base") in links   # a ```base block
    assert ("Authors/Frank Herbert", "Books/Solaris", "base") not in links
    assert ("Reading plan.canvas", "Books/Dune", "canvas") in links
    assert ("Reading plan.canvas", "Books/Solaris", "canvas") in links  # a wikilink in a text card
    backlinks = page(out, "books/dune").split('id="backlinks-title"', 1)[1]
    for title in ("Books", "Frank Herbert", "Reading log", "Reading plan"):
        assert f">{title}</a>" in backlinks


def test_links_in_text_cards_are_canvas_edges_and_backlinks(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "index.md": "Home\n", "Wiki.md": "w\n", "Markdown note.md": "m\n", "Shown.md": "s\n", "Alone.md": "a\n",
        "Board.canvas": json.dumps({"nodes": [
            {"id": "t", "type": "text", "x": 0, "y": 0, "width": 200, "height": 100,
             "text": "See [[Wiki]], [this](Markdown%20note.md) and ![[Shown]]; [[Nowhere]] is not written."}]}),
    })
    build(vault, tmp_path / "site")
    graph = json.loads((tmp_path / "site" / "graph.json").read_text(encoding="utf-8"))
    edges = {(l["source"], l["target"]) for l in graph["links"] if l["kind"] == "canvas"}
    assert edges == {("Board.canvas", "Wiki"), ("Board.canvas", "Markdown note"), ("Board.canvas", "Shown")}
    for url in ("wiki", "markdown-note", "shown"):
        backlinks = page(tmp_path / "site", url).split('id="backlinks-title"', 1)[1]
        assert ">Board</a>" in backlinks, url
    assert ">Board</a>" not in page(tmp_path / "site", "alone").split('id="backlinks-title"', 1)[1]


def test_file_cards_with_a_subpath_show_only_that_section_or_block(tmp_path):
    card = {"type": "file", "file": "Long.md", "y": 0, "width": 300, "height": 200}
    vault = write_vault(tmp_path / "v", {
        "index.md": "Home\n",
        "Long.md": "Intro.\n\n## Part A\n\nAlpha.\n\n### Deeper\n\nDeep.\n\n## Part B\n\nBeta. ^blk\n\nAfter.\n",
        "Board.canvas": '{"nodes": [\n' + ",\n".join(json.dumps(n) for n in [  # a node per line
            {**card, "id": "a", "subpath": "#Part A", "x": 0}, {**card, "id": "b", "subpath": "#^blk", "x": 400},
            {**card, "id": "c", "subpath": "#Gone", "x": 800},
            {"id": "t", "type": "text", "x": 0, "y": 300, "width": 300, "height": 100,
             "text": "Back to [[Long#Part B|part B]]; [[Nowhere]]."}]) + "]}",
    })
    result = build(vault, tmp_path / "site")
    html = page(tmp_path / "site", "board.canvas")
    cards = dict(re.findall(r'<li class="canvas-node canvas-[a-z]+" id="canvas-\w+-(\d)"[^>]*>(.*?)</li>', html, re.S))
    assert "Alpha." in cards["1"] and "Deep." in cards["1"] and "Intro." not in cards["1"] and "Beta." not in cards["1"]
    assert "Beta." in cards["2"] and "Alpha." not in cards["2"] and "After." not in cards["2"]
    assert "Gone" in cards["3"] and "Alpha." not in cards["3"]  # a lost heading: a notice, not the whole note
    assert '<a class="internal" href="../long/#part-b">part B</a>' in cards["4"]
    found = {(d.file, d.line, d.code) for d in result.diagnostics}
    assert ("Board.canvas", 4, "missing-heading") in found and ("Board.canvas", 5, "broken-link") in found


def test_a_canvas_is_a_page_with_every_kind_of_card(books):
    _, out = books
    html = page(out, "reading-plan.canvas")
    assert '<a class="internal" href="../books/solaris/">Solaris</a>' in html   # wikilink in a text card
    assert 'data-callout="tip"' in html and "<math" in html                     # callout and math
    assert 'class="embed embed-note" data-embed-src="books/dune/"' in html      # a note card
    assert '<img src="../files/images/dune.svg"' in html                         # an image card
    assert '<object class="canvas-pdf" data="../files/images/plan.pdf"' in html  # a PDF card
    assert "Contact with a mind" in html and "Two films" not in html          # a card of one section
    assert 'href="https://en.wikipedia.org/wiki/Solaris_(novel)"' in html        # a link card
    assert '<p class="canvas-group-label">Next up</p>' in html
    assert html.count('<g class="canvas-edge') == 3 and ">then</span>" in html
    assert "canvas-color-4" in html and "--canvas-color:#c0392b" in html
    # the reading-order fallback names each edge's target in words
    assert '→ <a href="#canvas-' in html and "↔" in html


def test_canvas_links_and_embeds(books):
    _, out = books
    home = page(out, "")
    assert '<a class="internal" href="reading-plan.canvas/">Reading plan</a>' in home
    assert 'class="embed embed-canvas"' in home and 'id="canvas-preview-' in home
    ids = re.findall(r' id="([^"]+)"', home)
    assert len(ids) == len(set(ids))


def test_bad_files_are_reported_at_their_position_and_the_rest_builds(books):
    result, out = books
    found = {(d.file, d.line, d.col, d.code) for d in result.diagnostics}
    assert ("Bases/Bad.base", 4, 4, "bad-base") in found
    assert ("Broken.canvas", 4, 1, "bad-canvas") in found
    assert ("Reading plan.canvas", 11, 5, "canvas-unsupported") in found
    assert (out / "broken.canvas/index.html").exists() and (out / "bases/bad.base/index.html").exists()


def test_today_follows_source_date_epoch(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", {
        "index.md": "---\nyear: 2000\n---\n```base\nformulas:\n  age: today().year - year\n"
                "views:\n  - type: table\n    order: [file.name, formula.age]\n```\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    build(vault, tmp_path / "one")
    assert "<td>25</td>" in page(tmp_path / "one", "")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(vault, tmp_path / "two")  # no note date either: the epoch, never the wall clock
    assert "<td>-30</td>" in page(tmp_path / "two", "")


def test_a_board_showing_a_note_that_embeds_the_board_stops(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "index.md": "![[Board.canvas]]\n",
        "Board.canvas": json.dumps({"nodes": [{"id": "a", "type": "file", "file": "index.md",
                                               "x": 0, "y": 0, "width": 100, "height": 100}]}),
    })
    build(vault, tmp_path / "site")
    html = page(tmp_path / "site", "board.canvas")
    assert "embed-cycle" in html


def test_types_json_types_base_values(tmp_path):
    vault = write_vault(tmp_path / "v", {
        ".obsidian/types.json": '{"types": {"rating": "number"}}',
        "a.md": "---\nrating: '10'\n---\n", "b.md": "---\nrating: '9'\n---\n",
        "index.md": "```base\nfilters: 'rating > 5'\nviews:\n  - type: table\n    name: T\n    order: [file.name]\n"
                    "    sort:\n      - property: rating\n        direction: DESC\n```\n"})
    build(vault, tmp_path / "site")
    # declared numbers: 10 before 9 (as text, "9" would come first)
    assert first_column(page(tmp_path / "site", ""), "T") == ["a", "b"]


def test_search_documents_hold_base_cells_and_canvas_text(books):
    from sitegen.emit.writer import extra_search_documents
    result, _ = books
    docs = {d.url: d for d in extra_search_documents(result.model)}
    base = docs["bases/books.base/"]
    assert base.title == "Books" and "Favourites" in base.headings
    assert "Stanisław Lem" in base.text and "Raymond Queneau" in base.text
    board = docs["reading-plan.canvas/"]
    assert "Next up" in board.headings and "then" in board.text
    # the cards' text as a reader sees it: link labels, no markup; a card's heading is a heading
    assert "Read Solaris first" in board.text and "[[" not in board.text and "Later: Ëmile" in board.text
    assert "Start here" in board.headings and "## Start" not in board.text


def test_bases_in_the_template_folder_are_published_but_templates_are_not(tmp_path):
    vault = write_vault(tmp_path / "v", {
        ".obsidian/templates.json": '{"folder": "Templates"}',
        "Templates/Book.md": "---\ncategories: []\n---\n",
        "Templates/Bases/Books.base": "views:\n  - type: table\n    name: All\n",
        "index.md": "![[Books.base]]\n",
    })
    result = build(vault, tmp_path / "site")
    assert not [d for d in result.diagnostics if d.code == "broken-link"]
    assert (tmp_path / "site/templates/bases/books.base/index.html").exists()
    assert not (tmp_path / "site/templates/book").exists()
    assert 'class="embed embed-base"' in page(tmp_path / "site", "")
