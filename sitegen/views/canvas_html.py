"""A laid-out canvas as HTML: cards in reading order, placed on the board by CSS, edges as SVG."""

from __future__ import annotations

import html
import re
from typing import Callable
from urllib.parse import quote

from .canvas import Canvas, Color, Edge, Node
from .canvas_layout import Entry, Layout, num

RenderText = Callable[[str, Node], str]     # Markdown of a text card -> safe HTML
RenderFile = Callable[[Node], str]          # a file card (note embed, image, PDF) -> safe HTML
ResolveUrl = Callable[[str], "str | None"]  # a vault path -> its URL on the site, or None

_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_ARROWS = {("none", "arrow"): "→", ("arrow", "none"): "←", ("arrow", "arrow"): "↔",
           ("none", "none"): "—"}


def node_title(node: Node) -> str:
    """A short name for a card, for connection lists: a group's label, a file's name,
    a link's URL, a text card's first line without Markdown marks."""
    if node.type == "group":
        return node.label or "…"
    if node.type == "file":
        name = node.file.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name
    if node.type == "link":
        return node.url
    for line in node.text.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)", "", line)
        line = re.sub(r"\[\[([^\]|]*\|)?([^\]]*)\]\]", r"\2", line)
        line = re.sub(r"[*_`~=]+", "", line).strip()
        if line:
            return line if len(line) <= 60 else line[:59].rstrip() + "…"
    return "…"


def color_attrs(color: Color | None) -> tuple[str, str]:
    """(extra class, extra style) for a canvas colour."""
    if color is None:
        return "", ""
    if color.preset is not None:
        return f" canvas-color-{color.preset}", ""
    return " canvas-color-custom", f"--canvas-color:{color.hex};"


def default_link(node: Node) -> str:
    url = node.url.strip()
    text = html.escape(url)
    if not url.lower().startswith(_SAFE_SCHEMES):
        return f'<span class="canvas-url">{text}</span>'
    return f'<a class="canvas-url" href="{html.escape(url, quote=True)}">{text}</a>'


def render_canvas(canvas: Canvas, layout: Layout, *, render_text: RenderText,
                  render_file: RenderFile, render_link: Callable[[Node], str] = default_link,
                  resolve_url: ResolveUrl = lambda path: None, id_prefix: str = "canvas",
                  label: str = "") -> str:
    """The board's HTML. `id_prefix` keeps ids unique when several boards share a page."""
    if not layout.nodes:
        return f'<div class="canvas canvas-empty" aria-label="{html.escape(label)}"></div>'
    ids = {node.id: f"{id_prefix}-{i + 1}" for i, node in enumerate(canvas.nodes)}
    outgoing: dict[str, list[Edge]] = {}
    for edge in canvas.edges:
        outgoing.setdefault(edge.from_node, []).append(edge)
    by_id = {node.id: node for node in canvas.nodes}
    width, height = layout.width, layout.height
    page_w, page_h = layout.page_size

    def connections(node: Node) -> str:
        items = []
        for edge in outgoing.get(node.id, []):
            target = by_id[edge.to_node]
            arrow = _ARROWS[(edge.from_end, edge.to_end)]
            text = f": {html.escape(edge.label)}" if edge.label else ""
            items.append(f'<li>{arrow} <a href="#{ids[target.id]}">'
                         f"{html.escape(node_title(target))}</a>{text}</li>")
        return f'<ul class="canvas-links">{"".join(items)}</ul>' if items else ""

    def card(entry: Entry) -> str:
        placed = layout.nodes[entry.id]
        node = placed.node
        extra_class, style = color_attrs(node.color)
        x, y, w, h = placed.rel
        style = (f"--x:{num(x)}%;--y:{num(y)}%;--w:{num(w)}%;--h:{num(h)}%;--z:{node.index};"
                 + style)
        if node.type == "group":
            background = resolve_url(node.background) if node.background else None
            if background:
                style += f"--canvas-bg:url('{quote(background, safe='/:%#?=&.-_~')}');"
                extra_class += f" canvas-bg-{node.background_style or 'cover'}"
            label_html = (f'<p class="canvas-group-label">{html.escape(node.label)}</p>'
                          if node.label else "")
            inner = "".join(card(child) for child in entry.children)
            body = label_html + (f'<ol class="canvas-cards">{inner}</ol>' if inner else "")
        elif node.type == "text":
            body = f'<div class="canvas-card-body">{render_text(node.text, node)}</div>'
        elif node.type == "file":
            body = f'<div class="canvas-card-body">{render_file(node)}</div>'
        else:
            body = f'<div class="canvas-card-body">{render_link(node)}</div>'
        return (f'<li class="canvas-node canvas-{node.type}{extra_class}" id="{ids[node.id]}" '
                f'style="{style}">{body}{connections(node)}</li>')

    edges_svg = "".join(_edge_svg(placed) for placed in layout.edges)
    labels = "".join(
        f'<span class="canvas-edge-label" aria-hidden="true" style="--x:'
        f'{num(p.label_at[0] / width * 100)}%;--y:{num(p.label_at[1] / height * 100)}%">'
        f"{html.escape(p.edge.label)}</span>" for p in layout.edges if p.edge.label)
    cards = "".join(card(entry) for entry in layout.order)
    return (f'<div class="canvas" role="group" aria-label="{html.escape(label)}" '
            f'style="--canvas-w:{num(page_w)}px;--canvas-h:{num(page_h)}px;'
            f'--canvas-ratio:{num(width)}/{num(height)};--canvas-scale:{layout.scale:.4f}">'
            f'<svg class="canvas-edges" viewBox="0 0 {num(width)} {num(height)}" '
            f'preserveAspectRatio="none" aria-hidden="true" focusable="false">{edges_svg}</svg>'
            f'{labels}<ol class="canvas-cards">{cards}</ol></div>')


def _edge_svg(placed) -> str:
    extra_class, style = color_attrs(placed.edge.color)
    style_attr = f' style="{style}"' if style else ""
    arrows = "".join(f'<polygon points="{points}"/>' for points in placed.arrows)
    return (f'<g class="canvas-edge{extra_class}"{style_attr}><path d="{placed.path}"/>'
            f"{arrows}</g>")
