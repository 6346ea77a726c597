"""Plain text of inline tokens, shared by headings (for ids) and backlink context."""

from __future__ import annotations

from typing import Sequence

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
    line_start = src.rfind("\n", 0, pos) + 1
    return {"nl": src.count("\n", 0, pos), "nth": src.count(raw, line_start, pos)}
