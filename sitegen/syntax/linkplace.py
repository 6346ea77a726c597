"""Where a link is written: its column on the source line and the words of its paragraph around it.

Both are computed per paragraph once, so a paragraph of 100,000 links costs one pass over it,
not one pass per link (issue #9: many links in one paragraph).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import Sequence

from markdown_it.token import Token

from .text import OWN_TEXT, inline_text, occurrence

# About two lines of the sentence around a link: enough to tell why it links, and short, since a
# much-linked note carries one context per backlink (they were half of such a page at 280).
CONTEXT_CHARS = 180
_WORD = re.compile(r"\S+")  # over the paragraph's plain text, not over Markdown


class Columns:
    """1-based column of a link's raw text on its source line.

    A link knows its offset in its line of inline content; the source line holds the same
    text after a prefix (indentation, `> `, a list marker) of fixed length for one block's
    line. So once one link of a block's line is found, the next is checked at the same
    shift, in constant time; only the first (or one after a table cell's `\\|`, which reaches
    the inline parser as `|`) is looked for as the nth occurrence of its text on the line,
    counted from where the blocks before it on that line (a table row's cells) left off.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # (line, raw, begin) → (occurrences passed, where the last one starts): links come in order,
        # so the search for the next one goes on from there.
        self._seen: dict[tuple[int, str, int], tuple[int, int]] = {}
        self._shift: dict[tuple[int, int], int] = {}  # (line, block) → source column - inline offset
        # A row's cells are blocks of one line: a cell's links come after every link of the
        # cells before it, so its nth copy of a text is counted from there, not from the line's start.
        self._reach: dict[int, int] = {}  # line → end of the last link found on it
        self._begin: dict[tuple[int, int], int] = {}  # (line, block) → where its search starts

    def column(self, line_idx: int, raw: str, meta: dict, block: int = 0, fallback: int = 1) -> int:
        """`meta`: the token's place (text.locate); `block`: which inline block it is in."""
        source = self.lines[line_idx] if 0 <= line_idx < len(self.lines) else ""
        key, at = (line_idx, block), meta.get("at")
        if at is not None and key in self._shift:
            guess = at + self._shift[key]
            if source.startswith(raw, guess):
                self._reach[line_idx] = guess + len(raw)
                return guess + 1
        begin = self._begin.get(key)
        if begin is None:
            begin = self._begin[key] = self._reach.get(line_idx, 0)
        nth = occurrence(meta, raw)
        found = self._find(line_idx, source, raw, nth, begin)
        if found < 0 and "|" in raw:  # a table cell's `\|` reaches the inline parser as `|`
            raw = raw.replace("|", "\\|")
            found = self._find(line_idx, source, raw, nth, begin)
        if found < 0:
            return fallback
        if at is not None:
            self._shift[key] = found - at
        self._reach[line_idx] = max(self._reach.get(line_idx, 0), found + len(raw))
        return found + 1

    def _find(self, line_idx: int, source: str, raw: str, nth: int, begin: int) -> int:
        """Where the nth occurrence of `raw` from `begin` on starts on the line, or -1."""
        passed, start = self._seen.get((line_idx, raw, begin), (-1, begin - 1))
        if passed > nth:
            passed, start = -1, begin - 1
        while passed < nth:
            start = source.find(raw, start + 1)
            if start < 0:
                return -1
            passed += 1
        self._seen[(line_idx, raw, begin)] = (passed, start)
        return start


class Paragraph:
    """A paragraph's plain text with its whitespace collapsed, and where each inline child starts in it."""

    def __init__(self, children: Sequence[Token] | None) -> None:
        self._children = children
        self._starts: dict[int, int] | None = None  # built on the first link: most paragraphs have none

    def _build(self) -> None:
        self._starts = {}  # id(child) → offset in the raw plain text
        pieces, at = [], 0
        for child in self._children or ():
            self._starts[id(child)] = at
            kind = child.type
            # inline_text([child]), spelled out: this runs once per token of the paragraph.
            if kind in OWN_TEXT:
                piece = child.content
            elif kind == "softbreak" or kind == "hardbreak":
                piece = " "
            elif kind == "image":
                piece = inline_text(child.children)
            else:
                continue
            pieces.append(piece)
            at += len(piece)
        raw = "".join(pieces)
        # Each word's start in the raw text, and the collapsed text's length up to each word's
        # end: comprehensions and accumulate, as this runs over every word of a linking paragraph.
        self._word_starts = [match.start() for match in _WORD.finditer(raw)]
        words = raw.split()  # str.split's whitespace is the regex \s: the same words
        self._ends = list(accumulate(map(len, words)))
        self.text = " ".join(words)

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
        at = self._ends[word - 1] + word if word > 0 else 0  # the words before it, one space after each
        start = max(0, min(at - CONTEXT_CHARS // 2, len(text) - CONTEXT_CHARS))
        end = start + CONTEXT_CHARS
        # Whole words only: the cut moves in to the nearest spaces (words are joined by one).
        if start and text[start - 1] != " ":
            start = text.find(" ", start, at + 1) + 1 or start
        if end < len(text) and text[end] != " ":
            space = text.rfind(" ", max(start, at), end)
            end = space if space > start else end
        cut = text[start:end]
        return ("…" if start else "") + cut.strip() + ("…" if end < len(text) else "")


def adds_words(text: str, label: str) -> bool:
    """Whether `text` holds a word besides one occurrence of `label` (case and punctuation aside)."""
    folded, label = text.casefold(), " ".join(label.split()).casefold()
    at = folded.find(label) if label else -1
    rest = folded if at < 0 else folded[:at] + " " + folded[at + len(label):]
    return any(ch.isalnum() for ch in rest)
