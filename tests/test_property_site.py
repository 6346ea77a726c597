"""Properties in the built site: the panel under the title, and links in property values
(resolved, diagnosed at their position, in graph.json, backlinks and the missing-notes page)."""

from __future__ import annotations

import json
import re

from conftest import codes, page

DUNE = (
    "---\n"
    "title: Dune\n"
    "tags: [sci-fi]\n"
    'author: "[[Frank Herbert]]"\n'
    "genre:\n"
    "  - '[[Science fiction]]'\n"
    "  - Adventure\n"
    "year: 1965\n"
    "rating: 9.5\n"
    "read: true\n"
    "started: 2024-03-01\n"
    "finished: 2024-03-09T21:15:00\n"
    "note: read after [[Foundation]], before [[Children of Dune|the sequel]]\n"
    "empty:\n"
    "url: https://example.org/dune\n"
    "---\n"
    "A novel.\n"
)
FILES = {
    "index.md": "Books: [[Dune]].",
    "Books/Dune.md": DUNE,
    "People/Frank Herbert.md": "An author.",
    "Genres/Science fiction.md": "A genre.",
    "Books/Foundation.md": "---\npublish: false\n---\nNot published.",
}


def panel(html: str) -> str:
    found = re.search(r'<dl class="properties">.*?</dl>', html, re.S)
    return found.group(0) if found else ""


def rows(html: str) -> list[str]:
    return re.findall(r"<dt[^>]*>(.*?)</dt>", panel(html))


def test_panel_shows_each_type_as_obsidian_does(site):
    _, out = site(FILES)
    html = panel(page(out, "books/dune/"))
    assert rows(page(out, "books/dune/")) == ["author", "genre", "year", "rating", "read", "started",
                                              "finished", "note", "url"]
    assert '<dd><a class="internal" href="../../people/frank-herbert/">Frank Herbert</a></dd>' in html
    assert ('<ul class="chips"><li class="chip"><a class="internal" href="../../genres/science-fiction/">'
            'Science fiction</a></li><li class="chip">Adventure</li></ul>') in html
    assert '<span class="number">1965</span>' in html and '<span class="number">9.5</span>' in html
    assert '<input type="checkbox" disabled checked aria-label="yes">' in html
    assert '<time datetime="2024-03-01">1 March 2024</time>' in html
    assert '<time datetime="2024-03-09T21:15:00">9 March 2024, 21:15</time>' in html
    assert '<a class="external" href="https://example.org/dune">' in html
    assert '<a class="internal unresolved" data-target="Children of Dune">the sequel</a>' in html


def test_hidden_and_shown_properties_are_configurable(site):
    _, out = site(dict(FILES, **{"sitegen.toml": 'hidden_properties = ["rating", "URL"]\n'
                                                 'show_properties = ["tags"]\n'}))
    shown = rows(page(out, "books/dune/"))
    assert "rating" not in shown and "url" not in shown and "tags" in shown and "title" not in shown
    assert '<a class="tag" href="../../tags/sci-fi/">sci-fi</a>' in panel(page(out, "books/dune/"))


def test_no_panel_without_visible_properties(site):
    _, out = site(dict(FILES, **{"sitegen.toml": 'hidden_properties = ["*"]\n'}))
    assert 'class="properties"' not in page(out, "books/dune/")
    assert 'class="properties"' not in page(out, "people/frank-herbert/")


def test_types_json_decides_the_type(site):
    files = dict(FILES, **{".obsidian/types.json": json.dumps({"types": {"year": "text", "rating": "checkbox"}})})
    result, out = site(files)
    html = panel(page(out, "books/dune/"))
    assert '<div class="property" data-type="text">\n<dt>year</dt>\n<dd>1965</dd>' in html
    assert '<span class="number">9.5</span>' in html  # not a checkbox: shown as what it is
    mismatch = [d for d in result.diagnostics if d.code == "property-type"]
    assert [(d.file, d.line, d.col, d.severity) for d in mismatch] == [("Books/Dune.md", 9, 9, "info")]


def test_property_links_are_graph_edges_with_their_key(site):
    _, out = site(FILES)
    links = json.loads((out / "graph.json").read_text())["links"]
    assert {"source": "Books/Dune", "target": "People/Frank Herbert", "kind": "property", "key": "author"} in links
    assert {"source": "Books/Dune", "target": "Genres/Science fiction", "kind": "property", "key": "genre"} in links


def test_property_links_appear_in_backlinks_with_the_key(site):
    _, out = site(FILES)
    html = page(out, "people/frank-herbert/")
    backlinks = html[html.index('class="backlinks"'):]
    assert '>Dune</a> <span class="backlink-key">author</span>' in backlinks


def test_broken_property_links_are_reported_at_their_position_and_listed_as_missing(site):
    result, out = site(FILES)
    found = [(d.file, d.line, d.col, d.code) for d in result.diagnostics]
    assert ("Books/Dune.md", 13, 41, "broken-link") in found  # [[Children of Dune|the sequel]]
    assert ("Books/Dune.md", 13, 18, "link-to-unpublished") in found  # [[Foundation]]
    missing = page(out, "missing/")
    assert "Children of Dune" in missing and ">Dune</a>" in missing


def test_property_link_to_an_attachment_publishes_the_file(site):
    result, out = site({"index.md": '---\ncover: "[[cover.png]]"\n---\nx', "cover.png": b"\x89PNG"})
    assert (out / "files" / "cover.png").exists()
    assert '<a class="internal" href="files/cover.png">cover.png</a>' in page(out, "")
    assert codes(result) == []
