"""Math: `$e^{i\\pi}$` inline and `$$\\sum_k a_k$$` display, turned into MathML at build time (no script, no CDN).

`$` must hug its content (`$x$`, not `$ x $`) and not touch a digit, so "$5 and
$10" stays text. LaTeX that latex2mathml rejects is shown as
`<code class="math-error">` and listed in `env["math_errors"]` as
{"tex", "error", "line"} (line: 0-based line of the body) for the bad-math warning.
"""

from __future__ import annotations

import bisect
import re
from weakref import WeakKeyDictionary
from xml.etree.ElementTree import tostring

from latex2mathml.converter import convert_to_element
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_block_dollar

_MATH = {"math_inline": False, "math_inline_double": True, "math_block": True}
# Presentation attributes latex2mathml writes. Others go: `\href{javascript:…}`
# becomes an href attribute and `\style{…}` a style attribute.
_ATTRIBUTES = frozenset({
    "xmlns", "display", "mathvariant", "mathcolor", "mathbackground", "mathsize", "stretchy",
    "fence", "separator", "form", "lspace", "rspace", "minsize", "maxsize", "symmetric",
    "movablelimits", "accent", "accentunder", "displaystyle", "scriptlevel", "width", "height",
    "depth", "voffset", "linethickness", "columnalign", "columnspacing", "columnlines",
    "rowalign", "rowspacing", "rowlines", "frame", "notation", "linebreak", "encoding",
})
_CHAR_REF = re.compile(r"&amp;(#x?[0-9A-Fa-f]+;)")


def to_mathml(tex: str, display: bool) -> tuple[str, str | None]:
    """(HTML, error message or None)."""
    try:
        root = convert_to_element(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many exception types, some with no message
        return f'<code class="math-error">{escapeHtml(tex)}</code>', str(exc) or type(exc).__name__
    for element in root.iter():
        for name in [a for a in element.attrib if a not in _ATTRIBUTES]:
            del element.attrib[name]
    # Not latex2mathml's own convert(): it unescapes the whole string, so `\text{<script>}`
    # would come out as a tag. Symbols are character references in element text; only
    # those get their `&` back, everything typed by the author stays escaped.
    return _CHAR_REF.sub(r"&\1", tostring(root, encoding="unicode")), None


def _convert_all(state: StateCore) -> None:
    """Convert every formula once at parse time: a note is rendered up to three times
    (whole body, blocks, block-id fragments) and errors belong in the parse env, which
    the build keeps, not in the render env, which is a copy."""
    errors = []
    for block in state.tokens:
        for tok in [block] + list(block.children or ()):
            if tok.type not in _MATH:
                continue
            tex = tok.content.strip()
            html, error = to_mathml(tex, _MATH[tok.type])
            tok.meta = dict(tok.meta or {}, html=html)
            if error is not None:
                line = block.map[0] if block.map else 0
                errors.append({"tex": tex, "error": error, "line": line})
    if errors:
        state.env.setdefault("math_errors", []).extend(errors)


_UPSTREAM_BLOCK = math_block_dollar(allow_labels=False, allow_blank_lines=True)
_CLOSERS: WeakKeyDictionary[StateBlock, list[int]] = WeakKeyDictionary()
_OUTDENTS: WeakKeyDictionary[StateBlock, dict[int, tuple[int, int]]] = WeakKeyDictionary()


def _closing_lines(state: StateBlock) -> list[int]:
    """Lines that end with `$$`, found once per parse."""
    if state not in _CLOSERS:
        src, ends = state.src, state.eMarks
        _CLOSERS[state] = [n for n in range(state.lineMax)
                           if src[state.bMarks[n] : ends[n]].rstrip().endswith("$$")]
    return _CLOSERS[state]


def _first_outdent(state: StateBlock, start: int) -> int:
    """First non-blank line after `start` that leaves the current list item."""
    seen = _OUTDENTS.setdefault(state, {}).get(state.blkIndent)
    if seen and seen[0] <= start < seen[1]:
        return seen[1]  # a later `$$` line in the same item: no second scan
    line = start + 1
    while line < state.lineMax and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    _OUTDENTS[state][state.blkIndent] = (start, line)
    return line


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """dollarmath's block rule, told where its closing `$$` is.

    On its own it scans to the end of the container for each `$$` line (quadratic
    on a note of unclosed `$$`), and a closing `$$` in the next list item ends it.
    It stays out of the paragraph terminators, since it ignores `silent`; `$$…$$`
    inside a paragraph is display math through `double_inline` instead.
    """
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if state.is_code_block(start_line) or not state.src.startswith("$$", pos):
        return False
    first = state.src[pos : state.eMarks[start_line]].strip()
    if not (len(first) > 4 and first.endswith("$$")):  # not `$$x$$` on one line
        closers = _closing_lines(state)
        after = bisect.bisect_right(closers, start_line)
        close = closers[after] if after < len(closers) else end_line
        if close >= end_line or (state.blkIndent and _first_outdent(state, start_line) <= close):
            return False
        end_line = close + 1
    return _UPSTREAM_BLOCK(state, start_line, end_line, silent)


def _html(tok, display: bool) -> str:
    html = (tok.meta or {}).get("html")
    return html if html is not None else to_mathml(tok.content.strip(), display)[0]


def _render_inline(self, tokens, idx, options, env) -> str:
    return f'<span class="math inline">{_html(tokens[idx], False)}</span>'


def _render_block(self, tokens, idx, options, env) -> str:
    return f'<div class="math block">\n{_html(tokens[idx], True)}\n</div>\n'


def _render_inline_display(self, tokens, idx, options, env) -> str:
    # A span, not dollarmath's div: `$$x$$` in the middle of a paragraph stays inside its <p>.
    return f'<span class="math inline">{_html(tokens[idx], True)}</span>'


def math_plugin(md: MarkdownIt) -> None:
    # Labels (`$$x$$ (eq1)`) are off: Obsidian has no such syntax. `$$x$$` inside a
    # paragraph is display math, as in Obsidian.
    dollarmath_plugin(
        md, allow_space=False, allow_digits=False, allow_labels=False, double_inline=True,
        renderer=lambda tex, opts: to_mathml(tex, opts["display_mode"])[0],
    )
    md.block.ruler.at("math_block", _math_block)
    # Our own render rules replace dollarmath's: they reuse the MathML made at parse time.
    md.add_render_rule("math_inline", _render_inline)
    md.add_render_rule("math_inline_double", _render_inline_display)
    md.add_render_rule("math_block", _render_block)
    # After "inline": the inline formulas exist only once paragraphs are parsed.
    md.core.ruler.after("inline", "math_mathml", _convert_all)
