"""The repository's own knowledge base (issue: vault/): size, tags, links, sources, reachability."""

from __future__ import annotations

import os
import posixpath
import re
from html.parser import HTMLParser
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


# ---- Prose: length of the notes, nothing pasted from the source documents

WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")


class _BodyText(HTMLParser):
    """The words a reader sees in a note's body, without embedded notes and the «Источник» section."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <div class="note-body">
        self.embed_at = None  # depth of the embed being skipped
        self.done = False
        self.heading = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        cls = dict(attrs).get("class") or ""
        if not self.depth:
            if tag == "div" and cls == "note-body":
                self.depth = 1
            return
        if tag == "div":
            self.depth += 1
            if self.embed_at is None and "embed" in cls.split():
                self.embed_at = self.depth
        if tag == "h2" and dict(attrs).get("id") == "источник":
            self.done = True

    def handle_endtag(self, tag):
        if self.depth and tag == "div" and not self.done:
            if self.embed_at == self.depth:
                self.embed_at = None
            self.depth -= 1
            if not self.depth:
                self.done = True

    def handle_data(self, data):
        if self.depth and not self.done and self.embed_at is None:
            self.parts.append(data)


def body_words(out: Path, url: str) -> int:
    reader = _BodyText()
    reader.feed((out / unquote(url) / "index.html").read_text(encoding="utf-8"))
    return len(WORD.findall(" ".join(reader.parts)))


def test_no_thin_notes_and_a_home_page_that_explains_the_field(built):
    """Below 40 words a note only names its subject; a glossary entry may be that short."""
    result, out = built
    notes = result.model.notes
    glossary = {t for t in result.model.graph.outlinks("Документы/Глоссарий современных форм работы.md")
                if "тип/формат" in notes[t].meta.tags}
    assert len(glossary) == 10
    thin = {src: n for src, note in notes.items() if src not in glossary
            and (n := body_words(out, note.url)) < 40}
    assert thin == {}
    assert body_words(out, notes["index.md"].url) >= 250


def test_tags_are_hierarchical_with_one_type_each(built):
    result, _ = built
    flat = {src: t for src, note in result.model.notes.items() for t in note.meta.tags if "/" not in t}
    assert flat == {}
    types = {src: [t for t in note.meta.tags if t.startswith("тип/")] for src, note in result.model.notes.items()}
    assert {src: ts for src, ts in types.items() if len(ts) != 1} == {}


def _seeds() -> Path | None:
    """The source documents live next to the repository, not in it: `shared/seeds/` beside a parent
    folder, or wherever SITEGEN_SEEDS points."""
    if os.environ.get("SITEGEN_SEEDS"):
        return Path(os.environ["SITEGEN_SEEDS"])
    for folder in VAULT.resolve().parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


QUOTED = re.compile(r"«[^«»\n]*»|„[^„”\n]*”|\"[^\"\n]*\"")  # a quotation is marked as one
WIKILINK = re.compile(r"!?\[\[[^\]]*\]\]")  # a link's text names a note: a name, not prose
RUN = 8  # words in a row shared with a source make a pasted phrase


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ё", "е"))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_nothing_is_pasted_from_the_sources():
    seeds = _seeds()
    if seeds is None or not seeds.is_dir():
        pytest.skip("the source documents (shared/seeds/) are not on this machine")
    source_runs = set().union(*(_runs(_words(p.read_text(encoding="utf-8"))) for p in sorted(seeds.iterdir())))
    assert source_runs
    pasted = {}
    for path in sorted(VAULT.rglob("*.md")):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        text = QUOTED.sub(" ¶ ", WIKILINK.sub(" ¶ ", text))
        shared = [" ".join(run) for run in _runs(_words(text)) if run in source_runs]
        if shared:
            pasted[path.relative_to(VAULT).as_posix()] = sorted(shared)[:3]
    assert pasted == {}
