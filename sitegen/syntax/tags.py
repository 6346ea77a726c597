"""Inline tags: `#tag`, `#nested/tag`, Unicode letters, digits, `_` and `-`, at least one non-digit.

A tag starts at the beginning of a line or after whitespace, so `http://x.ru/#якорь`
and `a#b` are not tags; inside code spans and link text the rule never runs.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

_TAG = re.compile(r"#((?:[^\W]|[-/])+)")  # \w minus nothing: letters, digits, `_`; plus - and /
_OPENERS = set("([{«\"'“„")


def tag_key(tag: str) -> str:
    """Tags compare case-insensitively: `#Проект` is `#проект`."""
    return tag.casefold()


def _parse_tag(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if src[pos] != "#" or state.linkLevel > 0:
        return False
    if pos > 0 and not (src[pos - 1].isspace() or src[pos - 1] in _OPENERS):
        return False
    match = _TAG.match(src, pos)
    if not match:
        return False
    tag = match.group(1).rstrip("/")
    if not tag or tag.isdigit():  # `#1984` is not a tag, `#y1984` is
        return False
    if not silent:
        token = state.push("tag", "a", 0)
        token.content = "#" + tag
        token.meta = {"tag": tag}
        state.env.setdefault("tags", []).append(tag)
    state.pos = pos + 1 + len(tag)
    return True


def _default_tag_href(tag: str) -> str:
    return "#" + tag


def _render_tag(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = env.get("tag_href", _default_tag_href)(token.meta["tag"])
    return f'<a class="tag" href="{escapeHtml(href)}">{escapeHtml(token.content)}</a>'


def tags_plugin(md: MarkdownIt) -> None:
    # Early for the same reason as wikilinks: no rule before it starts at `#`.
    md.inline.ruler.after("wikilink" if "wikilink" in md.inline.ruler.get_all_rules() else "text",
                          "tag", _parse_tag)
    md.add_render_rule("tag", _render_tag)
