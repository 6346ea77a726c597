"""Canvas text cards read once in the collect phase: the links they hold (graph edges, backlinks) and their text for search."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic
from ..search.extract import split_text
from ..syntax.markdown import LinkFact, parse_note
from ..views.canvas import Canvas, Node


@dataclass(frozen=True)
class CardFacts:
    """One text card: its wikilinks, Markdown links and embeds, and its text as a reader sees it."""

    links: tuple[LinkFact, ...] = ()
    headings: tuple[str, ...] = ()
    body: tuple[str, ...] = ()


def card_facts(canvas: Canvas, language: str, iframe_hosts: tuple[str, ...] = ()) -> dict[str, CardFacts]:
    """{node id: CardFacts} for every text card; a card the parser cannot read gives no facts
    (its page still shows it: the renderer reports the problem there)."""
    out: dict[str, CardFacts] = {}
    for node in canvas.nodes:
        if node.type != "text" or not node.text.strip():
            continue
        try:
            parsed = parse_note(node.text, 1, language, iframe_hosts)
        except RecursionError:
            continue
        headings, body = split_text(parsed.tokens)
        out[node.id] = CardFacts(tuple(parsed.facts.links), tuple(headings), tuple(body))
    return out


def _written(node: Node, cards: dict[str, CardFacts]) -> list[LinkFact]:
    """What a card links to, placed at the card in the .canvas file (a card's text has no file position)."""
    if node.type == "file":
        return [LinkFact(node.file + node.subpath, "embed", node.line, node.col)]
    card = cards.get(node.id)
    return [replace(f, line=node.line, col=node.col) for f in card.links] if card else []


def canvas_links(model, doc) -> tuple[dict, list[Diagnostic]]:
    """{node id: resolved Links} for a board's file cards (with their `#Heading`/`#^block`
    subpath) and text cards, resolved from the board as a note's links are; and their problems."""
    from .model import resolve_fact
    links: dict[str, tuple] = {}
    problems: list[Diagnostic] = []
    for node in doc.canvas.nodes:
        found = []
        for fact in _written(node, doc.cards):
            link, diags = resolve_fact(fact, doc.src, model.index, model.hidden_index, model.records)
            found.append(link)
            problems += diags
        if found:
            links[node.id] = tuple(found)
    return links, problems
