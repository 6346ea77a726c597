"""Where a link is written: its column on the source line and the words of its paragraph around it.

Both are computed per paragraph once, so a paragraph of 100,000 links costs one pass over it,
not one pass per link (issue #9: many links in one paragraph).
"""

from __future__ import annotations

import bisect
import re
from typing import Sequence

from markdown_it.token import Token

from .text import inline_text

CONTEXT_CHARS = 280
_WORD = re.compile(r"\S+")  # over the paragraph's plain text, not over Markdown


class Columns:
    """1-based column of the nth occurrence of a link's raw text on its source line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # (line, raw) → (occurrences passed, where the last one starts): links come in order,
        # so the search for the next one goes on from there.
        self._seen: dict[tuple[int, str], tuple[int, int]] = {}

    def column(self, line_idx: int, raw: str, nth: int, fallback: int = 1) -> int:
        source = self.lines[line_idx] if 0 <= line_idx < len(self.lines) else ""
        if raw not in source and "|" in raw:
            raw = raw.replace("|", "\\|")  # a table cell's `\|` reaches the inline parser as `|`
        passed, start = self._seen.get((line_idx, raw), (-1, -1))
        if passed > nth:
            passed, start = -1, -1
        while passed < nth:
            start = source.find(raw, start + 1)
            if start < 0:
                return fallback
            passed += 1
        self._seen[(line_idx, raw)] = (passed, start)
        return start + 1


class Paragraph:
    """A paragraph's plain text with its whitespace collapsed, and where each inline child starts in it."""

    def __init__(self, children: Sequence[Token] | None) -> None:
        self._children = children
        self._starts: dict[int, int] | None = None  # built on the first link: most paragraphs have none

    def _build(self) -> None:
        children, self._starts = self._children, {}  # id(child) → offset in the raw plain text
        pieces, at = [], 0
        for child in children or ():
            self._starts[id(child)] = at
            piece = inline_text([child])
            pieces.append(piece)
            at += len(piece)
        raw = "".join(pieces)
        words = [(m.start(), m.group()) for m in _WORD.finditer(raw)]
        self._word_starts = [start for start, _ in words]
        self._flat_starts, flat = [], 0
        for _, word in words:
            self._flat_starts.append(flat)
            flat += len(word) + 1
        self.text = " ".join(word for _, word in words)

    def context(self, child: Token) -> str:
        """The paragraph, cut to CONTEXT_CHARS around where `child` is written; "" when a short
        paragraph says nothing but the link's own text (a list of links, a "Source" line)."""
        if self._starts is None:
            self._build()
        text = self.text
        if len(text) <= CONTEXT_CHARS:  # short: the check costs a bounded scan per link
            return text if adds_words(text, child.content) else ""
        raw_at = self._starts.get(id(child), 0)
        word = bisect.bisect_right(self._word_starts, raw_at) - 1
        at = self._flat_starts[word] if word >= 0 else 0
        start = max(0, min(at - CONTEXT_CHARS // 2, len(text) - CONTEXT_CHARS))
        cut = text[start : start + CONTEXT_CHARS]
        return ("…" if start else "") + cut.strip() + ("…" if start + CONTEXT_CHARS < len(text) else "")


def adds_words(text: str, label: str) -> bool:
    """Whether `text` holds a word besides one occurrence of `label` (case and punctuation aside)."""
    folded, label = text.casefold(), " ".join(label.split()).casefold()
    at = folded.find(label) if label else -1
    rest = folded if at < 0 else folded[:at] + " " + folded[at + len(label):]
    return any(ch.isalnum() for ch in rest)
