"""Which pages a change affects: one pure function over the old and new models (tested as a table).

A page must be re-rendered when anything it shows may differ:

- a note's own page, when its body HTML changed;
- every page that embeds that note, transitively (old and new embedders);
- the notes whose backlinks change: targets of the links that appeared,
  disappeared or changed in a changed note, and every target of a note whose
  title, description or URL changed (backlinks show them);
- notes whose links now resolve differently (a new note resolves them, a
  removed one breaks them): their body changes, so they are in `bodies`;
- tag pages of old and new tags (and their parents) of notes whose card changed;
- the folder pages of old and new folders (and their ancestors, whose counts
  change), the notes beside them (previous/next), and every page under a folder
  whose title (its folder note's title) changed (breadcrumbs);
- alias and permalink redirects that appeared, vanished or point elsewhere;
- always the home page, the tag index and the missing-notes page (cheap, site-wide).

A template change re-renders every page and a config change rebuilds everything;
sitegen.live handles those before asking this module.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .collect import Model
from .pages import Page

ALWAYS = {("home", ""), ("tags", ""), ("missing", ""), ("graph", ""), ("404", "")}


@dataclass(frozen=True)
class Card:
    """What other pages show of a note: in backlinks, listings, tag pages, breadcrumbs, embeds."""

    title: str
    url: str
    description: str
    date: object
    tags: tuple[str, ...]
    folder: str


def cards(model: Model) -> dict[str, Card]:
    return {src: Card(n.title, n.url, n.meta.description, n.meta.date, n.tags, n.folder)
            for src, n in model.notes.items()}


def page_key(page: Page) -> tuple[str, str]:
    return (page.kind, page.key if page.kind != "redirect" else page.url)


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _tag_family(keys: tuple[str, ...]) -> set[str]:
    return {"/".join(k.split("/")[:d]) for k in keys for d in range(1, k.count("/") + 2)}


def affected_pages(
    old: Model, new: Model, bodies: set[str],
    old_redirects: dict[str, str], new_redirects: dict[str, str],
) -> set[tuple[str, str]]:
    """Keys (kind, key) of the new site's pages to re-render.

    `bodies` are the notes whose rendered body changed (own text, or how their links resolve).
    """
    old_cards, new_cards = cards(old), cards(new)
    moved = {s for s in old_cards.keys() | new_cards.keys() if old_cards.get(s) != new_cards.get(s)}
    relinked = {s for s in old.links.keys() | new.links.keys() if old.links.get(s) != new.links.get(s)}

    notes: set[str] = set(bodies) | moved
    # Embedders show the embedded body and title.
    for src in bodies | moved:
        notes |= old.graph.embedders(src) | new.graph.embedders(src)
    # Backlinks: targets of changed links, and targets of notes whose card changed.
    for src in relinked | moved:
        for model in (old, new):
            notes |= {l.target for l in model.links.get(src, ()) if l.kind == "note"}

    folders: set[str] = set()
    tags: set[str] = set()
    for src in moved:
        cards_of = [c for c in (old_cards.get(src), new_cards.get(src)) if c]
        for card in cards_of:
            folders.update(_ancestors(card.folder))
            tags |= _tag_family(card.tags)
        # Previous/next links of the notes beside it.
        for model in (old, new):
            folder = posixpath.dirname(src)
            notes |= {s for s in model.notes if posixpath.dirname(s) == folder}
    # A folder's title is its folder note's title: breadcrumbs below it change.
    for folder in set(old.plan.intros) | set(new.plan.intros):
        intro_old, intro_new = old.plan.intros.get(folder), new.plan.intros.get(folder)
        if intro_old != intro_new or (intro_new in moved):
            folders.add(folder)
            for model in (old, new):
                notes |= {s for s in model.notes if s.startswith(folder + "/")}
                folders |= {f for f in model.plan.folders if f.startswith(folder + "/")}

    keys = set(ALWAYS)
    for src in notes:
        if src in new.notes:
            keys.add(_note_page(new, src))
    keys |= {("folder", f) for f in folders if f in new.plan.folders}
    keys |= {("tag", t) for t in tags if t in new.tags}
    for url, target in new_redirects.items():
        if old_redirects.get(url) != target or target in moved:
            keys.add(("redirect", url))
    return keys


def _note_page(model: Model, src: str) -> tuple[str, str]:
    """A note is shown on its own page, the home page, or its folder's page."""
    if src == model.config.home:
        return ("home", "")
    for folder, intro in model.plan.intros.items():
        if intro == src:
            return ("folder", folder)
    return ("note", src)
