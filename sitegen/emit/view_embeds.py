"""Bases and canvases inside notes: `![[X.base]]`, `![[X.base#View]]`, ```base blocks, `![[Board.canvas]]`."""

from __future__ import annotations

import re

from markupsafe import escape

from ..collect.model import Link, Model, href_of
from ..syntax import EMBED_CLOSE, EMBED_OPEN
from ..syntax.baseblocks import BASE_PREFIX
from ..views.evaluation import BLOCK
from .bases_html import render_base, writer_for

BASE_PLACEHOLDER = re.compile(EMBED_OPEN + re.escape(BASE_PREFIX) + r"(\d+)" + EMBED_CLOSE)


def _view_name(link: Link) -> str | None:
    """`X.base#Reading now` → `Reading now`; None for the first view."""
    _, _, name = link.fact.target.partition("#")
    return name.strip() or None


def view_embed(model: Model, link: Link, host: str, strings: dict, canvas_preview) -> str:
    """The HTML of an embed whose target is a base or a canvas."""
    doc = model.views[link.target]
    href = escape(href_of(model, link))
    title = (f'<div class="embed-title"><a class="internal" href="{href}">'
             f"{escape(doc.title)}</a></div>\n")
    if doc.kind == "canvas":
        inner = canvas_preview(link.target)
        return f'<div class="embed embed-canvas">\n{title}<div class="embed-content">{inner}</div>\n</div>\n'
    result = model.view_facts.results.get((host, link.target)) if model.view_facts else None
    if result is None:
        inner = f'<p class="base-empty">{escape(strings["base_empty"])}</p>'
    else:
        inner = render_base(writer_for(model), result, strings, _view_name(link))
    return f'<div class="embed embed-base">\n{title}<div class="embed-content">{inner}</div>\n</div>\n'


def expand_base_blocks(model: Model, html: str, src: str, strings: dict) -> str:
    """Fill the placeholders of a note's ```base blocks with their first view."""
    if EMBED_OPEN not in html:
        return html

    def block(match: re.Match) -> str:
        key = f"{src}{BLOCK}{match.group(1)}"
        result = model.view_facts.results.get((src, key)) if model.view_facts else None
        if result is None:
            return ""
        return render_base(writer_for(model), result, strings)
    return BASE_PLACEHOLDER.sub(block, html)
