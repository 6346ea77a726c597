"""Phase 1, collect: from parsed notes to the site model (URLs, resolved links, tags, graph)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import SiteConfig
from ..diagnostics import Diagnostic
from ..faults import attempt
from ..textsafe import plain_line
from .graph import LinkGraph
from .history import History
from .home import choose_home
from .links import NameIndex
from ..syntax.markdown import NoteFacts
from .meta import NoteMeta
from .notefile import NoteRecord
from .properties import TypedValue, type_value
from .resolving import Link, resolve_fact, resolve_safely  # noqa: F401 - Link and resolve_fact are imported from here
from .slugs import encode_href, page_url
from .tagbudget import apply_budget
from ..syntax import ROOT
from ..syntax.tags import tag_key
from .urls import UrlPlan, attachment_urls, plan_urls, tag_urls
from ..workers import RenderInput


@dataclass
class Note:
    """A published note, with everything its page and its neighbours need."""

    src: str
    name: str  # file name without `.md`
    title: str
    meta: NoteMeta
    facts: NoteFacts
    url: str
    tags: tuple[str, ...]  # tag keys, front matter first, then inline
    values: dict[str, TypedValue] = field(default_factory=dict)  # every property, typed, in order

    @property
    def id(self) -> str:
        """The graph id: vault path without `.md` (`Практики/Наставник`)."""
        return self.src[:-3]

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.src)


@dataclass
class Tag:
    key: str
    name: str  # as first seen in the vault
    url: str  # its page, or its entry on the tags index (`tags/#tag-…`, collect/tagbudget.py)
    notes: list[str] = field(default_factory=list)  # sources tagged with it or a child tag


@dataclass
class Model:
    """Everything known after the collect phase; rendering reads it and writes nothing."""

    config: SiteConfig
    notes: dict[str, Note]
    records: dict[str, NoteRecord]
    plan: UrlPlan
    links: dict[str, list[Link]]
    files: dict[str, str]  # used attachment src → URL
    tags: dict[str, Tag]
    graph: LinkGraph
    index: NameIndex
    hidden_index: NameIndex
    attachments: dict[str, Path]
    scan_diagnostics: list[Diagnostic] = field(default_factory=list)
    link_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)
    note_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)  # collecting failed there
    tag_diagnostics: list[Diagnostic] = field(default_factory=list)  # notes whose tags failed to collect
    site_diagnostics: list[Diagnostic] = field(default_factory=list)  # set by site.complete()
    planned: tuple | None = None  # pages.plan_pages() memo
    order: dict | None = None  # pages.folder_notes() memo
    views: dict = field(default_factory=dict)  # .base/.canvas src → ViewDoc (collect/viewdocs.py)
    view_facts: object = None  # views.evaluation.ViewFacts, set by collect/viewdocs.with_views()
    history: History = field(default_factory=History)  # git dates of the notes, set by site.py

    @property
    def diagnostics(self) -> list[Diagnostic]:
        out = list(self.scan_diagnostics) + list(self.plan.diagnostics) + list(self.site_diagnostics)
        out += self.config.settings_problems
        for record in self.records.values():
            out.extend(record.diagnostics)
        for note in self.notes.values():
            out.extend(attempt(note.src, "checking the properties", out, lambda: property_problems(note), []))
        for found in list(self.link_diagnostics.values()) + list(self.note_diagnostics.values()):
            out.extend(found)
        out.extend(self.tag_diagnostics)
        for doc in self.views.values():
            out.extend(doc.diagnostics)
        if self.view_facts is not None:
            out.extend(self.view_facts.diagnostics)
        out.extend(self.history.diagnostics)
        return out

    def url_of(self, src: str) -> str:
        if src in self.notes:
            return self.notes[src].url
        return self.views[src].url if src in self.views else self.files[src]


def _title(record: NoteRecord) -> str:
    """Front matter title, else the file name; a folder's `index.md` is named after its folder."""
    name = posixpath.basename(record.src)[:-3]
    if name.lower() == "index" and "/" in record.src:
        name = posixpath.basename(posixpath.dirname(record.src))
    return record.meta.title or plain_line(name)  # a file name may hold a newline or ESC too


def _note_tags(record: NoteRecord | Note) -> list[str]:
    """Front matter and inline tags merged, as written, first spelling of each kept."""
    seen, out = set(), []
    for tag in (*record.meta.tags, *record.facts.tags):
        key = tag_key(tag)
        if key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def collect(config: SiteConfig, records: dict[str, NoteRecord], attachments: dict[str, Path],
            scan_diagnostics: list[Diagnostic], resolved: dict | None = None) -> Model:
    """Build the model from every note record (published or not); `resolved`: src → (links,
    problems) already known for these records and attachments (a resumed build's)."""
    published = sorted(s for s, r in records.items() if r.readable and r.meta.is_published(config.publish))
    hidden = sorted(s for s, r in records.items() if r.readable and not r.meta.is_published(config.publish))
    if config.home and config.home not in published:
        scan_diagnostics = list(scan_diagnostics) + [Diagnostic(
            "sitegen.toml", 1, 1, "bad-settings",
            f"home '{config.home}' is no published note of the vault; the home page lists the notes")]
    config = replace(config, home=config.home or choose_home(published, records))
    index = NameIndex.build(published, attachments, {s: list(records[s].meta.aliases) for s in published})
    hidden_index = NameIndex.build(hidden, (), {s: list(records[s].meta.aliases) for s in hidden})
    plan = plan_urls(published, config.home, config.ascii_urls)

    links: dict[str, list[Link]] = {}
    link_diags: dict[str, list[Diagnostic]] = {}
    for src in published:
        links[src], link_diags[src] = (resolved or {}).get(src) or resolve_safely(
            records[src], index, hidden_index, records)
    note_diags: dict[str, list[Diagnostic]] = {src: [] for src in published}
    notes = {src: _note_safely(config, plan, records[src], note_diags[src]) for src in published}
    tag_diags: list[Diagnostic] = []
    tags = _tags(config, notes, tag_diags)
    edges = [(src, l.target, l.fact.kind, l.fact.key) for src, ls in links.items() for l in ls if l.kind == "note"]
    return Model(config, notes, records, plan, links, _used_files(config, links),
                 tags, LinkGraph.build(published, edges), index, hidden_index,
                 attachments, list(scan_diagnostics), link_diags, _only_failed(note_diags), tag_diags)


def _only_failed(diags: dict[str, list[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    return {src: found for src, found in diags.items() if found}


def _note_safely(config: SiteConfig, plan: UrlPlan, rec: NoteRecord, failed: list[Diagnostic]) -> Note:
    """_note, or, when it fails on this note, the note with only its body (see _bare)."""
    note = attempt(rec.src, "collecting the note", failed, lambda: _note(config, plan, rec), None)
    if note is None:
        name = posixpath.basename(rec.src)[:-3]
        note = _bare(Note(rec.src, name, plain_line(name), rec.meta, rec.facts, page_url(plan.notes[rec.src]), ()))
    return note


def _bare(note: Note) -> Note:
    """A note whose tags or properties could not be collected: published without them,
    so that no page or link asks for a tag or a typed value the model does not have."""
    return replace(note, tags=(), values={}, meta=replace(note.meta, tags=(), properties=()),
                   facts=replace(note.facts, tags=()))


def _note(config: SiteConfig, plan: UrlPlan, rec: NoteRecord) -> Note:
    title = rec.meta.title or (config.title if rec.src == config.home else _title(rec))
    keys = tuple(tag_key(t) for t in _note_tags(rec))
    values = {p.key: type_value(p.key, p.value, config.property_types) for p in rec.meta.properties}
    return Note(rec.src, posixpath.basename(rec.src)[:-3], title, rec.meta, rec.facts,
                page_url(plan.notes[rec.src]), keys, values)


def property_problems(note: Note) -> list[Diagnostic]:
    """Values that do not fit the type types.json (or `property_types`) gives their key."""
    out = []
    for prop in note.meta.properties:
        typed = note.values.get(prop.key)
        if typed is not None and typed.declared:
            out.append(Diagnostic(note.src, prop.line, prop.col, "property-type",
                                  f"'{prop.key}' is declared {typed.declared}, but its value is not; "
                                  f"shown as {typed.type}"))
    return out


def _used_files(config: SiteConfig, links: dict[str, list[Link]]) -> dict[str, str]:
    used = sorted({l.target for ls in links.values() for l in ls if l.kind == "attachment"})
    return attachment_urls(used, config.ascii_urls, config.trust_html)


def _tags(config: SiteConfig, notes: dict[str, Note], failed: list[Diagnostic]) -> dict[str, Tag]:
    """Every tag and every parent of a nested tag, named as first seen in path order.
    A note whose tags fail to collect loses them (`notes` is updated) and gets a diagnostic in `failed`."""
    names: dict[str, str] = {}
    for src, note in list(notes.items()):
        spelled = attempt(src, "collecting the tags", failed, lambda: _spelled_tags(note), None)
        if spelled is None:
            notes[src] = _bare(note)
            continue
        for key, name in spelled:
            names.setdefault(key, name)
    urls = tag_urls(sorted(names), config.ascii_urls)
    tags = {k: Tag(k, names[k], urls[k]) for k in sorted(names)}
    for src, note in notes.items():
        for key in sorted(tag_family(note.tags)):
            tags[key].notes.append(src)
    failed += apply_budget(tags)
    return tags


def _spelled_tags(note: Note) -> list[tuple[str, str]]:
    """(key, name as written) of the note's tags and of every parent of a nested one."""
    out = []
    for tag in _note_tags(note):
        if "/" not in tag:  # the usual tag: no parents to name
            out.append((tag_key(tag), tag))
            continue
        parts = tag.split("/")
        out += [(tag_key("/".join(parts[:depth])), "/".join(parts[:depth])) for depth in range(1, len(parts) + 1)]
    return out


def tag_family(keys) -> set[str]:
    """The tags and every parent of each: `a/b/c` → a, a/b, a/b/c."""
    return {k if "/" not in k else "/".join(k.split("/")[:d])
            for k in keys for d in range(1, k.count("/") + 2)}


def recollect(old: Model, records: dict[str, NoteRecord], changed: set[str]) -> Model | None:
    """The model after the notes in `changed` were re-read, computed from `old`.

    Only when nothing that decides names or URLs moved: the same readable,
    published notes with the same aliases. Otherwise returns None, and the
    caller runs a full collect.
    """
    for src in changed:
        before, after = old.records.get(src), records.get(src)
        if before is None or after is None or before.readable != after.readable \
                or before.meta.is_published(old.config.publish) != after.meta.is_published(old.config.publish) \
                or before.meta.aliases != after.meta.aliases \
                or before.meta.permalink != after.meta.permalink:
            return None
    config = old.config
    touched = {s for s in changed if s in old.notes}
    # Links into a changed note may gain or lose their heading or block.
    again = touched | {p for s in touched for p in old.graph.predecessors(s)}
    links, link_diags = dict(old.links), dict(old.link_diagnostics)
    for src in again:
        links[src], link_diags[src] = resolve_safely(records[src], old.index, old.hidden_index, records)
    notes = dict(old.notes)
    note_diags = {s: list(found) for s, found in old.note_diagnostics.items() if s not in touched}
    for src in touched:
        notes[src] = _note_safely(config, old.plan, records[src], note_diags.setdefault(src, []))
    tags, tag_diags = old.tags, old.tag_diagnostics
    if any(d.file in touched for d in tag_diags) or not all(
            notes[s].tags == old.notes[s].tags and notes[s].meta.tags == old.notes[s].meta.tags for s in touched):
        tag_diags = []
        tags = _tags(config, notes, tag_diags)
    edges = [(src, l.target, l.fact.kind, l.fact.key) for src in again for l in links[src] if l.kind == "note"]
    model = Model(config, notes, records, old.plan, links, _used_files(config, links), tags,
                  old.graph.with_edges(again, edges), old.index, old.hidden_index, old.attachments,
                  old.scan_diagnostics, link_diags, _only_failed(note_diags), tag_diags)
    model.history = old.history  # read once per full build: watch mode does not follow commits
    # Same notes, URLs, aliases and tags: the same pages and redirects.
    model.planned = old.planned if tags is old.tags else None
    if all(notes[s].title == old.notes[s].title for s in touched):
        model.order = old.order  # reading order within folders depends only on titles
    return model


def href_of(model: Model, link: Link) -> str | None:
    """The ROOT-relative, percent-encoded href a link renders with (None when unresolved)."""
    if link.target is None:
        return None
    url = model.url_of(link.target)
    return ROOT + encode_href(url + ("#" + link.anchor if link.anchor else ""))


def render_input(model: Model, src: str, path: str = "") -> RenderInput:
    table: dict[tuple[str, bool], dict | None] = {}
    for link in model.links.get(src, ()):
        if link.fact.kind == "property":
            continue  # property values are rendered with the page, not in the body
        href = href_of(model, link)
        table[(link.fact.target, link.fact.markdown)] = None if href is None else {"href": href}
    note = model.notes[src]
    written = set(note.meta.tags) | set(note.facts.tags)
    tag_hrefs = {t: ROOT + encode_href(model.tags[tag_key(t)].url) for t in written}
    return RenderInput(table, tag_hrefs, path)
