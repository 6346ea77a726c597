"""Replace embed placeholders with the embedded note, section or block, safely against cycles.

The path of (note, section) pairs being embedded is tracked, not a global visited
set: a cycle (A embeds B embeds A, or a note embedding itself) renders a notice
and warns, while a diamond (A embeds B and C, both embed D) shows D twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

from ..collect.model import Link, Model, href_of
from ..diagnostics import Diagnostic
from ..syntax.markdown import RenderedBody
from ..syntax import EMBED_CLOSE, EMBED_OPEN
from .view_embeds import expand_base_blocks, view_embed

MAX_DEPTH = 8
_PLACEHOLDER = re.compile(EMBED_OPEN + r"(\d+)" + EMBED_CLOSE)
_ID_ATTR = re.compile(r' id="')


def section_html(body: RenderedBody, anchor: str) -> str:
    """The whole body, the blocks under a heading (to the next heading of the same or
    higher level), or one labelled block."""
    if not anchor:
        return "".join(body.blocks)
    if anchor.startswith("^"):
        return body.fragments.get(anchor[1:], "")
    for n, (start, level, ident) in enumerate(body.heads):
        if ident == anchor:
            end = len(body.blocks) if body.notes_at is None else body.notes_at
            for later, later_level, _ in body.heads[n + 1:]:
                if later_level <= level:
                    end = later
                    break
            return "".join(body.blocks[start:end])
    return "".join(body.blocks)


@dataclass
class Embedder:
    """Expands the embeds of any note's body; one per build (it memoizes)."""

    model: Model
    bodies: dict[str, RenderedBody]
    strings: dict[str, str]
    _memo: dict[tuple[str, str], str] = field(default_factory=dict)
    _embeds: dict[str, dict[int, Link]] = field(default_factory=dict)
    canvas_preview: object = lambda src: ""  # canvas src → scaled board HTML (set by the writer)
    canvas_page: object = lambda src: ""  # canvas src → the board of its own page

    def page_body(self, src: str) -> str:
        body = self.bodies.get(src)
        if body is None:
            return ""
        return self._expand(body.html, src, ((src, ""),))[0]

    def _links(self, src: str) -> dict[int, Link]:
        if src not in self._embeds:
            self._embeds[src] = {l.fact.index: l for l in self.model.links.get(src, ())
                                 if l.fact.kind == "embed" and l.fact.index >= 0}
        return self._embeds[src]

    def _expand(self, html: str, src: str, path: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
        """Returns the HTML and whether it is the same on every path (safe to memoize)."""
        if EMBED_OPEN not in html:
            return html, True
        links = self._links(src)
        pure = True

        def replace(match: re.Match) -> str:
            nonlocal pure
            link = links.get(int(match.group(1)))
            if link is None:
                return ""  # a relative Markdown image that is not a vault file
            html, link_pure = self._embed(link, src, path)
            pure = pure and link_pure
            return html

        html = _PLACEHOLDER.sub(replace, html)
        return expand_base_blocks(self.model, html, src, self.strings), pure

    def _embed(self, link: Link, src: str, path: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
        target = link.target
        if target is None:
            return (f'<div class="embed embed-missing"><a class="internal unresolved" '
                    f'data-target="{escape(link.fact.target)}">{escape(link.fact.target)}</a> — '
                    f'{escape(self.strings["embed_missing"])}</div>\n'), True
        href = escape(href_of(self.model, link))
        if target in self.model.views:
            return view_embed(self.model, link, src, self.strings, self.canvas_preview), True
        if link.kind == "attachment":
            name = escape(target.rpartition("/")[2])
            return (f'<div class="embed embed-file">{escape(self.strings["file"])}: '
                    f'<a href="{href}" download>{name}</a></div>\n'), True
        note = self.model.notes[target]
        if link.lost:
            # The heading or block is gone: say so, with the note's link, never show all of it.
            notice = escape(self.strings["embed_anchor_missing"].format(anchor=link.lost))
            return (f'<div class="embed embed-missing" role="note"><a class="internal" href="{href}">'
                    f'{escape(note.title)}</a> — {notice}</div>\n'), True
        key = (target, link.anchor)
        if key in path or len(path) > MAX_DEPTH:
            # embed_problems() reports these from the facts alone, so `check` sees them too.
            text = "embed_cycle" if key in path else "embed_depth"
            notice = escape(self.strings[text].format(title=note.title))
            return f'<div class="embed embed-cycle" role="note">{notice}</div>\n', False
        if key in self._memo:
            return self._memo[key], True
        body = self.bodies.get(target, RenderedBody())
        inner = section_html(body, link.anchor)
        inner, pure = self._expand(inner, target, path + (key,))
        # Ids inside an embed would repeat the source page's ids on this page.
        inner = _ID_ATTR.sub(' data-embed-id="', inner)
        part = _anchor_title(note, body, link.anchor)
        title = note.title + (f" › {part}" if part else "")
        html = (f'<div class="embed embed-note" data-embed-src="{escape(note.url)}">\n'
                f'<div class="embed-title"><a class="internal" href="{href}">{escape(title)}</a></div>\n'
                f'<div class="embed-content">\n{inner}</div>\n</div>\n')
        if pure:
            self._memo[key] = html
        return html, pure


def _anchor_title(note, body: RenderedBody, anchor: str) -> str:
    """What names the embedded part after the note's title: the heading's text, or the
    block's first words ("" for the whole note, or a block with no words, such as an image)."""
    if anchor.startswith("^"):
        return body.captions.get(anchor[1:], "")
    return next((h.text for h in note.facts.headings if h.id == anchor), "")


def _in_anchor(note, anchor: str, line: int) -> bool:
    """Whether a line of the note lies in the section or block an anchor names."""
    if not anchor:
        return True
    facts = note.facts
    if anchor.startswith("^"):
        return any(ident == anchor[1:] and start <= line < end for ident, start, end in facts.block_lines)
    heads = facts.headings
    for n, head in enumerate(heads):
        if head.id == anchor:
            end = next((h.line for h in heads[n + 1:] if h.level <= head.level), 10**9)
            return head.line <= line < end
    return True


def embed_problems(model: Model) -> list[Diagnostic]:
    """Embed cycles and over-deep embeds, found from the facts alone (no rendering),
    walking each page's embeds exactly as Embedder expands them."""
    children: dict[tuple[str, str], list[Link]] = {}
    clean: set[tuple[str, str]] = set()
    found: list[Diagnostic] = []

    def kids(key: tuple[str, str]) -> list[Link]:
        if key not in children:
            note = model.notes[key[0]]
            children[key] = [l for l in model.links.get(key[0], ())
                             if l.fact.kind == "embed" and l.kind == "note" and not l.fact.media
                             and _in_anchor(note, key[1], l.fact.line)]
        return children[key]

    def walk(key: tuple[str, str], path: tuple[tuple[str, str], ...]) -> bool:
        ok = True
        for link in kids(key):
            child = (link.target, link.anchor)
            if child in path or len(path) > MAX_DEPTH:
                code = "embed-cycle" if child in path else "embed-depth"
                # Only the loop itself is named, so every page that meets it reports the same.
                loop = path[path.index(child):] + (child,) if child in path else path + (child,)
                chain = " → ".join(p[0] + (f"#{p[1]}" if p[1] else "") for p in loop)
                found.append(Diagnostic(key[0], link.fact.line, link.fact.col, code,
                                        f"{link.fact.target}: {chain}"))
                ok = False
            elif child not in clean:
                if walk(child, path + (child,)):
                    clean.add(child)
                else:
                    ok = False
        return ok

    for src in model.notes:
        walk((src, ""), ((src, ""),))
    return found
