"""Which pages a change affects: one pure function over the old and new models (tested as a table).

A page must be re-rendered when anything it shows may differ:

- a note's own page, when its body HTML changed;
- every page that embeds that note, transitively (old and new embedders);
- the notes whose backlinks change: targets of the links that appeared,
  disappeared or changed in a changed note, and every target of a note whose
  title, description or URL changed (backlinks show them);
- notes whose links now resolve differently (a new note resolves them, a
  removed one breaks them): their body changes, so they are in `bodies`;
  links in property values show in the properties panel, not the body: those notes too;
- tag pages of old and new tags (and their parents) of notes whose card changed;
- the folder pages of old and new folders (and their ancestors, whose counts
  change), the notes beside them (previous/next), and every page under a folder
  whose title (its folder note's title) changed (breadcrumbs);
- alias and permalink redirects that appeared, vanished or point elsewhere;
- the notes whose related-notes block (shared tags, links two hops away) changed;
- always the home page, the tag index and the missing-notes page (cheap, site-wide).

A template change, or a change in the `site` context every page shows (such as
whether a feed exists), re-renders every page, and a config change rebuilds
everything; sitegen.live handles those before asking this module.
"""

from __future__ import annotations

from .view_changes import view_pages_affected

import posixpath
from dataclasses import dataclass

from ..collect.model import Model, tag_family
from ..emit.pages import Page, folder_notes
from ..views.related import related_changes

ALWAYS = {("home", ""), ("tags", ""), ("missing", ""), ("graph", ""), ("404", "")}


def _neighbours(model: Model, folders: set[str]) -> dict[str, tuple]:
    """(previous, next) of every note in the given folders."""
    out = {}
    for folder, srcs in folder_notes(model).items():
        if folder in folders:
            for i, src in enumerate(srcs):
                out[src] = (srcs[i - 1] if i else None, srcs[i + 1] if i + 1 < len(srcs) else None)
    return out


def page_key(page: Page) -> tuple[str, str]:
    """(kind, key): one page per kind for site-wide pages, per note/folder/tag/URL otherwise."""
    if page.kind in ("home", "tags", "missing", "graph", "404"):
        return (page.kind, "")
    return (page.kind, page.url if page.kind == "redirect" else page.key)


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _by_target(links) -> dict[str, list]:
    out: dict[str, list] = {}
    for link in links:
        if link.kind == "note":
            out.setdefault(link.target, []).append(link)
    return out


def _property_links(model: Model, src: str) -> list:
    return [l for l in model.links.get(src, ()) if l.fact.kind == "property"]


def _changed(old: Model, new: Model, field) -> set[str]:
    """Notes added, removed, or whose `field(note)` differs."""
    return {s for s in old.notes.keys() | new.notes.keys()
            if s not in old.notes or s not in new.notes or field(old.notes[s]) != field(new.notes[s])}


def affected_pages(
    old: Model, new: Model, bodies: set[str],
    old_redirects: dict[str, str], new_redirects: dict[str, str],
) -> set[tuple[str, str]]:
    """Keys (kind, key) of the new site's pages to re-render.

    `bodies` are the notes whose rendered body changed (own text, or how their links resolve).
    """
    named = _changed(old, new, lambda n: (n.title, n.url))  # added and removed included
    carded = named | _changed(old, new, lambda n: n.meta.description)
    retagged = _changed(old, new, lambda n: n.tags)
    relinked = {s for s in old.links.keys() | new.links.keys() if old.links.get(s) != new.links.get(s)}

    notes: set[str] = set(bodies) | carded | retagged
    for src in bodies | named:  # embedders show the embedded body and its title
        notes |= old.graph.embedders(src) | new.graph.embedders(src)
    for src in named:  # backlinks show the linking note's title
        for model in (old, new):
            notes |= {l.target for l in model.links.get(src, ()) if l.kind == "note"}
    for src in relinked:  # … and the paragraph around each link to the target
        before, after = _by_target(old.links.get(src, ())), _by_target(new.links.get(src, ()))
        notes |= {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
        if _property_links(old, src) != _property_links(new, src):
            notes.add(src)  # its properties panel shows them; its body may be unchanged

    notes |= related_changes(old, new, carded | retagged | relinked)  # shared tags, two hops

    folders: set[str] = set()
    for src in carded:
        for model in (old, new):
            if src in model.notes:
                folders.update(_ancestors(model.notes[src].folder))
    # Previous/next: only the notes whose neighbours actually changed.
    sibling_folders = {posixpath.dirname(s) for s in named}
    before, after = _neighbours(old, sibling_folders), _neighbours(new, sibling_folders)
    notes |= {s for s in after if before.get(s) != after[s] or named.intersection(after[s])}
    # A folder's title is its folder note's title: breadcrumbs below it change.
    for folder in set(old.plan.intros) | set(new.plan.intros):
        intro_old, intro_new = old.plan.intros.get(folder), new.plan.intros.get(folder)
        if intro_old != intro_new or intro_new in named:
            for model in (old, new):
                notes |= {s for s in model.notes if s.startswith(folder + "/")}
                folders |= {f for f in model.plan.folders if f == folder or f.startswith(folder + "/")}

    tags: set[str] = set()
    for src in carded | retagged:
        for model in (old, new):
            if src in model.notes:
                tags |= tag_family(model.notes[src].tags)

    intro_of = {intro: folder for folder, intro in new.plan.intros.items()}
    keys = set(ALWAYS)
    for src in notes & new.notes.keys():
        if src == new.config.home:
            keys.add(("home", ""))
        else:
            keys.add(("folder", intro_of[src]) if src in intro_of else ("note", src))
    keys |= {("folder", f) for f in folders if f in new.plan.folders}
    keys |= {("tag", t) for t in tags if t in new.tags}
    keys |= {("redirect", url) for url, target in new_redirects.items()
             if old_redirects.get(url) != target or target in named}
    keys |= view_pages_affected(old, new, bodies, named)  # bases read every note's properties
    return keys


def data_files_same(old: Model, new: Model, pages_same: bool) -> bool:
    """Whether graph.json, graph-view.json, nav.json, sitemap.xml, robots.txt and feed.xml of
    `new` are those of `old`, so an update need not make them again (at 10,000 notes making
    them costs more than rewriting the edited note's page): they show the notes' titles, URLs,
    folders, tags, dates and descriptions, the links as resolved (unresolved ones with their
    line), the listed pages and the settings. Bases and canvases add nodes: then never."""
    if not pages_same or old.views or new.views or old.config is not new.config \
            or old.plan is not new.plan or old.tags is not new.tags or old.notes.keys() != new.notes.keys():
        return False
    for src, note in new.notes.items():
        before = old.notes[src]
        if note is not before and (note.title, note.url, note.tags, note.meta.date, note.meta.description) \
                != (before.title, before.url, before.tags, before.meta.date, before.meta.description):
            return False
    return all(links is old.links.get(src) or links == old.links.get(src) for src, links in new.links.items()) \
        and old.links.keys() == new.links.keys()
