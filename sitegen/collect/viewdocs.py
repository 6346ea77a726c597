"""`.base` and `.canvas` files: read and parsed in the collect phase, each given a page URL."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..views.bases import Base, parse_base
from ..views.canvas import Canvas, parse_canvas
from .canvas_cards import CardFacts, canvas_links, card_facts
from .filetimes import file_stats
from .slugs import page_url, path_slug, unique_slugs
from .vault import read_regular

VIEW_SUFFIXES = {".base": "base", ".canvas": "canvas"}
MAX_VIEW_BYTES = 4 * 1024 * 1024


def view_kind(src: str) -> str:
    """"base", "canvas", or "" for any other file."""
    return VIEW_SUFFIXES.get(posixpath.splitext(src)[1].lower(), "")


@dataclass
class ViewDoc:
    """One `.base` or `.canvas` file published as a page of its own."""

    src: str
    kind: str                       # base or canvas
    url: str
    base: Base | None = None
    canvas: Canvas | None = None
    cards: dict[str, CardFacts] = field(default_factory=dict)  # canvas text cards by node id
    links: dict[str, tuple] = field(default_factory=dict)  # canvas node id → its resolved model.Links
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The graph id: the vault path as it is (the suffix tells it from a note)."""
        return self.src

    @property
    def title(self) -> str:
        return posixpath.splitext(posixpath.basename(self.src))[0]


def _read_text(src: str, path: Path) -> tuple[str | None, list[Diagnostic]]:
    try:
        data = read_regular(path)
    except OSError as exc:
        return None, [Diagnostic(src, 1, 1, "bad-encoding", f"cannot read the file: {exc.strerror}")]
    if len(data) > MAX_VIEW_BYTES:
        return None, [Diagnostic(src, 1, 1, "file-too-large",
                                 f"{len(data)} bytes, over the {MAX_VIEW_BYTES}-byte limit; skipped")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Diagnostic(src, 1, 1, "bad-encoding",
                                 f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_view_docs(attachments: dict[str, Path], taken: set[str],
                   ascii: bool = False) -> dict[str, ViewDoc]:
    """Every `.base`/`.canvas` among the scanned files, parsed, with a URL that no note
    page (`taken`, casefolded URLs) already has: `Books.base` → `books.base/`."""
    srcs = sorted(s for s in attachments if view_kind(s))
    wanted = {s: path_slug(s, ascii)[0] for s in srcs}
    slugs = unique_slugs(wanted, {t.rstrip("/") for t in taken})
    docs: dict[str, ViewDoc] = {}
    for src in srcs:
        kind = view_kind(src)
        doc = ViewDoc(src, kind, page_url(slugs[src]))
        text, doc.diagnostics = _read_text(src, attachments[src])
        if text is not None:
            if kind == "base":
                doc.base = parse_base(text, src)
                doc.diagnostics += doc.base.diagnostics
            else:
                doc.canvas = parse_canvas(text, src)
                doc.diagnostics += doc.canvas.diagnostics
        docs[src] = doc
    return docs


def with_views(model, docs: dict[str, ViewDoc], files=None):
    """The model with its bases and canvases: pages instead of copied files, their facts
    evaluated (sitegen.views.evaluation), and the attachments canvas cards show published.
    `files` (the scan's VaultFiles) gives `file.size` and the file times; only read when a base exists."""
    from ..views.evaluation import evaluate_views
    from .urls import attachment_urls
    model.views = docs
    used = {s for s in model.files if s not in docs}
    for doc in docs.values():
        if doc.canvas is not None:
            doc.links, problems = canvas_links(model, doc)
            doc.diagnostics += problems
            used |= {l.target for links in doc.links.values() for l in links
                     if l.target in model.attachments and l.target not in docs}
            used |= {n.background for n in doc.canvas.nodes
                     if n.type == "group" and n.background in model.attachments}
    if used != set(model.files):
        model.files = attachment_urls(sorted(used), model.config.ascii_urls, model.config.trust_html)
    stats = None
    if files is not None and _has_bases(model, docs):
        stats = file_stats(files.root, {**files.notes, **files.attachments}, model.config.git_dates)
    model.view_facts = evaluate_views(model, stats)
    return model


def _has_bases(model, docs: dict[str, ViewDoc]) -> bool:
    return any(d.base is not None for d in docs.values()) \
        or any(n.facts.base_blocks for n in model.notes.values())


def view_docs_of(model, paths: dict[str, Path]) -> dict[str, ViewDoc]:
    """read_view_docs for a collected model: URLs clear of every note page."""
    taken = {n.url.casefold() for n in model.notes.values()}
    taken |= {page_url(s).casefold() for s in model.plan.folders.values()}
    docs = read_view_docs(paths, taken, model.config.ascii_urls)
    for doc in docs.values():
        if doc.canvas is not None:
            doc.cards = card_facts(doc.canvas, model.config.language, tuple(model.config.iframe_hosts))
    return docs
