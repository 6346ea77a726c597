"""Block ids: `text ^block-id` labels its paragraph or list item; `^block-id` alone labels the block before it.

Ids use Latin letters, digits and `-` (`^цитата` stays text). The marker is not
shown; the element gets `id="^block-id"` so `[[Note#^block-id]]` can land on it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_TRAILING_ID = re.compile(r"(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$")
_ALONE = re.compile(r"^\^([A-Za-z0-9-]+)[ \t]*$")


def _opener_of(tokens, close_idx: int) -> int:
    """Index of the token that opens the block closed at `close_idx`."""
    depth = 0
    for i in range(close_idx, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_idx


def _block_ids(state: StateCore) -> None:
    tokens = state.tokens
    found: list[str] = []
    lines: dict[str, tuple[int, int]] = {}  # body lines [start, end) of each labelled block
    drop: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or i == 0 or tokens[i - 1].type != "paragraph_open":
            continue
        alone = _ALONE.match(tok.content)
        if alone:
            prev = i - 2
            if prev >= 0 and tokens[prev].nesting == -1 and tokens[prev].level == tokens[i - 1].level:
                opener = tokens[_opener_of(tokens, prev)]
                opener.attrSet("id", "^" + alone.group(1))
                found.append(alone.group(1))
                lines[alone.group(1)] = tuple(opener.map or (0, 0))
                drop.update((i - 1, i, i + 1))
            continue
        trailing = _TRAILING_ID.search(tok.content)
        if not trailing:
            continue
        tok.content = tok.content[: trailing.start()].rstrip()
        ident = trailing.group(1)
        owner = tokens[i - 1]
        # In a list item the id belongs to the item, not to its (maybe hidden) paragraph.
        if i >= 2 and tokens[i - 2].type == "list_item_open":
            owner = tokens[i - 2]
        owner.attrSet("id", "^" + ident)
        found.append(ident)
        lines[ident] = tuple(owner.map or (0, 0))
    if drop:
        state.tokens[:] = [t for j, t in enumerate(tokens) if j not in drop]
    state.env["block_ids"] = found
    state.env["block_lines"] = lines


def blockids_plugin(md: MarkdownIt) -> None:
    # Right before "inline": after callouts have rewritten blockquotes (they run
    # after "block"), and before the text is parsed, so the marker never renders.
    md.core.ruler.before("inline", "block_ids", _block_ids)
