"""Replace embed placeholders with the embedded note, section or block, safely against cycles.

The path of (note, section) pairs being embedded is tracked, not a global visited
set: a cycle (A embeds B embeds A, or a note embedding itself) renders a notice
and warns, while a diamond (A embeds B and C, both embed D) shows D twice.

Each page has an embed budget (MAX_EMBEDS notes, MAX_EMBED_BYTES of their HTML, nested
embeds included): past it an embed shows a notice and the page gets an `embed-limit`
warning, so a chain of notes each embedding the next several times stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

from ..collect.model import Link, Model, href_of
from ..diagnostics import Diagnostic
from ..faults import attempt
from ..syntax.markdown import RenderedBody
from ..syntax import EMBED_CLOSE, EMBED_OPEN
from ..syntax.headings import drop_anchors
from .view_embeds import expand_base_blocks, view_embed

MAX_DEPTH = 8
# Far above any real vault: obsidian-help's (6,280 notes) fullest page expands 21 embeds, 63 KB.
MAX_EMBEDS = 1000
MAX_EMBED_BYTES = 8_000_000
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
class Budget:
    """What one page has spent on embeds so far, and the first embed that went past the limit."""

    count: int = 0
    size: int = 0
    over: tuple[str, Link] | None = None  # (the note the refused embed is written in, the embed)

    def fits(self, count: int, size: int) -> bool:
        return self.count + count <= MAX_EMBEDS and self.size + size <= MAX_EMBED_BYTES


@dataclass
class Embedder:
    """Expands the embeds of any note's body; one per build (it memoizes)."""

    model: Model
    bodies: dict[str, RenderedBody]
    strings: dict[str, str]
    _memo: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)  # html, count, size
    _embeds: dict[str, dict[int, Link]] = field(default_factory=dict)
    _pages: dict[str, str] = field(default_factory=dict)
    _over: dict[str, Budget] = field(default_factory=dict)
    canvas_preview: object = lambda src: ""  # canvas src → scaled board HTML (set by the writer)
    canvas_page: object = lambda src: ""  # canvas src → the board of its own page

    def page_body(self, src: str) -> str:
        body = self.bodies.get(src)
        if body is None:
            return ""
        if EMBED_OPEN not in body.html:
            return body.html
        if src not in self._pages:
            budget = Budget()
            self._pages[src] = self._expand(body.html, src, ((src, ""),), budget)[0]
            if budget.over is not None:
                self._over[src] = budget
        return self._pages[src]

    def limit_problems(self, srcs) -> list[Diagnostic]:
        """Expand every page once (the forked page writers inherit the results) and name the
        pages whose embeds went past the budget."""
        found = []
        for src in srcs:
            self.page_body(src)
            budget = self._over.get(src)
            if budget is not None:
                source, link = budget.over
                where = f" (first cut: {link.fact.target} at {source}:{link.fact.line})"
                found.append(Diagnostic(src, 1, 1, "embed-limit",
                                        f"the page's embeds pass the budget of {MAX_EMBEDS} notes or "
                                        f"{MAX_EMBED_BYTES // 1_000_000} MB{where}; the rest show a notice"))
        return found

    def _links(self, src: str) -> dict[int, Link]:
        if src not in self._embeds:
            self._embeds[src] = {l.fact.index: l for l in self.model.links.get(src, ())
                                 if l.fact.kind == "embed" and l.fact.index >= 0}
        return self._embeds[src]

    def _expand(self, html: str, src: str, path: tuple[tuple[str, str], ...],
                budget: Budget) -> tuple[str, bool]:
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
            html, link_pure = self._embed(link, src, path, budget)
            pure = pure and link_pure
            return html

        html = _PLACEHOLDER.sub(replace, html)
        return expand_base_blocks(self.model, html, src, self.strings), pure

    def _embed(self, link: Link, src: str, path: tuple[tuple[str, str], ...],
               budget: Budget | None = None) -> tuple[str, bool]:
        if budget is None:  # a canvas card: a budget of its own
            budget = Budget()
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
        body = self.bodies.get(target, RenderedBody())
        inner = section_html(body, link.anchor) if key not in self._memo else ""
        count, size = self._memo[key][1:] if key in self._memo else (1, len(inner.encode("utf-8")))
        if not budget.fits(count, size):
            if budget.over is None:
                budget.over = (src, link)
            notice = escape(self.strings["embed_limit"].format(title=note.title))
            return f'<div class="embed embed-limit" role="note">{notice}</div>\n', False
        if key in self._memo:
            budget.count, budget.size = budget.count + count, budget.size + size
            return self._memo[key][0], True
        before = (budget.count, budget.size)
        budget.count, budget.size = budget.count + 1, budget.size + len(inner.encode("utf-8"))
        inner, pure = self._expand(inner, target, path + (key,), budget)
        # Ids inside an embed would repeat the source page's ids on this page.
        inner = drop_anchors(_ID_ATTR.sub(' data-embed-id="', inner))
        part = _anchor_title(note, body, link.anchor)
        title = note.title + (f" › {part}" if part else "")
        html = (f'<div class="embed embed-note" data-embed-src="{escape(note.url)}">\n'
                f'<div class="embed-title"><a class="internal" href="{href}">{escape(title)}</a></div>\n'
                f'<div class="embed-content">\n{inner}</div>\n</div>\n')
        if pure:
            self._memo[key] = (html, budget.count - before[0], budget.size - before[1])
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

    visits = [0]  # per page: past the embed budget the page shows notices, so the walk stops too

    def walk(key: tuple[str, str], path: tuple[tuple[str, str], ...]) -> bool:
        ok = True
        for link in kids(key):
            visits[0] += 1
            if visits[0] > MAX_EMBEDS:
                return False
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
        visits[0] = 0
        attempt(src, "checking the embeds", found, lambda: walk((src, ""), ((src, ""),)), None)
    return found
