"""Heading ids that keep Cyrillic, h1–h6; repeats get `-1`, `-2`; the same slug serves `[[Note#Heading]]`."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..collect.slugs import unique_heading_ids
from .text import inline_text


def _heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    opens = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    # Ids come from the plain text only, so `# <img onerror=…>` cannot reach an attribute raw.
    texts = [inline_text(tokens[i + 1].children).strip() for i in opens]
    headings = []
    for i, text, ident in zip(opens, texts, unique_heading_ids(texts)):
        tokens[i].attrSet("id", ident)
        headings.append((int(tokens[i].tag[1]), text, ident, tokens[i].map[0] if tokens[i].map else 0))
    state.env["headings"] = headings


def headings_plugin(md: MarkdownIt) -> None:
    # After "inline": the text of a heading is known only once its inline tokens exist.
    md.core.ruler.after("inline", "heading_ids", _heading_ids)
