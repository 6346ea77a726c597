"""Markdown links and images into the vault: `[t](Note)`, `[t](<Моя заметка.md#Раздел>)`, `![alt|250](img.png)`.

Every relative destination is a vault path, resolved by the same rules as wikilinks
(`.md` optional, percent-encoding and `<…>` allowed) and counted as a link (backlinks,
graph). One that matches nothing renders as an unresolved wikilink does, so the site
never holds a dead relative URL. Images take Obsidian's sizes after `|` in the alt text,
for vault files and URLs alike.
"""

from __future__ import annotations

from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import image, link
from markdown_it.token import Token

from ..collect.links import is_external
from .embeds import image_size
from .text import with_offset
from .wikilinks import default_label, render_unresolved


def _mark_local_links(state: StateCore) -> None:
    for block in state.tokens:
        for tok in block.children or ():
            attr = "href" if tok.type == "link_open" else "src" if tok.type == "image" else None
            if attr is None:
                continue
            dest = str(tok.attrGet(attr) or "")
            if not is_external(dest):
                tok.meta = dict(tok.meta or {}, local=dest, markdown=True)


def _resolved(tok, env) -> dict | None:
    resolve = env.get("resolve_link")
    return resolve(unquote(tok.meta["local"]), markdown=True) if resolve else None


def _render_link_open(self, tokens, idx, options, env) -> str:
    tok = tokens[idx]
    if tok.meta and "local" in tok.meta:
        found = _resolved(tok, env)
        if found is None:  # exactly what an unresolved wikilink renders, so no dead href
            return (f'<a class="internal unresolved" '
                    f'data-target="{escapeHtml(unquote(tok.meta["local"]))}">')
        tok = tok.copy()
        tok.attrSet("href", found["href"])
        tok.attrSet("class", "internal")
    return self.renderToken([tok], 0, options, env)


def _wrap_image(default):
    def render_image(self, tokens, idx, options, env) -> str:
        tok = tokens[idx].copy()
        alt, width, height = image_size(self.renderInlineAsText(tok.children or [], options, env))
        if tok.meta and "local" in tok.meta:
            target = unquote(tok.meta["local"])
            found = _resolved(tok, env)
            if found is None:
                return render_unresolved(alt or default_label(target), target)
            tok.attrSet("src", found["href"])
        if width:
            tok.children = [Token("text", "", 0, content=alt)]
            tok.attrSet("width", width)
            if height:
                tok.attrSet("height", height)
        return default([tok], 0, options, env)
    return render_image


def _closable(rule):
    """markdown-it's link rule scans to the end for the `]` of every `[`: with no `]` left
    (`[` × 200,000) that is quadratic, so say no at once; the next `]` is remembered."""

    def guarded(state, silent: bool) -> bool:
        seen = state.env.get("_next_bracket")
        pos = state.pos
        if seen is not None and seen[0] is state.src and seen[1] <= pos and (seen[2] < 0 or seen[2] >= pos):
            close = seen[2]
        else:
            close = state.src.find("]", pos)
            state.env["_next_bracket"] = (state.src, pos, close)
        return close >= 0 and rule(state, silent)

    return guarded


def mdlinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("link", _closable(with_offset(link, "link_open")))
    md.inline.ruler.at("image", _closable(with_offset(image, "image")))
    # After "inline" (link tokens exist) and before rendering, which resolves them.
    md.core.ruler.after("inline", "local_links", _mark_local_links)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _wrap_image(md.renderer.rules["image"]))
