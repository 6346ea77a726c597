"""Fenced code: ```` ```python ```` highlighted at build time with Pygments; ```` ```mermaid ```` kept as a diagram source.

Output is `<pre class="highlight"><code class="language-python">` with Pygments'
short CSS classes (`k`, `s`, `c`…) that the theme's stylesheet colours. An unknown
language keeps its class (a theme or script may still use it) and is only escaped.
The class is the lower-cased language, and only when that is made of
`[A-Za-z0-9_+-]`; otherwise the fence gets no class, though Pygments may still
know the name (`c#`).
Indented code blocks keep markdown-it's default rendering.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_RE, escapeHtml, mdTrim, unescapeAll
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_SAFE_LANGUAGE = re.compile(r"[A-Za-z0-9_+-]+")
_FORMATTER = HtmlFormatter(nowrap=True)


@functools.lru_cache(maxsize=256)
def lexer_for(language: str) -> Lexer | None:
    """Pygments' lexer for a fence language, or None; cached, misses too, as the
    lookup scans every lexer for an unknown name."""
    try:
        # stripnl=False: leading and trailing blank lines are part of the code.
        return get_lexer_by_name(language, stripnl=False)
    except ClassNotFound:
        return None


def fence_language(info: str) -> str:
    """The first word of the info string, as markdown-it reads it (`python {.x}` → `python`)."""
    info = mdTrim(unescapeAll(info)) if info else ""
    return MD_TRIM_RE.split(info, maxsplit=1)[0] if info else ""


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    language = fence_language(token.info)
    if language.lower() == "mermaid":
        return f'<pre class="mermaid">{escapeHtml(token.content)}</pre>\n'
    language = language.lower()
    lexer = lexer_for(language) if language and token.content else None
    body = highlight(token.content, lexer, _FORMATTER) if lexer else escapeHtml(token.content)
    css = f' class="language-{language}"' if _SAFE_LANGUAGE.fullmatch(language) else ""
    return f'<pre class="highlight"><code{css}>{body}</code></pre>\n'


def code_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("fence", _render_fence)
