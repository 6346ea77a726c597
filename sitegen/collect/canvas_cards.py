"""Canvas text cards read once in the collect phase: the links they hold (graph edges, backlinks) and their text for search."""

from __future__ import annotations

from dataclasses import dataclass

from ..search.extract import split_text
from ..syntax.markdown import LinkFact, parse_note
from ..views.canvas import Canvas


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
