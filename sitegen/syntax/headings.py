"""Heading ids that keep Cyrillic, h1–h6; repeats get `-1`, `-2`; the same slug serves `[[Note#Heading]]`.

Each heading ends with a `#` link to itself, so a reader can copy the section's address
without JavaScript; the theme shows it on hover and focus.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..collect.slugs import heading_slug, unique_heading_ids
from ..i18n import strings
from .text import inline_text

ANCHOR_CLASS = "heading-anchor"
_ANCHOR = re.compile(r'<a class="heading-anchor" href="[^"]*" aria-label="[^"]*"></a>')


def _heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    opens = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    # Ids come from the plain text only, so `# <img onerror=…>` cannot reach an attribute raw.
    texts = [inline_text(tokens[i + 1].children).strip() for i in opens]
    headings = []
    for i, text, ident in zip(opens, texts, unique_heading_ids(texts)):
        tokens[i].attrSet("id", ident)
        # Obsidian matches `[[#…]]` against the heading as written, its link brackets and pipes
        # turned to spaces: `## [[Note|Shown]] text` is reached by `#Note Shown text` too.
        written = tokens[i + 1].content.strip()
        source = written if heading_slug(written) != heading_slug(text) else ""
        headings.append((int(tokens[i].tag[1]), text, ident, tokens[i].map[0] if tokens[i].map else 0, source))
    state.env["headings"] = headings


def anchor_html(ident: str, language: str) -> str:
    """The self-link at the end of a heading. Its `#` is drawn by CSS with empty alternative
    text, so the heading's accessible name gains only the short label, never a stray `#`."""
    label = strings(language)["heading_link"]
    href = "#" + ident.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<a class="{ANCHOR_CLASS}" href="{href}" aria-label="{label}"></a>'


def drop_anchors(html: str) -> str:
    """Rendered HTML without the headings' self-links: for copies of a body whose ids are
    renamed (embeds, canvas cards), where `#id` would point at nothing or at another heading."""
    return _ANCHOR.sub("", html)


def headings_plugin(md: MarkdownIt, language: str = "ru") -> None:
    # After "inline": the text of a heading is known only once its inline tokens exist.
    md.core.ruler.after("inline", "heading_ids", _heading_ids)

    def heading_close(self, tokens, idx, options, env):
        opener = next((tokens[i] for i in range(idx - 1, -1, -1) if tokens[i].type == "heading_open"), None)
        ident = opener.attrGet("id") if opener is not None else None
        anchor = anchor_html(ident, language) if isinstance(ident, str) and ident else ""
        return f"{anchor}</{tokens[idx].tag}>\n"

    md.add_render_rule("heading_close", heading_close)
