"""Callouts: `> [!warning]- Optional *title*` makes the blockquote a titled box, foldable with `+`/`-`.

The type is case-insensitive; aliases map to Obsidian's 13 types for styling (`[!hint]`
is styled as `tip`, titled "Hint") and any other type is kept (lower-cased) for the theme.
A foldable callout is `<details>`/`<summary>`, so it folds without JavaScript.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ALIASES = {
    "note": "note", "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info", "todo": "todo", "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success",
    "question": "question", "help": "question", "faq": "question",
    "warning": "warning", "caution": "warning", "attention": "warning",
    "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger", "bug": "bug", "example": "example",
    "quote": "quote", "cite": "quote",
}
# `[!type]`, then an optional fold sign, then the title: the rest of the first line.
# The type is anything up to `]` without spaces, so `[!my-type]` and `[!заметка]` work.
_HEADER = re.compile(r"\[!([^\]\s]+)\]([+-]?)(.*)")


def default_title(written: str) -> str:
    """The title Obsidian shows when none is written, untranslated: the type as written with
    its first letter capitalised, not its alias target (`[!hint]` → "Hint", `[!заметка]` → "Заметка")."""
    return written[:1].upper() + written[1:]


def _header(tokens: list[Token], i: int):
    """(written type, fold sign, title, rest of the first paragraph) or None."""
    if i + 4 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return None
    first, _, rest = tokens[i + 2].content.partition("\n")
    match = _HEADER.match(first)
    if match is None:
        return None
    return match.group(1), match.group(2), match.group(3).strip(), rest


def _make_callout(tok: Token, kind: str, fold: str) -> None:
    """Turn a blockquote_open into callout_open in place, keeping its attributes:
    block ids set `id` on this very token later, and it may carry others already."""
    own = {k: v for k, v in tok.attrs.items() if k not in ("class", "data-callout")}
    css = "callout is-collapsible" if fold else "callout"
    if tok.attrs.get("class"):
        css += f" {tok.attrs['class']}"
    tok.attrs = {"class": css, "data-callout": kind, **own}
    tok.type, tok.tag = "callout_open", "details" if fold else "div"
    tok.meta = dict(tok.meta or {}, callout=kind, fold=fold)


def _rewrite_callouts(state: StateCore) -> None:
    tokens = state.tokens
    out: list[Token] = []
    # One entry per open blockquote: None for a plain quote, else (has body, tag).
    open_quotes: list[tuple[bool, str] | None] = []
    # Each body wrapper adds one nesting level to everything inside it.
    extra = 0

    def new(kind: str, tag: str, nesting: int, level: int, map_=None) -> Token:
        token = Token(kind, tag, nesting, level=level, map=map_, block=True)
        out.append(token)
        return token

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        tok.level += extra
        if tok.type == "blockquote_close":
            entry = open_quotes.pop()
            if entry is not None:
                has_body, tag = entry
                if has_body:
                    extra -= 1
                    tok.level -= 1
                    new("callout_content_close", "div", -1, tok.level + 1)
                tok.type, tok.tag = "callout_close", tag
            out.append(tok)
            i += 1
            continue
        header = _header(tokens, i) if tok.type == "blockquote_open" else None
        if header is None:
            if tok.type == "blockquote_open":
                open_quotes.append(None)
            out.append(tok)
            i += 1
            continue

        written, fold, title, rest = header
        para_open, inline, para_close = tokens[i + 1 : i + 4]
        _make_callout(tok, ALIASES.get(written.lower(), written.lower()), fold)
        out.append(tok)

        first = para_open.map[0] if para_open.map else None
        line_map = [first, first + 1] if first is not None else None
        title_tag = "summary" if fold else "div"
        opener = new("callout_title_open", title_tag, 1, tok.level + 1, line_map)
        if title:
            new("inline", "", 0, tok.level + 2, line_map).content = title
        else:
            opener.meta = {"default": default_title(written)}
        new("callout_title_close", title_tag, -1, tok.level + 1)

        has_body = bool(rest.strip()) or tokens[i + 4].type != "blockquote_close"
        open_quotes.append((has_body, tok.tag))
        if has_body:
            new("callout_content_open", "div", 1, tok.level + 1)
            extra += 1
        if rest.strip():
            # The first paragraph minus its first line stays a paragraph of the body.
            inline.content = rest
            for part in (para_open, inline, para_close):
                part.level += extra
                if part.map:
                    part.map = [part.map[0] + 1, part.map[1]]
                out.append(part)
        i += 4
    state.tokens[:] = out


def _render_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    opened = " open" if token.meta.get("fold") == "+" else ""
    return f"<{token.tag}{self.renderAttrs(token)}{opened}>\n"


def _render_title_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    default = escapeHtml((token.meta or {}).get("default", ""))
    return (f'<{token.tag} class="callout-title"><span class="callout-icon" aria-hidden="true"></span>'
            f'<span class="callout-title-inner">{default}')


def _render_title_close(self, tokens, idx, options, env) -> str:
    return f"</span></{tokens[idx].tag}>\n"


def _render_content_open(self, tokens, idx, options, env) -> str:
    return '<div class="callout-content">\n'


def _render_close(self, tokens, idx, options, env) -> str:
    return f"</{tokens[idx].tag}>\n"


def callouts_plugin(md: MarkdownIt) -> None:
    # Right after "block": the blockquotes exist but their text is not parsed yet,
    # so the title can be cut out and parsed as inline Markdown of its own.
    # blockids_plugin must run later, to put `^id` on the rewritten callout_open.
    md.core.ruler.after("block", "callouts", _rewrite_callouts)
    md.add_render_rule("callout_open", _render_open)
    md.add_render_rule("callout_close", _render_close)
    md.add_render_rule("callout_title_open", _render_title_open)
    md.add_render_rule("callout_title_close", _render_title_close)
    md.add_render_rule("callout_content_open", _render_content_open)
    md.add_render_rule("callout_content_close", _render_close)
