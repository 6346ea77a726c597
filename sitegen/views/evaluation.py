"""Bases over the collected site: every base page, `![[X.base]]` embed and ```base block evaluated once, after collect."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from ..collect.filetimes import FileStat, front_matter_times
from ..diagnostics import Diagnostic
from ..i18n import collation_key
from .bases import Base, parse_base
from .query import BaseResult, run_base
from .records import from_typed
from .values import FileRecord, Link

if TYPE_CHECKING:
    from ..collect.model import Model

NO_STAT = FileStat(0, None, None)  # a file whose size and times are unknown
BLOCK = "#block-"  # the key of a ```base block: `<note src>#block-<n>`


@dataclass
class ViewFacts:
    """What the bases and canvases of a site show, computed from the model alone."""

    results: dict[tuple[str, str], BaseResult] = field(default_factory=dict)  # (host, base key)
    blocks: dict[str, Base] = field(default_factory=dict)      # `<src>#block-<n>` → parsed block
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)   # (source, target, kind, "")
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def backlinks(self, src: str) -> list[str]:
        return sorted({s for s, t, _, _ in self.edges if t == src and s != src})


def site_clock(model: "Model") -> dt.datetime:
    """"Now" for `now()`/`today()`: SOURCE_DATE_EPOCH when set, else the newest note date,
    else the Unix epoch; never the wall clock, so two builds agree."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    dates = [n.meta.date for n in model.notes.values() if n.meta.date]
    if dates:
        return max(dates).astimezone(dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(1970, 1, 1)


def _link(model: "Model", link) -> Link:
    return Link(link.fact.target, link.target)


def file_records(model: "Model", stats: Mapping[str, FileStat] | None = None) -> dict[str, FileRecord]:
    """Every published note, base, canvas and attachment as a Bases file record. Sizes and times
    come from `stats` (sitegen.collect.filetimes), a note's `created`/`modified` front matter first."""
    stats = stats or {}
    resolve = resolver(model)
    backlinks: dict[str, list[Link]] = {}
    for src, links in sorted(model.links.items()):
        for target in sorted({l.target for l in links if l.target}):
            backlinks.setdefault(target, []).append(Link(src, src))
    records: dict[str, FileRecord] = {}
    for src, note in model.notes.items():
        links = model.links.get(src, ())
        stat = stats.get(src) or NO_STAT
        created, modified = front_matter_times(note.meta)
        records[src] = FileRecord(
            src, stat.size, created or stat.ctime, modified or stat.mtime,
            tags=tuple(model.tags[k].name for k in note.tags),
            links=tuple(_link(model, l) for l in links if l.fact.kind != "embed"),
            embeds=tuple(_link(model, l) for l in links if l.fact.kind == "embed"),
            backlinks=tuple(backlinks.get(src, ())),
            properties={k: from_typed(v, resolve, src) for k, v in note.values.items()})
    for src in list(model.views) + sorted(model.attachments):
        stat = stats.get(src) or NO_STAT
        records.setdefault(src, FileRecord(src, stat.size, stat.ctime, stat.mtime,
                                           backlinks=tuple(backlinks.get(src, ()))))
    return records


def resolver(model: "Model"):
    """`resolve(target, from_path)` for expressions and property links: a vault path or None."""
    from ..collect.links import parse_target
    index = model.index

    def resolve(target: str, from_path: str) -> str | None:
        return index.lookup(parse_target(target).path, from_path).src
    return resolve


def _base_embeds(model: "Model") -> list[tuple[str, str]]:
    """(note, base src) for every note that embeds a published base."""
    return sorted({(src, l.target) for src, links in model.links.items() for l in links
                   if l.fact.kind == "embed" and l.target in model.views
                   and model.views[l.target].kind == "base"})


def evaluate_views(model: "Model", stats: Mapping[str, FileStat] | None = None) -> ViewFacts:
    """Run every base where it is shown; `this` is the showing note (the base on its own page)."""
    facts = ViewFacts()
    shown: list[tuple[str, str, Base]] = []
    for src, doc in model.views.items():
        if doc.base is not None:
            shown.append((src, src, doc.base))
    for host, src in _base_embeds(model):
        if model.views[src].base is not None:
            shown.append((host, src, model.views[src].base))
    for src, note in model.notes.items():
        for n, (text, line) in enumerate(note.facts.base_blocks):
            key = f"{src}{BLOCK}{n}"
            facts.blocks[key] = parse_base(text, src, line, 1)
            shown.append((src, key, facts.blocks[key]))
    if shown:  # the file records cost as much as a collect: only made when a base is shown
        records = file_records(model, stats)
        files = list(records.values())
        clock, language, resolve = site_clock(model), model.config.language, resolver(model)

    def collate(text: str) -> tuple:
        return collation_key(text, language)

    def run(base: Base, host: str) -> BaseResult:
        return run_base(base, files, this=records.get(host), clock=clock, collate=collate,
                        resolve=resolve, language=language)

    same: dict[str, BaseResult] = {}
    for host, key, base in shown:
        if not base.uses_this and key in same:
            result = same[key]  # every host sees the same rows: evaluated once
        else:
            result = same[key] = run(base, host)
        facts.results[(host, key)] = result
        facts.diagnostics += result.diagnostics
        facts.edges += [(host, t, "base", "") for t in result.listed if t in model.notes]
    for src, doc in model.views.items():
        if doc.canvas is not None:
            facts.edges += [(src, t, "canvas", "") for t in _canvas_targets(model, doc)]
    facts.edges = sorted(set(facts.edges))
    facts.diagnostics = sorted(set(facts.diagnostics))
    return facts


def _canvas_targets(model: "Model", doc) -> list[str]:
    """The published notes and files a canvas's file cards show and its text cards link to."""
    published = set(model.notes) | set(model.views) | set(model.attachments)
    return sorted({l.target for links in doc.links.values() for l in links if l.target in published})
