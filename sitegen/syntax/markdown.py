"""Parse a note body into tokens and NoteFacts; render tokens into top-level HTML blocks."""

from __future__ import annotations

import functools
from urllib.parse import unquote
from dataclasses import dataclass, field
from typing import Any, Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .sanitize import clean_html, unsafe_html
from ..faults import NOTICE_HTML, describe
from ..gcpause import collector_paused
from . import obsidian_plugin
from .linkplace import Columns, Paragraph
from .text import inline_text

CAPTION_WORDS = 6


@functools.lru_cache(maxsize=8)
def make_md(language: str = "ru", line_breaks: str = "obsidian") -> MarkdownIt:
    """The one Markdown parser: CommonMark + GFM tables and strikethrough + footnotes + Obsidian.

    `line_breaks` only changes rendering: "obsidian" turns every soft break (a single
    newline inside a paragraph) into `<br>`, as Obsidian does unless "Strict line
    breaks" is on; tables, code and callout titles contain no soft breaks.
    """
    # Typographer stays off: it has quadratic inputs, and Obsidian does not use it.
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False,
                                   "xhtmlOut": False, "breaks": line_breaks == "obsidian"})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(obsidian_plugin, language=language)
    return md


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int = 0  # file line
    source: str = ""  # the heading as written, when links may name it otherwise than by its text


@dataclass(frozen=True)
class LinkFact:
    """One outgoing link or embed, where it is written and what surrounds it."""

    target: str
    kind: str  # "link", "embed", or "property" (in a front-matter value)
    line: int
    col: int
    markdown: bool = False  # written as [text](dest)
    index: int = -1  # embeds: the placeholder number
    media: str = ""  # embeds: image/audio/video/pdf, "" for notes
    context: str = ""
    key: str = ""  # kind "property": the front-matter key the link is written in


@dataclass(frozen=True)
class NoteFacts:
    """What the rest of the vault needs to know about one note's body."""

    headings: tuple[Heading, ...] = ()
    block_ids: tuple[str, ...] = ()
    block_lines: tuple[tuple[str, int, int], ...] = ()  # (id, first file line, line after)
    links: tuple[LinkFact, ...] = ()
    tags: tuple[str, ...] = ()
    has_html: bool = False
    html_problems: tuple[tuple[int, str], ...] = ()  # (line, what) for raw HTML that gets removed
    base_blocks: tuple[tuple[str, int], ...] = ()  # ```base blocks: (YAML, file line of its first line)
    words: int = 0  # words of text and code a reader reads (the reading time)


@dataclass
class ParsedNote:
    tokens: list[Token]
    env: dict[str, Any]
    facts: NoteFacts


@dataclass
class RenderedBody:
    """A note's body as HTML blocks, so embeds can take a section or a block of it.

    Each block is sanitized on its own (when the note has raw HTML), as Obsidian renders
    a note section by section: a tag left open in one block cannot reach into the next.
    """

    blocks: list[str] = field(default_factory=list)
    heads: list[tuple[int, int, str]] = field(default_factory=list)  # (block, level, id)
    fragments: dict[str, str] = field(default_factory=dict)  # block id → HTML
    captions: dict[str, str] = field(default_factory=dict)  # block id → its first words
    notes_at: int | None = None  # the block holding the footnote list: no section includes it
    failures: list[tuple[int, str]] = field(default_factory=list)  # (file line, what): blocks not rendered

    @property
    def html(self) -> str:
        return "".join(self.blocks)


def parse_note(body: str, body_line: int, language: str = "ru",
               iframe_hosts: tuple[str, ...] = ()) -> ParsedNote:
    """Parse one body; `body_line` is the file line the body starts on (after front matter)."""
    md = make_md(language)
    env: dict[str, Any] = {}
    with collector_paused():
        tokens = md.parse(body, env)
        env["body_line"] = body_line  # file line of the body's first line: failures are reported there
        facts = collect_facts(tokens, env, body.split("\n"), body_line, iframe_hosts)
    return ParsedNote(tokens, env, facts)


def _link_fact(tok: Token, block: Token, columns: Columns, body_line: int,
               paragraph: Paragraph | None, told: set[str]) -> LinkFact | None:
    """`told`: the targets that have a context already. A backlink shows the first context of
    the links to its note (emit/pages.py), so later links to one target need none: a note
    linking 100 notes 100,000 times cuts 100 of them, not 100,000."""
    meta = tok.meta or {}
    if tok.type == "wikilink":
        target, kind, markdown = meta["target"], "link", False
    elif tok.type == "embed":
        target, kind, markdown = meta["target"], "embed", False
    elif "local" in meta:
        target = unquote(meta["local"])  # markdown-it percent-encodes destinations
        kind = "embed" if tok.type == "image" else "link"
        markdown = True
    else:
        return None
    first = block.map[0] if block.map else 0
    line_idx = first + meta.get("nl", 0)
    raw = meta.get("raw", "")
    col = columns.column(line_idx, raw, meta, id(block)) if raw else 1
    context = paragraph.context(tok) if kind == "link" and paragraph and target not in told else ""
    if context:
        told.add(target)
    return LinkFact(
        target=target, kind=kind, line=line_idx + body_line, col=col, markdown=markdown,
        index=meta.get("index", -1), media=meta.get("media") or "", context=context,
    )


def collect_facts(tokens: list[Token], env: dict, lines: list[str], body_line: int,
                  iframe_hosts: tuple[str, ...] = ()) -> NoteFacts:
    links: list[LinkFact] = []
    told: set[str] = set()  # see _link_fact
    columns = Columns(lines)
    has_html = False
    html_problems = []
    words = 0
    for tok in tokens:
        if tok.type in ("fence", "code_block"):
            words += len(tok.content.split())
        if tok.type == "inline":
            paragraph = Paragraph(tok.children)
            words += len(inline_text(tok.children).split())
            for child in tok.children or ():
                fact = _link_fact(child, tok, columns, body_line, paragraph, told)
                if fact:
                    links.append(fact)
                if child.type == "html_inline":
                    has_html = True
                    what = unsafe_html(child.content, iframe_hosts)
                    if what:
                        line = _line(tok, body_line) + (child.meta or {}).get("nl", 0)
                        html_problems.append((line, what))
        elif tok.type == "embed":  # lifted out of its paragraph by the embeds plugin
            fact = _link_fact(tok, tok, columns, body_line, None, told)
            if fact:
                links.append(fact)
        elif tok.type == "html_block":
            has_html = True
            what = unsafe_html(tok.content, iframe_hosts)
            if what:
                html_problems.append((_line(tok, body_line), what))
    headings = tuple(Heading(level, text, ident, line + body_line, source)
                     for level, text, ident, line, source in env.get("headings", ()))
    return NoteFacts(
        headings=headings,
        block_ids=tuple(env.get("block_ids", ())),
        block_lines=tuple((ident, start + body_line, end + body_line)
                          for ident, (start, end) in sorted(env.get("block_lines", {}).items())),
        links=tuple(links),
        tags=tuple(env.get("tags", ())),
        has_html=has_html,
        html_problems=tuple(html_problems),
        base_blocks=tuple((text, line + body_line) for text, line in env.get("base_blocks", ())),
        words=words,
    )


def _line(tok: Token, body_line: int) -> int:
    return (tok.map[0] if tok.map else 0) + body_line


def _block_ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    """[start, end) of each top-level block."""
    ranges, depth, start = [], 0, 0
    for i, tok in enumerate(tokens):
        if depth == 0:
            start = i
        depth += tok.nesting
        if depth == 0:
            ranges.append((start, i + 1))
    return ranges


def _closing(tokens: list[Token], start: int) -> int:
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i + 1
    return len(tokens)


def _parent_list(tokens: list[Token], item: int) -> int | None:
    level = tokens[item].level - 1
    for i in range(item - 1, -1, -1):
        if tokens[i].level == level and tokens[i].nesting == 1:
            return i if tokens[i].type in ("bullet_list_open", "ordered_list_open") else None
    return None


_STRUCTURED = ("table_open", "bullet_list_open", "ordered_list_open", "blockquote_open")


def caption(tokens: list[Token], words: int = CAPTION_WORDS) -> str:
    """The first words of a block's text, for an embed's title: `Важный абзац о…`."""
    text = " ".join(inline_text(t.children) for t in tokens if t.type == "inline").split()
    return " ".join(text[:words]) + ("…" if len(text) > words else "")


def render_blocks(
    parsed: ParsedNote,
    resolve_link: Callable[..., dict | None],
    tag_href: Callable[[str], str],
    language: str = "ru",
    trust_html: bool = False,
    line_breaks: str = "obsidian",
    iframe_hosts: tuple[str, ...] = (),
) -> RenderedBody:
    """Render a parsed note. Pure: everything about other notes comes through the callbacks."""
    md = make_md(language, line_breaks)
    sanitize = parsed.facts.has_html and not trust_html
    clean = (lambda html: clean_html(html, iframe_hosts)) if sanitize else (lambda html: html)
    # Raw HTML that would swallow what follows it is cleaned token by token (see rawhtml.py).
    env = dict(parsed.env, resolve_link=resolve_link, tag_href=tag_href,
               clean_raw_html=clean if sanitize else None)
    tokens = parsed.tokens

    def render(toks: list[Token]) -> str:
        with collector_paused():
            return clean(md.renderer.render(toks, md.options, env))

    out = RenderedBody()

    def render_or_notice(toks: list[Token]) -> str:
        try:
            return render(toks)
        except Exception as exc:  # noqa: BLE001 - one block's bug leaves a notice, the rest renders
            line = (toks[0].map or [0])[0] if toks else 0
            out.failures.append((line + parsed.env.get("body_line", 1), describe(exc)))
            return NOTICE_HTML

    for n, (start, end) in enumerate(_block_ranges(tokens)):
        first = tokens[start]
        out.blocks.append(render_or_notice(tokens[start:end]))
        if first.type == "footnote_block_open":
            out.notes_at = n
        if first.type == "heading_open":
            out.heads.append((n, int(first.tag[1]), str(first.attrGet("id"))))
    for i, tok in enumerate(tokens):
        ident = tok.attrGet("id") if tok.nesting == 1 else None
        if not (isinstance(ident, str) and ident.startswith("^")):
            continue
        piece = tokens[i : _closing(tokens, i)]
        # A table, list or quote right under a heading is named by that heading: a table's first
        # words are its column names, a list's run its items together. A paragraph names itself.
        under = (tok.type in _STRUCTURED and i >= 3 and tokens[i - 1].type == "heading_close"
                 and tokens[i - 2].type == "inline")
        out.captions[ident[1:]] = inline_text(tokens[i - 2].children) if under else caption(piece)
        if tok.type == "list_item_open":
            parent = _parent_list(tokens, i)
            if parent is not None:
                opener = tokens[parent]
                piece = [opener] + piece + [tokens[_closing(tokens, parent) - 1]]
        out.fragments[ident[1:]] = render_or_notice(piece)
    return out
