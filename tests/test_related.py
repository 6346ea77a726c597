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


def test_an_index_derived_from_the_last_one_answers_as_a_fresh_one():
    """A live rebuild's model keeps every unchanged note's link list as the same object; the
    index derived from the previous one must give every note the neighbours a fresh one does."""
    from types import SimpleNamespace

    from sitegen.views.related import LinkIndex

    def link(target, kind="note"):
        return SimpleNamespace(kind=kind, target=target)

    old_links = {"a.md": [link("b.md"), link("c.md")], "b.md": [link("a.md")], "c.md": [link("d.md")],
                 "d.md": [link("x.png", "file")], "e.md": [link("a.md")]}
    old = LinkIndex(SimpleNamespace(links=old_links))
    new_links = dict(old_links)
    new_links["a.md"] = [link("d.md"), link("a.md")]  # drops b and c, links itself
    new_links["f.md"] = [link("c.md")]  # a new note
    del new_links["e.md"]  # a note gone
    derived = old.derived(SimpleNamespace(links=new_links))
    fresh = LinkIndex(SimpleNamespace(links=new_links))
    notes = sorted(set(old_links) | set(new_links))
    assert derived is not None
    assert {n: derived.neighbours(n) for n in notes} == {n: fresh.neighbours(n) for n in notes}
    assert {n: len(derived.linked_from.get(n, ())) for n in notes} == \
        {n: len(fresh.linked_from.get(n, ())) for n in notes}
    assert derived.neighbours("b.md") == {"a.md"}  # b still links to a
    assert old.neighbours("a.md") == {"b.md", "c.md", "e.md"}  # the old index still answers as it did
