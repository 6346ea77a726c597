"""related_notes ranks notes by shared tags, links and two-hop links, as the table says."""

from __future__ import annotations

import re

import pytest

from sitegen.views.related import CROWD, related_notes

# A small vault: a links to b, b links to c and d, e shares tag t with a, f shares t and u with a.
TAGS = {"a": ["t", "u"], "e": ["t"], "f": ["t", "u"], "g": ["v"]}
LINKS = [("a", "b"), ("b", "c"), ("b", "d"), ("c", "a"), ("g", "h")]


def members(tags):
    out = {}
    for note, keys in tags.items():
        for key in keys:
            out.setdefault(key, []).append(note)
    return out


def neighbours_of(links):
    table = {}
    for u, v in links:
        table.setdefault(u, set()).add(v)
        table.setdefault(v, set()).add(u)
    return lambda note: sorted(table.get(note, ()))


@pytest.mark.parametrize("src, exclude, limit, expected", [
    # f shares two tags (4); b and c are linked (2) and one hop from each other (+1); e one tag (2); d two hops (1).
    ("a", (), 5, ["f", "b", "c", "e", "d"]),
    ("a", ("c",), 5, ["f", "b", "e", "d"]),  # what the page already shows is left out
    ("a", (), 2, ["f", "b"]),
    ("e", (), 5, ["a", "f"]),  # tags only; ties by path
    ("d", (), 5, ["b", "a", "c"]),  # links only: b directly, a and c through b
    ("g", (), 5, ["h"]),  # its tag v is its own alone
    ("x", (), 5, []),  # a note with neither tags nor links
])
def test_ranking_table(src, exclude, limit, expected):
    assert related_notes(src, TAGS, members(TAGS), neighbours_of(LINKS), exclude, limit) == expected


def test_a_tag_everyone_has_counts_for_nothing():
    crowd = {f"n{i:04}": ["common"] for i in range(CROWD + 1)}
    tags = {**crowd, "a": ["common", "rare"], "z": ["rare"]}
    assert related_notes("a", tags, members(tags), neighbours_of([])) == ["z"]


def test_a_hub_linked_with_everything_gives_no_two_hop_relations():
    links = [("hub", f"n{i:04}") for i in range(CROWD + 1)] + [("a", "hub")]
    assert related_notes("a", {}, {}, neighbours_of(links)) == ["hub"]


def test_the_block_shows_only_on_notes_with_few_backlinks(tmp_path):
    from pathlib import Path

    from sitegen.config import load_config
    from sitegen.site import build_site

    vault = Path(__file__).parent.parent / "vault"
    build_site(vault, tmp_path, load_config(vault, {"search": False, "cache": False, "jobs": 1}))
    pages = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("index.html")]
    notes = [p for p in pages if 'class="page-note"' in p]
    shown = [p for p in notes if 'class="related"' in p]
    assert shown, "no note of the vault has related notes"
    for page in notes:
        found = re.search(r'id="backlinks-title">[^<]*(?:<span class="count">(\d+)</span>)?</h2>', page)
        count = int(found.group(1) or 0)
        assert ('class="related"' in page) <= (count < 5), count
    # The busiest note of the vault (49 backlinks) has none.
    busiest = next(p for p in notes if "<title>Положение о наставничестве" in p)
    assert 'class="related"' not in busiest
