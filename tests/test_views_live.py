"""Watch mode with bases and canvases: after each edit the served site equals a fresh full build."""

from __future__ import annotations

import json

import pytest

from test_live import apply_and_compare, live_site

BASE = ("filters: 'file.hasTag(\"book\")'\nviews:\n  - type: table\n    name: All\n"
        "    order: [file.name, rating, file.size]\n    sort:\n      - property: rating\n        direction: DESC\n")
BOARD = {"nodes": [{"id": "a", "type": "file", "file": "Dune.md", "x": 0, "y": 0, "width": 200, "height": 100},
                   {"id": "b", "type": "text", "text": "See [[Solaris]]", "x": 300, "y": 0, "width": 200,
                    "height": 100}],
         "edges": [{"id": "e", "fromNode": "a", "toNode": "b"}]}
START = {
    "index.md": "![[Books.base]]\n\n![[Plan.canvas]]\n",
    "Dune.md": "---\ntags: [book]\nrating: 9\n---\nDesert.\n",
    "Solaris.md": "---\ntags: [book]\nrating: 8\n---\nOcean.\n",
    "Author.md": "```base\nfilters: 'rating > 8'\nviews:\n  - type: list\n    name: Top\n```\n",
    "Books.base": BASE,
    "Plan.canvas": json.dumps(BOARD),
}
STEPS = [
    ("change a property a base sorts by", [("Solaris.md", "---\ntags: [book]\nrating: 10\n---\nOcean.\n")]),
    ("edit a body a board shows", [("Dune.md", "---\ntags: [book]\nrating: 9\n---\nSpice.\n")]),
    ("retitle a listed note", [("Dune.md", "---\ntitle: Dune (1965)\ntags: [book]\nrating: 9\n---\nSpice.\n")]),
    ("add a book", [("Zazie.md", "---\ntags: [book]\nrating: 11\n---\nMetro.\n")]),
    ("untag a book", [("Zazie.md", "---\nrating: 11\n---\nMetro.\n")]),
    ("edit the base", [("Books.base", BASE.replace("DESC", "ASC"))]),
    ("edit the board", [("Plan.canvas", json.dumps({**BOARD, "edges": []}))]),
    ("relink a text card", [("Plan.canvas", json.dumps({**BOARD, "nodes": [BOARD["nodes"][0], {
        **BOARD["nodes"][1], "text": "See [[Author]]"}]}))]),
    ("break the board", [("Plan.canvas", "{")]),
    ("delete a book", [("Solaris.md", None)]),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    return live_site(tmp_path_factory, "views-live", START)


@pytest.mark.parametrize("name,ops", STEPS, ids=[s[0] for s in STEPS])
def test_incremental_equals_full_build(live, name, ops):
    apply_and_compare(live, STEPS.index((name, ops)), ops)
