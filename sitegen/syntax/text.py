"""Plain text of inline tokens (heading ids, backlink context) and where an inline token starts."""

from __future__ import annotations

from typing import Sequence

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# The inline tokens whose content is what a reader sees.
OWN_TEXT = frozenset(("text", "code_inline", "math_inline", "math_inline_double", "wikilink", "tag"))


def inline_text(children: Sequence[Token] | None) -> str:
    """What a reader sees of these inline tokens, without markup."""
    out = []
    for tok in children or ():
        if tok.type in OWN_TEXT:
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "image":
            out.append(inline_text(tok.children))
    return "".join(out)


class _Place:
    """Where the previous `locate` call on one inline text left off (calls come in increasing
    `pos`), so a paragraph of 100,000 links costs one pass, not one pass per link."""

    __slots__ = ("src", "pos", "nl", "line_start")

    def __init__(self, src: str) -> None:
        self.src, self.pos, self.nl, self.line_start = src, 0, 0, 0


_PLACE = _Place("")


def locate(src: str, pos: int) -> dict:
    """Where a token starts inside inline content `src`, as token meta: "nl" newlines before
    it, "at" its offset in its line, and "pos"/"src" so that `occurrence` can tell, when
    needed, which copy of its text on that line it is. sitegen.markdown turns this into the
    file's line and column, which the inline parser itself never sees."""
    global _PLACE
    memo = _PLACE
    if memo.src is not src or pos < memo.pos:
        memo = _PLACE = _Place(src)
    if memo.pos != pos:
        more = src.count("\n", memo.pos, pos)
        if more:
            memo.nl += more
            memo.line_start = src.rfind("\n", memo.pos, pos) + 1
        memo.pos = pos
    return {"nl": memo.nl, "at": pos - memo.line_start, "pos": pos, "src": src}


def occurrence(meta: dict, raw: str) -> int:
    """How many copies of `raw` come before the token on its line of inline content (asked
    only for the first link of a line: a count per link would make a line of 100,000
    distinct links quadratic)."""
    src, pos = meta.get("src"), meta.get("pos", 0)
    if src is None:
        return 0
    return src.count(raw, pos - meta.get("at", 0), pos)  # raw never overlaps itself


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
                    tok.meta = dict(tok.meta or {}, raw=raw, **locate(state.src, start))
                    break
        return True

    return rule_with_offset
