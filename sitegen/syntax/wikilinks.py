"""Wikilinks: `[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`, `[[Note#^block]]`, `[[#Heading]]`.

Inside a table cell the pipe is escaped: `[[Note\\|text]]`. Without display text a
heading link reads "Note > Heading", as in Obsidian.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

from .text import locate


def split_wikilink(inner: str) -> tuple[str, str | None]:
    """`target|label` → (target, label); an escaped `\\|` (tables) splits too."""
    inner = inner.replace("\\|", "|")
    target, bar, label = inner.partition("|")
    return target.strip(), (label.strip() if bar else None)


def default_label(target: str) -> str:
    """What Obsidian shows for a link without display text: `Note > H1 > H2`."""
    path, _, fragment = target.partition("#")
    path = path.strip()
    if path.lower().endswith(".md"):
        path = path[:-3]
    parts = [p.strip() for p in fragment.split("#") if p.strip()] if fragment else []
    return " > ".join(([path] if path else []) + parts) or target


def scan_brackets(state: StateInline, start: int) -> int:
    """Position of the `]]` closing a `[[` at `start`, or -1. No newlines, no nesting."""
    # The next `]]` at or after `start`, remembered: a run of unclosed `[[` scans once.
    seen = state.env.get("_next_close")
    if seen is not None and seen[0] is state.src and seen[1] <= start and (seen[2] < 0 or seen[2] >= start):
        end = seen[2]
    else:
        end = state.src.find("]]", start)
        state.env["_next_close"] = (state.src, start, end)
    if end < 0:
        return -1
    inner = state.src[start:end]
    if "\n" in inner or "[[" in inner or not inner.strip():
        return -1
    return end


def _parse_wikilink(state: StateInline, silent: bool) -> bool:
    # Runs at every `[` of every paragraph: the cheap tests first, no work that a token does
    # not need (issue #9: a paragraph of 100,000 links).
    pos = state.pos
    src = state.src
    if not src.startswith("[[", pos) or state.linkLevel > 0:
        return False
    end = scan_brackets(state, pos + 2)
    if end < 0:
        return False
    target, label = split_wikilink(src[pos + 2 : end])
    if not target and not label:
        return False
    if not silent:
        token = state.push("wikilink", "a", 0)
        token.content = label if label is not None else default_label(target)
        raw = src[pos : end + 2]
        token.meta = {"target": target, "label": label, "raw": raw, **locate(src, pos)}
    state.pos = end + 2
    return True


def render_unresolved(text: str, target: str) -> str:
    return (f'<a class="internal unresolved" data-target="{escapeHtml(target)}">'
            f"{escapeHtml(text)}</a>")


def _render_wikilink(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    resolve = env.get("resolve_link")
    found = resolve(token.meta["target"]) if resolve else None
    if found is None:
        return render_unresolved(token.content, token.meta["target"])
    return (f'<a class="internal" href="{escapeHtml(found["href"])}">'
            f"{escapeHtml(token.content)}</a>")


def wikilinks_plugin(md: MarkdownIt) -> None:
    # Right after plain text: the rules between (newline, escape, code, emphasis, comments,
    # math…) never start at `[`, so trying them first at every `[` is only cost. Before `link`.
    md.inline.ruler.after("text", "wikilink", _parse_wikilink)
    md.add_render_rule("wikilink", _render_wikilink)
