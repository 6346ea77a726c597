"""The per-note work of the collect phase: read one file, load its front matter, parse its body."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..faults import attempt, internal_error
from ..search.extract import NoteSearch, note_search
from ..syntax.markdown import NoteFacts, ParsedNote, parse_note
from .meta import NoteMeta, load_meta, split_front_matter
from .vault import read_note


@dataclass
class NoteRecord:
    """What the main process learns about a note; the tokens stay with whoever parsed it."""

    src: str
    meta: NoteMeta
    facts: NoteFacts
    digest: str
    readable: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    search: NoteSearch = field(default_factory=NoteSearch)  # stems and excerpt text, made here in the worker


def load_note(path: Path, src: str, language: str,
              iframe_hosts: tuple[str, ...] = ()) -> tuple[NoteRecord, ParsedNote | None]:
    """Never raises: an unreadable or unparseable note comes back with its diagnostics."""
    diags: list[Diagnostic] = []
    text, read_diags = attempt(src, "reading", diags, lambda: read_note(path, src), (None, []))
    diags.extend(read_diags)
    if text is None:
        return NoteRecord(src, NoteMeta(published=False), NoteFacts(), "", False, diags), None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    split, problem = split_front_matter(text)
    if problem:
        diags.append(Diagnostic(src, 1, 1, "bad-front-matter", problem))
    meta, meta_diags = attempt(src, "reading the front matter", diags,
                               lambda: load_meta(split.yaml_text, src), (NoteMeta(), []))
    diags.extend(meta_diags)
    try:
        parsed = parse_note(split.body, split.body_line, language, iframe_hosts)
    except RecursionError:
        diags.append(Diagnostic(src, 1, 1, "bad-markdown", "nesting too deep to parse; rendered as text"))
        parsed = attempt(src, "parsing", diags, lambda: parse_note(
            "```\n" + split.body.replace("```", "ˋˋˋ") + "\n```", split.body_line - 1, language),
            None)
    except Exception as exc:  # a parser bug must not stop the other notes
        diags.append(internal_error(src, "parsing", exc, split.body_line))
        parsed = None
    if parsed is None:
        parsed = parse_note("", split.body_line, language)
    for line, what in parsed.facts.html_problems:
        diags.append(Diagnostic(src, line, 1, "unsafe-html", f"raw HTML with {what} is removed"))
    search = attempt(src, "indexing for search", diags,
                     lambda: note_search(parsed.tokens, meta.lang or language), NoteSearch())
    return NoteRecord(src, meta, parsed.facts, digest, True, diags, search), parsed
