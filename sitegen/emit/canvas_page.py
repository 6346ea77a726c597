"""A canvas as page HTML: text cards as our Markdown, file cards as note embeds, images or PDFs, link cards."""

from __future__ import annotations

import hashlib
import posixpath

from markupsafe import escape

from ..collect.model import Link, Model, href_of
from ..collect.slugs import encode_href
from ..syntax import ROOT
from ..syntax.headings import drop_anchors
from ..syntax.markdown import LinkFact, parse_note, render_blocks
from ..syntax.tags import tag_key
from ..views.canvas import Node
from ..views.canvas_html import render_canvas
from ..views.canvas_layout import layout_canvas

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp")
PAGE_WIDTH = 760.0     # the content column the board is scaled to
PREVIEW_WIDTH = 600.0  # `![[Board.canvas]]` in a note


class CanvasRenderer:
    """Renders boards for one build; `embedder` expands note embeds with its cycle rules."""

    def __init__(self, model: Model, embedder, strings: dict):
        self.model, self.embedder, self.strings = model, embedder, strings
        self._active: set[str] = set()   # boards being rendered: a board shown inside itself stops
        self._memo: dict[tuple[str, bool], str] = {}

    def page(self, src: str) -> str:
        return self._board(src, PAGE_WIDTH, "canvas")

    def preview(self, src: str) -> str:
        return self._board(src, PREVIEW_WIDTH, "canvas-preview")

    def _board(self, src: str, width: float, prefix: str) -> str:
        doc = self.model.views.get(src)
        if doc is None or doc.canvas is None:
            return ""
        key = (src, prefix == "canvas")
        if key in self._memo:
            return self._memo[key]
        if src in self._active:
            notice = self.strings["embed_cycle"].format(title=doc.title)
            return f'<div class="embed embed-cycle" role="note">{escape(notice)}</div>'
        self._active.add(src)
        try:
            digest = hashlib.sha1(src.encode("utf-8")).hexdigest()[:6]
            html = render_canvas(
                doc.canvas, layout_canvas(doc.canvas, width), id_prefix=f"{prefix}-{digest}",
                render_text=lambda text, node: self._text(src, node),
                render_file=lambda node: self._file(src, node),
                resolve_url=lambda path: self._href(path),
                label=self.strings["canvas_cards"].format(title=doc.title))
        finally:
            self._active.discard(src)
        self._memo[key] = html
        return html

    def _href(self, path: str) -> str | None:
        model = self.model
        if path in model.notes or path in model.views or path in model.files:
            return ROOT + encode_href(model.url_of(path))
        return None

    def _link_href(self, link: Link) -> str | None:
        """Where a card's link goes: the note (at its heading or block), board or published file."""
        return href_of(self.model, link) if link.target and self._href(link.target) else None

    def _text(self, src: str, node: Node) -> str:
        """A text card: parsed and rendered like a note body, its links resolved from the board
        (in the collect phase: sitegen.collect.canvas_cards)."""
        model = self.model
        parsed = parse_note(node.text, 1, model.config.language, tuple(model.config.iframe_hosts))
        links = model.views[src].links.get(node.id, ())
        table = {(l.fact.target, l.fact.markdown): self._link_href(l) for l in links}

        def resolve_link(target: str, markdown: bool = False) -> dict | None:
            href = table.get((target, markdown))
            return None if href is None else {"href": href}

        def tag_href(tag: str) -> str:
            found = model.tags.get(tag_key(tag))
            return ROOT + encode_href(found.url) if found else "#"

        body = render_blocks(parsed, resolve_link, tag_href, model.config.language,
                             model.config.trust_html, model.config.line_breaks,
                             tuple(model.config.iframe_hosts))
        embeds = {l.fact.index: l for l in links if l.fact.kind == "embed" and l.fact.index >= 0}
        html = body.html
        for index, link in sorted(embeds.items()):
            embedded, _ = self.embedder._embed(link, src, ((src, ""),))
            html = html.replace(f"\ue002{index}\ue003", embedded)
        # A card's heading ids would repeat when the board is shown twice (page and preview).
        return drop_anchors(html).replace(' id="', ' data-card-id="')

    def _file(self, src: str, node: Node) -> str:
        """A file card: the note's embed (only its `#Heading` or `#^block` when the card names
        one), an image, a PDF, or a link to the file."""
        model = self.model
        link = (model.views[src].links.get(node.id) or (Link(LinkFact(node.file, "embed", 1, 1), None),))[0]
        path = link.target
        name = posixpath.basename(node.file)
        if path is None:
            return (f'<p class="canvas-missing"><span class="internal unresolved">{escape(name)}</span> — '
                    f'{escape(self.strings["embed_missing"])}</p>')
        href = self._href(path)
        if path in model.notes or path in model.views:
            embedded, _ = self.embedder._embed(link, src, ((src, ""),))
            return embedded
        suffix = posixpath.splitext(path)[1].lower()
        if suffix in IMAGES and href:
            return f'<img src="{escape(href)}" alt="{escape(name)}" loading="lazy">'
        if suffix == ".pdf" and href:
            return (f'<object class="canvas-pdf" data="{escape(href)}" type="application/pdf" '
                    f'aria-label="{escape(name)}"><a href="{escape(href)}">{escape(name)}</a></object>')
        if href:
            return f'<a class="internal" href="{escape(href)}">{escape(name)}</a>'
        return f"<span>{escape(name)}</span>"
