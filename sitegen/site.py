"""Build a site from a vault: scan, parse and collect everything, then emit; report what was found."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cache import BuildCache, key as cache_key
from .collect.model import Model, collect, render_input
from .config import SiteConfig, resolve_language
from .diagnostics import Diagnostic, sort_unique
from .emit.embedding import embed_problems
from .emit.writer import emit_site
from .emit.lock import OutputLock
from .emit.output import check_output, site_folder
from .emit.pages import plan_pages
from .emit.theme import Theme
from .emit import unchanged
from .emit.manifest import theme_salt
from .collect.history import History, read_history
from .collect.vault import VaultFiles, exclusions, read_regular, scan_vault
from .collect.viewdocs import view_docs_of, with_views
from .emit.attachments import check_attachments
from .faults import render_failures
from .workers import NoteSettings, NoteWorkers, RenderInput


CACHE_DIR = ".sitegen-cache"  # in the working directory, ignored by git


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: int = 0
    pages: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    model: Model | None = None
    bodies: dict = field(default_factory=dict)
    theme: Theme | None = None
    config: SiteConfig | None = None  # as used: the language decided (the home is the model's)
    search_state: object = None  # the search index's state, for a rebuild (sitegen.search.state)
    remarks: list[str] = field(default_factory=list)  # said after the summary: not problems, only why it took longer


class Progress:
    """Hooks a terminal progress bar can follow; the default does nothing."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, phase: str, n: int = 1) -> None: ...
    def stop(self) -> None: ...


def release_memory() -> None:
    """Give the C heap's free pages back to the system (glibc keeps them otherwise)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do


def complete(model: Model) -> Model:
    """Add the problems only the whole model shows: embed cycles, redirects that cannot be made."""
    model.site_diagnostics = embed_problems(model) + plan_pages(model)[2]
    return model


def record_key(src: str, data: bytes, config: SiteConfig) -> str:
    """The cache key of a note's record: its bytes and the settings that shape parsing."""
    return cache_key("record", src, hashlib.sha1(data).hexdigest(), NoteSettings.of(config))


def body_key(model: Model, src: str, config: SiteConfig, given: RenderInput | None = None) -> str:
    """The cache key of a rendered body: the note and what each of its links and tags becomes."""
    given = given or render_input(model, src)
    return cache_key("body", model.records[src].digest, src, NoteSettings.of(config),
                     given.links, sorted(given.tag_hrefs.items()))


def collect_model(config: SiteConfig, records: dict, files: VaultFiles, history: History,
                  resolved: dict | None = None) -> Model:
    """The whole model from every note's record: links, tags, graph, bases, site-wide problems.
    `resolved`: notes' links as the last build resolved them from these same records."""
    model = collect(config, records, files.attachments, files.diagnostics, resolved)
    model.history = history
    return complete(with_views(model, view_docs_of(model, files.attachments), files))


def cached_parse(workers: NoteWorkers, cache: BuildCache | None, paths: dict[str, Path],
                 config: SiteConfig, tick, keys: dict[str, str] | None = None) -> dict:
    """Note records from the cache when the file's bytes are unchanged, parsed otherwise;
    `keys` is filled with each note's cache key."""
    if cache is None:
        return workers.parse(paths, tick)
    keys = {} if keys is None else keys
    for src, path in paths.items():
        try:
            keys[src] = record_key(src, read_regular(path), config)
        except OSError:
            keys[src] = ""
    hits = cache.get_many("records", sorted(k for k in keys.values() if k))
    records = {src: hits[k] for src, k in keys.items() if k in hits}
    tick(len(records))
    missing = {src: p for src, p in paths.items() if src not in records}
    parsed = workers.parse(missing, tick)
    cache.put_many("records", {keys[s]: r for s, r in parsed.items() if keys[s]})
    records.update(parsed)
    return records


def cached_render(workers: NoteWorkers, cache: BuildCache | None, model: Model,
                  paths: dict[str, Path], config: SiteConfig, tick, keys: dict[str, str] | None = None) -> dict:
    """Rendered bodies from the cache when the note and everything its links point to are
    unchanged; `keys` is filled with each body's cache key."""
    inputs = {src: render_input(model, src, str(paths[src])) for src in model.notes}
    if cache is None:
        return workers.render(inputs, tick)
    keys = {} if keys is None else keys
    keys.update((src, body_key(model, src, config, given)) for src, given in inputs.items())
    hits = cache.get_many("bodies", sorted(keys.values()))
    bodies = {src: hits[k] for src, k in keys.items() if k in hits}
    tick(len(bodies))
    rendered = workers.render({s: i for s, i in inputs.items() if s not in bodies}, tick)
    cache.put_many("bodies", {keys[s]: b for s, b in rendered.items()})
    bodies.update(rendered)
    return bodies


def build_site(
    vault: Path, out: Path | None, config: SiteConfig, progress: Progress | None = None,
    inside_ok: bool = False, skip_unchanged: bool = False,
) -> BuildResult:
    """Collect the whole vault, then emit the site into `out` (None: check only, write nothing).
    One build at a time writes an output (sitegen.emit.lock); a second one is refused.
    `skip_unchanged`: when every input and the output are as the last build left them, report
    that build's problems and do nothing else (the result then holds no model)."""
    if out is None:
        return _build(vault, None, config, progress)
    out = site_folder(out)
    check_output(out, vault, inside_ok)
    with OutputLock(out):
        return _build(vault, out, config, progress, skip_unchanged)


def _build(vault: Path, out: Path | None, config: SiteConfig, progress: Progress | None,
           skip_unchanged: bool = False) -> BuildResult:
    progress = progress or Progress()
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - since, 3)
        return now

    theme = Theme(config.theme, vault, config.templates) if out is not None else None
    files = scan_vault(vault, exclusions(config), out)
    config = resolve_language(config, files.notes)  # before parsing: callout and task labels use it
    history = read_history(vault) if config.git_dates else History()  # one `git log` for every note
    t = lap("scan", started)
    cache_dir = Path(config.cache_dir or CACHE_DIR) if config.cache else None
    key = digests = salt = None
    if out is not None and cache_dir is not None and skip_unchanged:
        salt = theme_salt(theme) + history.digest()
        digests = unchanged.input_digests({"note": files.notes, "file": files.attachments,
                                           "static": theme.static_files()}, vault, out, cache_dir)
        key = unchanged.build_key(salt, config, digests, out)
        done = unchanged.reuse(cache_dir, key, out)
        if done is not None:
            return BuildResult(diagnostics=done["diagnostics"], notes=done["notes"], pages=done["pages"],
                               seconds=time.perf_counter() - started, timings=timings, config=config)
        resumed = _resume(cache_dir, out, f"{salt}\0{config!r}", digests, theme, key, started, timings,
                          config, history)
        if resumed is not None:
            return resumed
    cache = BuildCache(cache_dir) if cache_dir is not None else None
    record_keys: dict[str, str] = {}
    body_keys: dict[str, str] = {}
    found: list[Diagnostic] = []  # about the build itself (the cache), not any one note
    try:
        with NoteWorkers(NoteSettings.of(config), config.jobs, len(files.notes)) as workers:
            progress.start("parse", len(files.notes))
            records = cached_parse(workers, cache, files.notes, config,
                                   lambda n: progress.advance("parse", n), record_keys)
            t = lap("parse", t)
            gc.freeze()  # what exists now lives to the end: keep the collector from rescanning it
            model = collect_model(config, records, files, history)
            gc.freeze()
            t = lap("collect", t)
            result = BuildResult(notes=len(model.notes), model=model, config=config)
            if out is None:
                gc.unfreeze()
                if cache is not None:
                    cache.close()
                    found += cache.diagnostics
                result.diagnostics = sort_unique(model.diagnostics + found
                                                 + check_attachments(model, files.attachments))
                result.seconds = time.perf_counter() - started
                result.timings = timings
                return result
            progress.start("render", len(model.notes))
            bodies = cached_render(workers, cache, model, files.notes, config,
                                   lambda n: progress.advance("render", n), body_keys)
            t = lap("render", t)
            release_memory()  # before forking the page writers, which start as copies of this process
    finally:
        if cache is not None:
            cache.close()
    if cache is not None:
        found += cache.diagnostics
    progress.start("write", len(model.notes) + len(model.tags) + len(model.plan.folders) + 4)
    emitted = emit_site(model, bodies, theme, vault, out, files.attachments,
                        lambda: progress.advance("write"), cache_dir=cache_dir)
    lap("write", t)
    result.bodies, result.theme, result.search_state = bodies, theme, emitted.search_state
    timings["search"] = round(emitted.search_seconds, 3)  # part of "write", reported on its own
    progress.stop()
    result.pages = emitted.pages
    result.diagnostics = sort_unique(model.diagnostics + found + emitted.diagnostics
                                     + render_failures(bodies))
    if cache_dir is not None:
        state = unchanged.remember(cache_dir, key, out, result.diagnostics, result.notes, result.pages)
        if key is not None:
            from .live import resume  # sitegen.live builds on this module
            from .search.saved import saved_index

            resume.save(cache_dir, f"{salt}\0{config!r}", digests, not (emitted.diagnostics or found),
                        state, vault, out, files, model.records, record_keys, body_keys,
                        saved_index(emitted.search_state, model) if emitted.search_state is not None else None,
                        model.links, model.link_diagnostics, [s for s, b in bodies.items() if b.failures])
    result.seconds = time.perf_counter() - started
    result.timings = timings
    gc.unfreeze()  # in watch mode this model is replaced later and must be collectable
    return result


def _resume(cache_dir: Path, out: Path, salt: str, digests: dict[str, str] | None, theme: Theme,
            key: str | None, started: float, timings: dict, config: SiteConfig,
            history: History) -> BuildResult | None:
    """Update the last build's site for the files that changed (sitegen.live.resume), or None."""
    from .live import resume

    resumed = resume.resume(cache_dir, out, salt, digests, theme, config, history)
    if resumed is None:
        return None
    live, diagnostics, saved, raw = resumed
    timings["resume"] = round(time.perf_counter() - started, 3)
    result = BuildResult(diagnostics=diagnostics, notes=len(live.model.notes), pages=len(live.pages),
                         timings=timings, config=live.config, model=live.model, bodies=live.bodies,
                         theme=theme)
    if getattr(live, "search_why", ""):
        result.remarks.append(f"search index made in full: {live.search_why}")
    saved.output = unchanged.remember(cache_dir, key, out, diagnostics, result.notes, result.pages, saved.output)
    resume.write(cache_dir, saved if saved.output is not None else None, raw)
    result.seconds = time.perf_counter() - started
    return result
