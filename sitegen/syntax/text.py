"""Plain text of inline tokens (heading ids, backlink context) and where an inline token starts."""

from __future__ import annotations

from typing import Sequence

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_TEXT_TYPES = {"text", "code_inline", "math_inline", "math_inline_double"}


def inline_text(children: Sequence[Token] | None) -> str:
    """What a reader sees of these inline tokens, without markup."""
    out = []
    for tok in children or ():
        if tok.type in _TEXT_TYPES:
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type in ("wikilink", "tag"):
            out.append(tok.content)
        elif tok.type == "image":
            out.append(inline_text(tok.children))
    return "".join(out)


def locate(src: str, pos: int, raw: str) -> dict:
    """Where `raw` starts inside inline content: newlines before it, and which
    occurrence of `raw` it is on its line. sitegen.markdown turns this into the
    file's line and column, which the inline parser itself never sees."""
    # Counted on from the previous call on the same text, so a paragraph of 100,000 links
    # costs one pass, not one pass per link (calls come in increasing `pos`).
    memo = _LOCATE
    if memo.get("src") is not src or pos < memo["pos"]:
        memo.clear()
        memo.update(src=src, pos=0, nl=0, line_start=0, nth={})
    more = src.count("\n", memo["pos"], pos)
    if more:
        memo["nl"] += more
        memo["line_start"] = src.rfind("\n", memo["pos"], pos) + 1
        memo["nth"] = {}
    memo["pos"] = pos
    at, n = memo["nth"].get(raw, (memo["line_start"], 0))
    n += src.count(raw, at, pos)  # raw never overlaps itself: `[[…]]`, `[…](…)`, `#tag`
    memo["nth"][raw] = (pos, n)
    return {"nl": memo["nl"], "nth": n}


_LOCATE: dict = {}


def with_offset(rule, token_type: str):
    """Wrap one of markdown-it's inline rules so its token remembers where it starts (see locate)."""

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
