"""The repository's own knowledge base (issue: vault/): size, tags, links, sources, reachability."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from conftest import build

VAULT = Path(__file__).parent.parent / "vault"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("vault-site") / "site"
    return build(VAULT, out, jobs=0), out


def test_at_least_fifty_notes_all_tagged(built):
    result, _ = built
    notes = result.model.notes
    assert len(notes) >= 50
    untagged = [src for src, note in notes.items() if not note.meta.tags]
    assert untagged == []


def test_every_note_links_to_two_other_notes(built):
    result, _ = built
    model = result.model
    few = {src: model.graph.outlinks(src) for src in model.notes if len(model.graph.outlinks(src)) < 2}
    assert few == {}


def test_every_note_names_its_source_document(built):
    result, _ = built
    model = result.model
    missing = [src for src in model.notes
               if not src.startswith("Документы/") and src != "index.md"
               and not any(t.startswith("Документы/") for t in model.graph.outlinks(src))]
    assert missing == []


def test_builds_clean_with_strict(built):
    result, _ = built
    assert [d.format() for d in result.diagnostics if d.severity in ("error", "warning")] == []


def test_abbreviations_are_aliases_and_seed_links_resolve(built):
    result, _ = built
    aliases = {a for note in result.model.notes.values() for a in note.meta.aliases}
    assert {"ЧХТТ", "РИП", "ЦМН"} <= aliases
    seed = next(s for s in result.model.notes if s.endswith("Образовательные инициативы.md"))
    targets = {posixpath.basename(t)[:-3] for t in result.model.graph.outlinks(seed)}
    assert {"Сообщество", "Карьера", "Социальная ответственность", "Репутация"} <= targets


def test_every_note_is_within_three_clicks_of_home(built):
    """Follow the links of the built pages themselves, as a reader would."""
    result, out = built
    href = re.compile(r'<a [^>]*href="([^"#]*)(?:#[^"]*)?"')
    start = "/"
    seen = {start: 0}
    frontier = [start]
    for depth in range(1, 4):
        nxt = []
        for url in frontier:
            file = out / unquote(url).lstrip("/") / "index.html"
            if not file.exists():
                continue
            for link in href.findall(file.read_text(encoding="utf-8")):
                if not link or "://" in link:
                    continue
                target = unquote(urljoin(url, link))
                if target.endswith("/") and target not in seen:
                    seen[target] = depth
                    nxt.append(target)
        frontier = nxt
    note_urls = {"/" + n.url for n in result.model.notes.values()}
    assert note_urls - set(seen) == set()


def test_vault_uses_what_editors_use(built):
    result, out = built
    links = [l for ls in result.model.links.values() for l in ls]
    assert sum(1 for l in links if l.fact.kind == "link" and l.anchor and not l.anchor.startswith("^")) >= 5
    assert sum(1 for l in links if l.fact.kind == "embed" and l.anchor.startswith("^")) >= 1
    assert sum(1 for l in links if l.fact.kind == "embed" and l.anchor and not l.anchor.startswith("^")) >= 1
    html = "".join(p.read_text(encoding="utf-8") for p in out.rglob("index.html"))
    for marker in ('class="callout"', "<table", 'class="task-list-item"', '<details class="callout'):
        assert marker in html, marker
    polish = next(n for n in result.model.notes.values() if n.meta.lang == "pl")
    assert "Mazowiecka" in polish.title
