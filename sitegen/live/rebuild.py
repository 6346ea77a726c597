"""Keep a built site in memory and bring it up to date when files change: the engine of `sitegen serve`.

Invariant (tests/test_live.py): after any sequence of edits, creations, renames
and deletions, the output folder is byte-identical to a fresh full build.
"""

from __future__ import annotations

from ..collect.viewdocs import view_docs_of, with_views

import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..collect.model import Model, collect, recollect, render_input
from ..collect.obsidian import SETTINGS_FILES
from ..config import CONFIG_NAME, load_config
from ..diagnostics import Diagnostic, sort_unique
from ..faults import render_failures
from ..emit.fallback import page_or_notice
from ..emit.writer import copied_files, data_files, make_contexts, render_page, write_copies, write_search
from ..search.index import INDEX_DIR
from ..search.state import index_files
from .cached_bodies import carried_bodies, failing_bodies
from .incremental import affected_pages, data_files_same, page_key
from ..emit.output import DirectOutput
from ..emit.pages import plan_pages
from ..site import BuildResult, build_site, complete
from ..collect.slugs import nfc, output_file
from ..emit.theme import Theme
from ..collect.vault import VaultFiles, exclusions, scan_vault
from ..workers import NoteSettings, Shard

# Files editors write next to the real one while saving; never worth a rebuild.
_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".crswap", ".part")


def is_editor_temp(name: str) -> bool:
    return (name.endswith(_TEMP_SUFFIXES) or name.startswith((".#", "~$")) or name == "4913"
            or (name.startswith("#") and name.endswith("#")) or name.startswith(".~lock"))


@dataclass
class Changes:
    """File events sorted by what they mean for the site."""

    notes: set[str] = field(default_factory=set)  # vault paths of notes touched
    structure: bool = False  # something appeared, vanished, or a folder changed: rescan
    attachments: bool = False
    templates: bool = False
    static: bool = False
    config: bool = False

    def __bool__(self) -> bool:
        return bool(self.notes or self.structure or self.attachments or self.templates
                    or self.static or self.config)


def classify(paths: Iterable[Path], vault: Path, theme_dirs: list[Path], known: set[str]) -> Changes:
    """Pure: sort changed paths (which may no longer exist) into kinds of change."""
    changes = Changes()
    vault = vault.resolve()
    for path in paths:
        path = Path(path).absolute()
        if is_editor_temp(path.name):
            continue
        for theme in theme_dirs:
            if path.is_relative_to(theme):
                rel = path.relative_to(theme).parts
                if rel and rel[0] == "static":
                    changes.static = True
                else:
                    changes.templates = True
                break
        else:
            if not path.is_relative_to(vault):
                continue
            rel = nfc(path.relative_to(vault).as_posix())
            if rel == CONFIG_NAME or rel in SETTINGS_FILES:
                changes.config = True  # sitegen.toml, or an Obsidian settings file sitegen reads
            elif rel.startswith(".sitegen/"):
                changes.templates = True
            elif any(part.startswith(".") for part in rel.split("/")):
                continue  # .obsidian, .git, .trash
            elif rel.lower().endswith(".md"):
                changes.notes.add(rel)
                if rel not in known or not path.exists():
                    changes.structure = True
            elif path.is_dir() or not path.exists() and "." not in posixpath.basename(rel):
                changes.structure = True
            else:
                changes.attachments = changes.structure = True
    return changes


@dataclass
class Update:
    urls: list[str]  # pages whose bytes changed (open tabs showing them reload)
    diagnostics: list[Diagnostic]
    seconds: float
    full: bool = False
    first_written: float = 0.0  # seconds until the edited notes' own pages were rewritten


class TrackedOutput(DirectOutput):
    """A DirectOutput that notes every file it replaced or removed (`touched`), so a resumed
    build can tell the output's new state from the old one without reading 22,000 files again."""

    def __init__(self, out: Path) -> None:
        super().__init__(out)
        self.touched: set[str] = set()

    def write_bytes(self, rel: str, data: bytes) -> bool:
        written = super().write_bytes(rel, data)
        if written:
            self.touched.add(rel)
        return written

    def remove(self, rel: str) -> None:
        super().remove(rel)
        self.touched.add(rel)


def update_search(out: DirectOutput, folder: Path, model: Model, previous=None):
    """Rewrite the changed index files in this rebuild, and drop the ones it no longer has;
    returns the index's new state. Without the last state, every file is written and any
    other file in the index folder removed."""
    _, state, gone = write_search(out, model, previous)
    if previous is None:
        index = folder / INDEX_DIR
        old = {p.relative_to(folder).as_posix() for p in index.rglob("*.json")} if index.is_dir() else set()
        gone = old - index_files(state)
    for rel in sorted(gone):
        out.remove(rel)
    return state


class LiveSite:
    def __init__(self, vault: Path, out: Path, overrides: dict | None = None, inside_ok: bool = False) -> None:
        self.vault, self.out, self.overrides = vault, out, dict(overrides or {})
        self.inside_ok = inside_ok  # the default output, inside the vault: its own writes are not edits

    def build(self) -> BuildResult:
        """A full, staged build; keeps everything needed to update it later."""
        result = build_site(self.vault, self.out, load_config(self.vault, self.overrides),
                            inside_ok=self.inside_ok)
        self.adopt(result)
        return result

    def adopt(self, result: BuildResult, files: VaultFiles | None = None) -> None:
        """Keep what a full build into `self.out` made; `files`: its scan, when the caller has it."""
        self.config = result.config
        self.model: Model = result.model
        self.bodies = result.bodies
        self.theme: Theme = result.theme
        self.files: VaultFiles = files or scan_vault(self.vault, exclusions(self.config), self.out)
        self.shard = Shard(NoteSettings.of(self.config))
        self.shard.paths = {src: str(p) for src, p in self.files.notes.items()}
        self.pages, self.redirects, _ = plan_pages(self.model)
        self.copied = copied_files(self.model, self.theme, self.vault, self.files.attachments)
        self.data_names = {p.name for p in self.out.iterdir() if p.suffix in (".json", ".xml", ".txt")}
        first_ctx = make_contexts(self.model, self.bodies)
        self.has_feed, self.has_missing = first_ctx.has_feed, first_ctx.has_missing
        self.search_state = result.search_state

    def theme_dirs(self) -> list[Path]:
        return sorted({d.resolve() for d in [self.theme.dir] + self.theme.static_dirs
                       + [self.theme.dir.parent / "default"]})

    failed = False  # the last update raised: the served site may be half-updated
    write_to: Path | None = None  # where updates are written, when not `out` (sitegen.live.resume)

    def apply(self, paths: Iterable[Path]) -> Update:
        """Update the site for changed paths; after an update that failed, a full build
        (staged, so the site is then exactly what a fresh build makes)."""
        started = time.perf_counter()
        if self.failed:
            result = self.build()
            self.failed = False
            return Update(["*"], result.diagnostics, time.perf_counter() - started, full=True)
        try:
            return self._apply(paths, started)
        except BaseException:
            self.failed = True
            raise

    def _apply(self, paths: Iterable[Path], started: float) -> Update:
        site = self.out.absolute()
        paths = [p for p in paths if not Path(p).absolute().is_relative_to(site)]  # our own writes
        changes = classify(paths, self.vault, self.theme_dirs(), set(self.files.notes))
        if changes.config:
            result = self.build()
            return Update(["*"], result.diagnostics, time.perf_counter() - started, full=True)
        if changes.templates or changes.static:
            self.theme = Theme(self.config.theme, self.vault, self.config.templates)
        old = self.model
        files = scan_vault(self.vault, exclusions(self.config), self.out) if changes.structure else self.files
        records = dict(old.records)
        changed: set[str] = set()
        for src in sorted(set(records) - set(files.notes)):
            del records[src]
            self.shard.forget([src])
        for src in sorted(changes.notes | (set(files.notes) - set(old.records))):
            if src not in files.notes:
                continue
            record = self.shard.parse([(src, str(files.notes[src]))])[0]
            if src not in old.records or record.digest != old.records[src].digest \
                    or record.readable != old.records[src].readable:
                records[src] = record
                changed.add(src)
        model = None if changes.structure else recollect(old, records, changed)
        if model is None:
            model = collect(self.config, records, files.attachments, files.diagnostics)
            model.history = old.history  # the git dates of the first build: edits are not commits
        model = with_views(model, view_docs_of(model, files.attachments), files)  # re-run: bases read every note
        self.files = files
        return self._emit(old, model, changed, changes, started)

    def _bodies_to_render(self, old: Model, model: Model, changed: set[str]) -> set[str]:
        same_urls = (model.plan.notes == old.plan.notes and model.files == old.files
                     and {k: t.url for k, t in model.tags.items()} == {k: t.url for k, t in old.tags.items()})
        if same_urls:
            relinked = {s for s in model.notes if model.links.get(s) != old.links.get(s)}
            return (changed | relinked) & set(model.notes)
        return {s for s in model.notes
                if s in changed or s not in old.notes or render_input(model, s) != render_input(old, s)}

    def _emit(self, old: Model, model: Model, changed: set[str], changes: Changes, started: float) -> Update:
        to_render = self._bodies_to_render(old, model, changed)
        bodies = carried_bodies(self.bodies, model.notes,
                                self.shard.render({s: render_input(model, s) for s in sorted(to_render)}))
        pages, redirects, _ = plan_pages(model)
        old_pages = {p.url: p for p in self.pages}
        ctx = make_contexts(model, bodies)
        folder = self.write_to or self.out
        out = TrackedOutput(folder)
        self.touched = out.touched
        urls = []

        page_problems: list[Diagnostic] = []

        def write(page) -> None:
            html, problem = page_or_notice(lambda: render_page(self.theme, ctx, page), page.key or page.url,
                                           page.url)
            page_problems.extend([problem] if problem else [])
            if out.write_text(output_file(page.url), html):
                urls.append(page.url)

        # The edited notes' own pages first: they are what the editor is looking at.
        first = [p for p in pages if p.kind == "note" and p.key in changed]
        for page in first:
            write(page)
        first_written = time.perf_counter() - started
        complete(model)
        # The footer links the feed and the missing-notes page only when they have entries.
        if changes.templates or (ctx.has_feed, ctx.has_missing) != (self.has_feed, self.has_missing):
            keys = {page_key(p) for p in pages}  # every page shows the theme and the `site` context
        else:
            keys = affected_pages(old, model, to_render, self.redirects, redirects)
        for page in pages:
            if page not in first and (page_key(page) in keys or old_pages.get(page.url) != page):
                write(page)
        new_urls = {p.url for p in pages}
        for url in sorted(set(old_pages) - new_urls):
            out.remove(output_file(url))
            urls.append(url)
        if data_files_same(old, model, pages == self.pages):
            data_names = self.data_names  # what the last update left stands
        else:
            data = data_files(model, ctx, pages)
            for rel, text in data.items():
                out.write_text(rel, text)
            for rel in set(self.data_names) - set(data):
                out.remove(rel)  # the feed goes when the last dated note does
            data_names = set(data)
        if self.config.search:
            self.search_state = update_search(out, folder, model, getattr(self, "search_state", None))
        copied = copied_files(model, self.theme, self.vault, self.files.attachments)
        copy_problems = write_copies(out, model, {
            rel: source for rel, source in copied.items()
            if rel not in self.copied or changes.static or changes.attachments})
        for rel in set(self.copied) - set(copied):
            out.remove(rel)
        self.model, self.bodies, self.pages, self.redirects, self.copied = model, bodies, pages, redirects, copied
        self.data_names = data_names
        self.has_feed, self.has_missing = ctx.has_feed, ctx.has_missing
        return Update(sorted(urls), sort_unique(model.diagnostics + copy_problems + page_problems
                                                + render_failures(failing_bodies(bodies))),
                      time.perf_counter() - started,
                      first_written=first_written)
