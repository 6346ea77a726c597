"""Block ids: `text ^block-id` labels the block it ends; `^block-id` alone labels the block before it.

Ids use Latin letters, digits and `-` (`^цитата` stays text); the marker is never shown.
Where it may stand, and what it labels:

- the end of a paragraph's last line (after a space, or right after `]]`), or alone on
  the next line: the paragraph; in a list item, the item; the last paragraph of a quote
  or callout, the quote or callout;
- alone at the start of a line that continues a list or quote lazily (`- a` / `^id`):
  the whole top-level list, quote or callout;
- alone in a paragraph of its own after any block, with or without a blank line: that block;
- the end of a heading: the heading (its id stays the heading's slug: a link to
  `#^block-id` is sent to the heading, see sitegen.collect.model);
- the end of a callout's title line: the callout;
- the end of a table's last row, or alone on the line under it: the table.

The element gets `id="^block-id"` so `[[Note#^block-id]]` lands on it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ID = r"\^([A-Za-z0-9-]+)"
_TRAILING_ID = re.compile(r"(?:^|\s|(?<=\]\]))" + _ID + r"[ \t]*$")
_ALONE = re.compile(r"^" + _ID + r"[ \t]*$")
_ROW_END = re.compile(r"(?:^|[\s|])" + _ID + r"[ \t]*\|?[ \t]*$")
_QUOTES = ("blockquote_open", "callout_open")


def _opener_of(tokens: list[Token], close_idx: int) -> int:
    """Index of the token that opens the block closed at `close_idx`."""
    depth = 0
    for i in range(close_idx, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_idx


def _closer_of(tokens: list[Token], open_idx: int) -> int:
    depth = 0
    for i in range(open_idx, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _enclosing(tokens: list[Token], i: int) -> int | None:
    """Index of the innermost block token that contains token `i`."""
    level = tokens[i].level
    for j in range(i - 1, -1, -1):
        if tokens[j].nesting == 1 and tokens[j].level < level:
            return j
    return None


class _Labeller:
    """Walks one note's block tokens and records which block each id labels."""

    def __init__(self, state: StateCore) -> None:
        self.tokens = state.tokens
        self.src = state.src
        self._lines: list[str] | None = None
        self.found: list[str] = []
        self.lines: dict[str, tuple[int, int]] = {}  # body lines [start, end) of each labelled block
        self.drop: set[int] = set()

    def line(self, n: int) -> str:
        if self._lines is None:
            self._lines = self.src.split("\n")
        return self._lines[n] if 0 <= n < len(self._lines) else ""

    def label(self, owner: Token, ident: str) -> None:
        if ident in self.lines:
            return  # Obsidian keeps the first block with an id
        if owner.type != "heading_open":  # a heading keeps its slug as its id
            owner.attrSet("id", "^" + ident)
        self.found.append(ident)
        self.lines[ident] = tuple(owner.map or (0, 0))

    def paragraph(self, i: int) -> None:
        """tokens[i] is a paragraph's inline token."""
        tokens, tok = self.tokens, self.tokens[i]
        alone = _ALONE.match(tok.content)
        if alone:
            prev = i - 2  # the token closing the block before this paragraph
            if prev >= 0 and tokens[prev].nesting == -1 and tokens[prev].level == tokens[i - 1].level:
                self.label(tokens[_opener_of(tokens, prev)], alone.group(1))
                self.drop.update((i - 1, i, i + 1))
            return
        trailing = _TRAILING_ID.search(tok.content)
        if not trailing:
            return
        own_line = tok.content[trailing.start()] == "\n"
        tok.content = tok.content[: trailing.start()].rstrip()
        self.label(self._owner(i, lazy=own_line and self._lazy(tokens[i - 1])), trailing.group(1))

    def _lazy(self, para: Token) -> bool:
        """Whether a nested paragraph's last line is a lazy continuation at the left margin."""
        return para.level > 0 and bool(para.map) and self.line(para.map[1] - 1).startswith("^")

    def _owner(self, i: int, lazy: bool) -> Token:
        tokens = self.tokens
        if lazy:  # `- a` / `^id` or `> a` / `^id`: the id follows the whole top-level block
            top = i - 1
            while top > 0 and tokens[top].level > 0:
                top -= 1
            return tokens[top]
        para = i - 1
        parent = _enclosing(tokens, para)
        if parent is not None and tokens[parent].type == "list_item_open" and parent == para - 1:
            return tokens[parent]  # the item's first paragraph: the id is the item's
        after = i + 2  # past paragraph_close
        while after < len(tokens) and tokens[after].type == "callout_content_close":
            after += 1
        if parent is not None and after < len(tokens) and tokens[after].type in ("blockquote_close", "callout_close"):
            quote = _opener_of(tokens, after)
            if tokens[quote].type in _QUOTES:
                return tokens[quote]  # ends the quote or callout: labels all of it
        return tokens[para]

    def heading_or_title(self, i: int) -> None:
        """tokens[i] is the inline token of a heading or of a callout's title."""
        tok = self.tokens[i]
        trailing = _TRAILING_ID.search(tok.content)
        if not trailing or not tok.content[: trailing.start()].strip():
            return
        tok.content = tok.content[: trailing.start()].rstrip()
        opener = self.tokens[i - 1]
        if opener.type == "callout_title_open":
            opener = self.tokens[_enclosing(self.tokens, i - 1) or 0]
        self.label(opener, trailing.group(1))

    def table(self, start: int) -> None:
        """tokens[start] opens a table: an id may end its last row, or be that row."""
        tokens = self.tokens
        end = _closer_of(tokens, start)
        row = next((j for j in range(end, start, -1) if tokens[j].type == "tr_open"), None)
        if row is None or not tokens[row].map:
            return
        found = _ROW_END.search(self.line(tokens[row].map[0]))
        if not found:
            return
        row_end = _closer_of(tokens, row)
        cells = [t for t in tokens[row:row_end] if t.type == "inline"]
        filled = [c for c in cells if c.content.strip()]
        if len(filled) == 1 and filled[0] is cells[0] and _ALONE.match(cells[0].content):
            self.drop.update(range(row, row_end + 1))  # the row is only the id
            body = _enclosing(tokens, row)
            if body is not None and tokens[body].type == "tbody_open" and \
                    sum(t.type == "tr_open" for t in tokens[body:_closer_of(tokens, body)]) == 1:
                self.drop.update((body, _closer_of(tokens, body)))
        elif filled and _TRAILING_ID.search(filled[-1].content):
            cell = filled[-1]
            cell.content = cell.content[: _TRAILING_ID.search(cell.content).start()].rstrip()
        self.label(tokens[start], found.group(1))


def _block_ids(state: StateCore) -> None:
    work = _Labeller(state)
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            work.table(i)
        if tok.type != "inline" or i == 0 or i in work.drop:
            continue
        before = tokens[i - 1].type
        if before == "paragraph_open":
            work.paragraph(i)
        elif before in ("heading_open", "callout_title_open"):
            work.heading_or_title(i)
    if work.drop:
        state.tokens[:] = [t for j, t in enumerate(tokens) if j not in work.drop]
    state.env["block_ids"] = work.found
    state.env["block_lines"] = work.lines


def blockids_plugin(md: MarkdownIt) -> None:
    # Right before "inline": after callouts have rewritten blockquotes (they run
    # after "block"), and before the text is parsed, so the marker never renders.
    md.core.ruler.before("inline", "block_ids", _block_ids)
