"""Raw HTML that cannot eat the note: `<script>` or `<style>` in prose removes only itself.

An HTML parser reads everything after `<script>`, `<style>`, `<textarea>` … as that
element's text, so sanitizing a paragraph (or the page) at once would drop all of it.
Such a tag is therefore sanitized on its own, as written, before its block is. A line
opening `<script>` that is never closed is prose, not an HTML block (CommonMark would
run that block to the end of the note).
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, html_block
from markdown_it.rules_inline import html_inline

from .text import with_offset

# Elements whose content an HTML parser does not read as markup (raw text, RCDATA,
# template contents), or, for `select`, reads with most tags dropped.
_SWALLOWS = re.compile(r"<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|"
                       r"plaintext|template|select)(?=[\s/>]|$)", re.I)
# CommonMark's first kind of HTML block: it ends only at the matching closing tag.
_LONG_OPEN = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.I)
_LONG_CLOSE = re.compile(r"</(script|pre|style|textarea)>", re.I)


@functools.lru_cache(maxsize=4)
def _last_close(src: str) -> int:
    """Where the last closing tag of that kind starts (one scan per note, not one per line)."""
    return max((m.start() for m in _LONG_CLOSE.finditer(src)), default=-1)


def _html_block_unless_stray(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """CommonMark's html_block, except that a `<script>`, `<style>`, `<pre>` or `<textarea>`
    line that is never closed is prose mentioning the tag (it would run to the end of the
    note): the paragraph rule takes it, and the tag alone is removed."""
    pos = state.bMarks[start] + state.tShift[start]
    if _LONG_OPEN.match(state.src, pos, state.eMarks[start]) and _last_close(state.src) < pos:
        return False
    return html_block(state, start, end, silent)


def _render_token(self, tokens, idx, options, env) -> str:
    """One raw-HTML token as the page gets it: a swallowing tag is sanitized alone."""
    content = tokens[idx].content
    clean = env.get("clean_raw_html")
    if clean and _SWALLOWS.search(content):
        return clean(content)
    return content


def rawhtml_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("html_block", _html_block_unless_stray,
                      {"alt": ["paragraph", "reference", "blockquote"]})
    # Where each inline tag starts, so the diagnostic for a removed one names its line.
    md.inline.ruler.at("html_inline", with_offset(html_inline, "html_inline"))
    md.add_render_rule("html_inline", _render_token)
    md.add_render_rule("html_block", _render_token)
