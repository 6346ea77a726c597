"""A note's searchable text from its parsed tokens (run in the parse workers), reduced to stems at once."""

from __future__ import annotations

from dataclasses import dataclass

from . import scoring
from .scoring import ALIAS, BODY, HEADING, TITLE  # noqa: F401 - the tiers, re-exported
from .tokens import TEXT_CHARS, count_stems

_TEXT_CHILDREN = {"text", "code_inline", "wikilink", "mdlink_text"}
_BLOCK_TEXT = {"fence", "code_block", "math_block"}


@dataclass
class NoteSearch:
    """A note's headings and body as the index needs them: compact, so the parent can hold 10,000."""

    terms: str = ""  # stems of the headings and body, sorted, one a line
    codes: str = ""  # each stem's code, one character each (sitegen.search.scoring)
    length: int = 0  # words in the body
    text: str = ""  # the body text for excerpts, cut at TEXT_CHARS


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in _TEXT_CHILDREN:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def split_text(tokens) -> tuple[list[str], list[str]]:
    """(headings, body paragraphs) in reading order; markup is dropped, link labels kept."""
    headings: list[str] = []
    body: list[str] = []
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline":
            text = _inline_text(token).strip()
            if text:
                (headings if in_heading else body).append(text)
        elif token.type in _BLOCK_TEXT and token.content.strip():
            body.append(token.content.strip())
    return headings, body


def note_search(tokens, lang: str) -> NoteSearch:
    """Stems of a note's headings (tier HEADING) and body (tier BODY), with its excerpt text."""
    headings, body = split_text(tokens)
    terms: dict[str, tuple[int, int]] = {}
    for stem, n in count_stems("\n".join(headings), lang).items():
        terms[stem] = (HEADING, n)
    text = "\n".join(body)
    body_stems = count_stems(text, lang)
    for stem, n in body_stems.items():
        mask, count = terms.get(stem, (0, 0))
        terms[stem] = (mask | BODY, count + n)
    length = sum(body_stems.values())
    return NoteSearch(*scoring.encode(terms, length), length, text[:TEXT_CHARS])
