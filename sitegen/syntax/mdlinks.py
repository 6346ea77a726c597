"""Markdown links and images that point into the vault: `[t](Note.md)`, `[t](<Моя заметка.md>)`, `![](img.png)`.

They resolve by the same rules as wikilinks and count as links (backlinks, graph).
A destination ending in `.md` must resolve; other relative destinations are
rewritten when they name a vault file and otherwise left as written.
"""

from __future__ import annotations

from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore

from markdown_it.rules_inline import StateInline, image, link

from ..collect.links import is_external
from .text import locate


def is_note_href(href: str) -> bool:
    return unquote(href.partition("#")[0]).lower().endswith(".md")


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
        if found is not None:
            tok = tok.copy()
            tok.attrSet("href", found["href"])
            tok.attrSet("class", "internal")
        elif is_note_href(tok.meta["local"]):
            return (f'<a class="internal unresolved" '
                    f'data-target="{escapeHtml(unquote(tok.meta["local"]))}">')
    return self.renderToken([tok], 0, options, env)


def _wrap_image(default):
    def render_image(self, tokens, idx, options, env) -> str:
        tok = tokens[idx]
        if tok.meta and "local" in tok.meta:
            found = _resolved(tok, env)
            if found is not None:
                tok = tok.copy()
                tok.attrSet("src", found["href"])
                return default([tok], 0, options, env)
        return default(tokens, idx, options, env)
    return render_image


def _with_offset(rule, token_type: str):
    """Wrap markdown-it's own link or image rule to remember where the link starts."""

    def rule_with_offset(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            for tok in state.tokens[count:]:
                if tok.type == token_type:
                    raw = state.src[start:state.pos]
                    tok.meta = dict(tok.meta or {}, raw=raw, **locate(state.src, start, raw))
                    break
        return True

    return rule_with_offset


def mdlinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("link", _with_offset(link, "link_open"))
    md.inline.ruler.at("image", _with_offset(image, "image"))
    # After "inline" (link tokens exist) and before rendering, which resolves them.
    md.core.ruler.after("inline", "local_links", _mark_local_links)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _wrap_image(md.renderer.rules["image"]))
