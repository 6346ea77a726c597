"""Plan the pages of the site, and build each page's template context from the model (pure)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..collect.model import Model, Note
from ..diagnostics import Diagnostic
from .embedding import Embedder
from .reading import date_view, note_dates, reading_text
from .values import property_rows
from .backlinks import group_backlinks
from .redirects import redirects as _redirects
from .view_pages import view_backlinks
from ..views.related import link_index, model_related
from ..i18n import collation_key, format_date
from ..collect.slugs import page_url
from ..collect.tagbudget import anchor_of, has_page

RECENT_COUNT = 10
MOST_LINKED_COUNT = 12
# Names one note adds to the missing-notes page (a note of 100,000 broken links would make
# that page hundreds of megabytes); the rest is one line saying how many (README).
MAX_MISSING_PER_NOTE = 1000
PAGE_SIZE = 100  # cards on one page of a tag or folder listing; the rest go to page/2/, page/3/…


@dataclass(frozen=True)
class Page:
    """One file of the site. `key` names what it shows: a note src, a tag key, a folder."""

    kind: str  # note, home, folder, tag, tags, missing, 404, redirect, base, canvas
    url: str
    template: str
    key: str = ""
    part: int = 1  # which page of a paginated listing (tags and folders)


def part_url(url: str, part: int) -> str:
    """The stable URL of one page of a listing: the listing's own URL, then `page/N/`."""
    return url if part == 1 else f"{url}page/{part}/"


def part_count(cards: int) -> int:
    return max(1, -(-cards // PAGE_SIZE))


def pager(url: str, part: int, cards: int) -> dict:
    """Links between the pages of a listing of `cards` cards (empty when it fits on one)."""
    count = part_count(cards)
    pages = [{"number": n, "url": part_url(url, n)} for n in range(1, count + 1)] if count > 1 else []
    return {"number": part, "count": count, "pages": pages,
            "prev": part_url(url, part - 1) if part > 1 else None,
            "next": part_url(url, part + 1) if part < count else None}


def listed_notes(model: Model, folder: str) -> list[str]:
    """The notes a folder's listing shows, in reading order (not its folder note, not the home)."""
    intro = model.plan.intros.get(folder)
    return [s for s in folder_notes(model).get(folder, []) if s not in (intro, model.config.home)]


def plan_pages(model: Model) -> tuple[list[Page], dict[str, str], list[Diagnostic]]:
    """Every HTML page, in a stable order, plus the redirect table (computed once per model)."""
    if model.planned is None:
        model.planned = _plan_pages(model)
    return model.planned


def _plan_pages(model: Model) -> tuple[list[Page], dict[str, str], list[Diagnostic]]:
    home_src = model.config.home if model.config.home in model.notes else None
    intros = set(model.plan.intros.values())
    pages = [Page("home", "", "home.html", home_src or "")]
    for src, note in model.notes.items():
        if src != home_src and src not in intros:
            pages.append(Page("note", note.url, "note.html", src))
    for folder, slug in sorted(model.plan.folders.items()):
        for part in range(1, part_count(len(listed_notes(model, folder))) + 1):
            pages.append(Page("folder", part_url(page_url(slug), part), "folder.html", folder, part))
    for src, doc in model.views.items():
        pages.append(Page(doc.kind, doc.url, f"{doc.kind}.html" if doc.kind == "canvas" else "bases.html", src))
    pages.append(Page("tags", "tags/", "tags.html"))
    for key, tag in model.tags.items():
        for part in range(1, part_count(len(tag.notes)) + 1 if has_page(tag) else 1):
            pages.append(Page("tag", part_url(tag.url, part), "tag.html", key, part))
    pages.append(Page("missing", "missing/", "missing.html"))
    pages.append(Page("graph", "graph/", "graph.html"))
    pages.append(Page("404", "404.html", "404.html"))
    redirects, diags = _redirects(model)
    for url, src in sorted(redirects.items()):
        pages.append(Page("redirect", url, "redirect.html", src))
    return pages, redirects, diags


def note_order(note: Note, language: str) -> tuple:
    return collation_key(note.title, language), note.src


def folder_notes(model: Model) -> dict[str, list[str]]:
    """The notes of each folder in reading order (listings, previous/next); once per model."""
    if model.order is None:
        model.order = _folder_notes(model)
    return model.order


def _folder_notes(model: Model) -> dict[str, list[str]]:
    folders: dict[str, list[str]] = {}
    for src, note in model.notes.items():
        folders.setdefault(note.folder, []).append(src)
    for srcs in folders.values():
        srcs.sort(key=lambda s: note_order(model.notes[s], model.config.language))
    return folders


class Contexts:
    """Builds template contexts; holds the embedder so repeated embeds are expanded once."""

    def __init__(self, model: Model, embedder: Embedder, strings: dict[str, str]) -> None:
        self.model = model
        self.embedder = embedder
        self.strings = strings
        self.lang = model.config.language
        self._folder_notes = folder_notes(model)
        self._facts_memo: dict[str, dict[str, list]] = {}
        self._counts: dict[str, int] = {}  # notes in each folder and everything below it
        for src in model.notes:
            parts = src.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                folder = "/".join(parts[:i])
                self._counts[folder] = self._counts.get(folder, 0) + 1
        # Each tag's direct subtags, gathered once: a tag page must not scan every tag (100,000 tags).
        self._subtags: dict[str, list[str]] = {}
        for key in model.tags:
            parent, slash, _ = key.rpartition("/")
            if slash:
                self._subtags.setdefault(parent, []).append(key)
        self._all_tags: list[dict] | None = None
        self._rank: dict[str, int] | None = None  # note → its place in reading order
        self._tag_notes: dict[str, list[str]] = {}
        self._children: dict[str, list[str]] | None = None  # a tag's notes in reading order, for each of its pages
        self._links = link_index(model)  # for the related notes of each note page
        self.has_feed = any(n.meta.date for n in model.notes.values())
        # The footer links the missing-notes page only when it lists something.
        self.has_missing = any(l.target is None for links in model.links.values() for l in links)

    def _order(self, note: Note) -> tuple:
        return note_order(note, self.lang)

    def in_order(self, srcs) -> list[str]:
        """`srcs` in reading order. Every note's collation key is made once (a tag of 1,600
        notes in 16 pages sorted them 16 times by their keys, 12 s of a 10,000-note build)."""
        if self._rank is None:
            notes = self.model.notes
            self._rank = {s: i for i, s in enumerate(sorted(notes, key=lambda s: self._order(notes[s])))}
        return sorted(srcs, key=self._rank.__getitem__)

    def card(self, src: str) -> dict:
        note = self.model.notes[src]
        return {"title": note.title, "url": note.url, "description": note.meta.description}

    def tag_card(self, key: str) -> dict:
        tag = self.model.tags[key]
        return {"name": tag.name, "url": tag.url, "count": len(tag.notes), "depth": key.count("/"),
                "anchor": anchor_of(tag.url)}

    def folder_title(self, folder: str) -> str:
        intro = self.model.plan.intros.get(folder)
        return self.model.notes[intro].title if intro else posixpath.basename(folder)

    def breadcrumbs(self, folder: str) -> list[dict]:
        crumbs = [{"title": self.strings["home"], "url": ""}]
        parts = folder.split("/") if folder else []
        for i in range(len(parts)):
            sub = "/".join(parts[: i + 1])
            crumbs.append({"title": self.folder_title(sub), "url": page_url(self.model.plan.folders[sub])})
        return crumbs

    def _facts_to(self, source: str) -> dict[str, list]:
        """Target → the link facts of `source` to it, made once per source: a note with
        100,000 links to 100 notes is scanned once, not once per target (issue #9)."""
        memo = self._facts_memo
        if source not in memo:
            by_target: dict[str, list] = {}
            for link in self.model.links[source]:
                by_target.setdefault(link.target, []).append(link.fact)
            memo[source] = by_target
        return memo[source]

    def note(self, src: str) -> dict:
        model, note = self.model, self.model.notes[src]
        backlinks = []
        for source in model.graph.backlinks(src):
            links = self._facts_to(source).get(src, [])
            context = next((f.context for f in links if f.kind == "link" and f.context), "")
            # A front-matter link is named by its key ("author"), shown beside the title.
            key = next((f.key for f in links if f.kind == "property"), "") if not context else ""
            backlinks.append(dict(self.card(source), context=context, key=key, folder=model.notes[source].folder))
        backlinks += view_backlinks(model, src, {b["url"] for b in backlinks})
        backlinks.sort(key=lambda b: (collation_key(b["title"], self.lang), b["url"]))
        siblings = self._folder_notes.get(note.folder, [])
        at = siblings.index(src)
        date = note.meta.date
        created, modified = note_dates(note.meta, model.history.dates.get(src))
        return {
            "src": src, "id": note.id, "title": note.title, "url": note.url,
            "description": note.meta.description, "lang": note.meta.lang,
            "aliases": list(note.meta.aliases), "cssclasses": list(note.meta.cssclasses),
            "date": format_date(date, self.lang, note.meta.date_has_time) if date else "",
            "date_iso": date.isoformat() if date else "",
            "created": date_view(created, self.lang), "modified": date_view(modified, self.lang),
            "reading": reading_text(note.facts.words, self.strings, self.lang),
            "tags": [{"name": model.tags[k].name, "url": model.tags[k].url} for k in note.tags],
            "properties": property_rows(model, src),
            "html": self.embedder.page_body(src),
            "toc": [{"level": h.level, "text": h.text, "id": h.id} for h in note.facts.headings],
            "breadcrumbs": self.breadcrumbs(note.folder),
            "backlinks": backlinks,
            "related": [self.card(s) for s in model_related(model, src, self._links)],  # few backlinks: where to go next
            "backlink_groups": group_backlinks(backlinks, self.folder_title, self.strings["root_folder"], self.lang),
            "prev": self.card(siblings[at - 1]) if at > 0 else None,
            "next": self.card(siblings[at + 1]) if at + 1 < len(siblings) else None,
        }

    def _subfolders(self) -> dict[str, list[str]]:
        """Folder → its direct subfolders, gathered once (each listing scanned every folder)."""
        if self._children is None:
            self._children = {}
            for f in self.model.plan.folders:
                if f:
                    self._children.setdefault(posixpath.dirname(f), []).append(f)
        return self._children

    def folder(self, folder: str, part: int | None = None) -> dict:
        """A folder's listing; `part`: one page of it (its folder note and subfolders on the first)."""
        plan = self.model.plan
        intro = plan.intros.get(folder) if (part or 1) == 1 else None
        subfolders = sorted(self._subfolders().get(folder, ()),
                            key=lambda f: (collation_key(self.folder_title(f), self.lang), f)) \
            if (part or 1) == 1 else []
        url = page_url(plan.folders.get(folder, ""))
        notes = listed_notes(self.model, folder)
        return {
            "title": self.folder_title(folder), "url": url,
            "intro": self.note(intro) if intro else None,
            "breadcrumbs": self.breadcrumbs(posixpath.dirname(folder)) if folder else [],
            "notes": [self.card(s) for s in _part(notes, part)], "count": len(notes),
            "pager": pager(url, part, len(notes)) if part else None,
            "subfolders": [{"title": self.folder_title(f), "url": page_url(plan.folders[f]),
                            "count": self._counts.get(f, 0)} for f in subfolders],
        }

    def overview(self) -> dict:
        model = self.model
        ranked = sorted(model.notes, key=lambda s: (-model.graph.degree(s), self._order(model.notes[s])))
        dated = sorted((n for n in model.notes.values() if n.meta.date),
                       key=lambda n: (-n.meta.date.timestamp(), n.src))
        return {
            "root": self.folder(""),
            "tags": self.all_tags(paged=True),  # a page-less tag's entry is on the tags index
            "most_linked": [dict(self.card(s), count=model.graph.degree(s))
                            for s in ranked[:MOST_LINKED_COUNT] if model.graph.degree(s)],
            "recent": [dict(self.card(n.src), date=format_date(n.meta.date, self.lang))
                       for n in dated[:RECENT_COUNT]],
            "note_count": len(model.notes),
        }

    def all_tags(self, paged: bool = False) -> list[dict]:
        """Every tag in collation order (sorted once: the home page and the tags index both
        list them); `paged`: only those with a page of their own (see collect/tagbudget.py)."""
        if self._all_tags is None:
            keys = sorted(self.model.tags, key=lambda k: (
                [collation_key(p, self.lang) for p in self.model.tags[k].name.split("/")], k))
            self._all_tags = [self.tag_card(k) for k in keys]
        return [c for c in self._all_tags if not c["anchor"]] if paged else self._all_tags

    def tag(self, key: str, part: int = 1) -> dict:
        """One page of a tag's listing (its nested tags on the first)."""
        tag = self.model.tags[key]
        children = sorted(self._subtags.get(key, ()),
                          key=lambda k: (collation_key(self.model.tags[k].name, self.lang), k)) \
            if part == 1 else []
        notes = self._tag_notes.get(key)
        if notes is None:
            notes = self._tag_notes[key] = self.in_order(tag.notes)
        return {"name": tag.name, "url": tag.url, "notes": [self.card(s) for s in _part(notes, part)],
                "count": len(notes), "pager": pager(tag.url, part, len(notes)),
                "children": [self.tag_card(k) for k in children]}

    def missing(self) -> tuple[list[dict], list[dict]]:
        """The missing-notes listing: each unresolved name with the notes linking to it; past
        MAX_MISSING_PER_NOTE names from one note, only how many more that note links to."""
        wanted: dict[str, list[dict]] = {}
        more = []
        for src, links in self.model.links.items():
            listed: set[str] = set()
            left: set[str] = set()
            for link in links:
                name = link.fact.target
                if link.target is not None or name in left:
                    continue
                if name not in listed and len(listed) >= MAX_MISSING_PER_NOTE:
                    left.add(name)
                    continue
                listed.add(name)
                wanted.setdefault(name, []).append(dict(self.card(src), line=link.fact.line))
            if left:
                more.append(dict(self.card(src), count=len(left)))
        listing = [{"target": t, "wanted_by": sorted(w, key=lambda c: (c["url"], c["line"]))}
                   for t, w in sorted(wanted.items(), key=lambda i: (collation_key(i[0], self.lang), i[0]))]
        return listing, sorted(more, key=lambda c: c["url"])


def _part(items: list, part: int | None) -> list:
    """The items on page `part` of a listing (all of them for None)."""
    return items if part is None else items[(part - 1) * PAGE_SIZE: part * PAGE_SIZE]
