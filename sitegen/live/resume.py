"""`sitegen build` after a few files changed: update the last build's site the way `serve` does.

A build into an output folder saves, next to the cache, the data `serve` starts from:
every note record (without its search terms), the cache keys of each note's record
and rendered body, the scan of the vault, the digest of every input file
(sitegen.emit.unchanged), the size and time of every file it left in the output, and,
with search, the index's state without the notes' stems (sitegen.search.saved), so the
update re-indexes only the notes that changed.
It is JSON made by sitegen.datacodec, never code: a damaged or foreign file can only
fail to decode, and then the build is a full one. The next build that finds the same
settings, theme and output folder, and only notes or attachments whose bytes changed,
collects the model again from those records (no parsing), takes the bodies (and, with
search, the records' search terms) from the build cache, hard-links the old site into
a staging folder, lets the LiveSite update bring that folder up to date (files are
replaced, never written into, so the old site's links stay intact) and swaps it in.
The result is the bytes a full build makes (tests/test_resume.py); anything odd: a full build.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

from ..cache import BuildCache
from ..collect.history import History
from ..collect.vault import VaultFiles, read_regular
from ..config import SiteConfig
from ..diagnostics import sort_unique
from ..emit.output import MARKER, StagedOutput
from ..emit.theme import Theme
from ..emit.unchanged import SETTINGS, output_state
from ..search.saved import restore, saved_index
from ..site import BuildResult, body_key, collect_model, record_key
from .cached_bodies import CachedBodies
from .rebuild import LiveSite
from .state import FILE_NAME, SavedState, load, saved_files, resolved_links, saved_links, save, write  # noqa: F401 - save and write are used from here


def changed_paths(vault: Path, old: dict[str, str], new: dict[str, str]) -> list[Path] | None:
    """The vault files whose bytes differ, appeared or vanished; None when something other
    than notes and attachments changed (the theme's static files, the settings folders)."""
    paths = []
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) == new.get(name):
            continue
        kind, _, src = name.partition("\0")
        if kind not in ("note", "file"):
            return None
        paths.append(vault / src)
    return paths


def start_clone(out: Path, stage: Path) -> subprocess.Popen | None:
    """Start filling the empty staging folder with hard links to every file of `out`; the
    links are made by `cp -al` while this process goes on (None: no `cp`, see finish_clone)."""
    (stage / MARKER).unlink()
    if not shutil.which("cp"):
        return None
    return subprocess.Popen(["cp", "-al", "--", f"{out}/.", str(stage)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def finish_clone(cloning: subprocess.Popen | None, out: Path, stage: Path) -> bool:
    """Wait for start_clone's links; where `cp` failed or is missing, link (or copy) here.
    True: every file of `out` is in `stage` as a hard link (with its size and time)."""
    if cloning is not None and cloning.wait() == 0:
        return True
    for root, _, names in os.walk(out):
        target = stage / os.path.relpath(root, out)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            source = os.path.join(root, name)
            if (target / name).exists():
                continue
            try:
                os.link(source, target / name)
            except OSError:
                shutil.copy2(source, target / name)
    return False


def output_after(before: dict[str, list[int]], stage: Path, touched: set[str]) -> dict[str, list[int]]:
    """The output state (sitegen.emit.unchanged.output_state) of a staging folder that held
    the files of `before` as hard links before the update replaced or removed `touched`."""
    state = dict(before)
    for rel in touched:
        try:
            st = os.lstat(stage / rel)
        except FileNotFoundError:
            state.pop(rel, None)
            continue
        state[rel] = [st.st_size, st.st_mtime_ns]
    return dict(sorted(state.items()))


def _usable(saved: SavedState | None, salt: str, digests: dict[str, str], out: Path) -> list[Path] | None:
    """The changed files, when the saved state can be brought up to date to this build."""
    if saved is None or saved.salt != salt or saved.digests.get(SETTINGS) != digests.get(SETTINGS) \
            or saved.out != str(out) or set(saved.body_keys) - set(saved.record_keys):
        return None
    paths = changed_paths(Path(saved.vault), saved.digests, digests)
    if not paths or output_state(out) != saved.output:
        return None
    return paths


def resume(cache_dir: Path, out: Path, salt: str, digests: dict[str, str] | None, theme: Theme,
           config: SiteConfig, history: History) -> tuple[LiveSite, list, SavedState, dict] | None:
    """Bring the site in `out` up to date from the last build's state: (the updated site,
    its problems, the state to save for the next build and write's `raw`), or None when a
    full build is needed (nothing was written then)."""
    if digests is None or not (cache_dir / FILE_NAME).is_file():
        return None
    saved, raw = load(cache_dir) or (None, {})
    paths = _usable(saved, salt, digests, out)
    if saved is None or paths is None:
        return None
    cache = BuildCache(cache_dir)
    gc.freeze()  # the state read lives to the end: keep the collector from rescanning it (as _build does)
    try:
        resumed = _update(cache, saved, paths, out, theme, config, history)
    finally:
        gc.unfreeze()
        cache.close()
    if resumed is None:
        return None
    saved.digests = digests
    live, diagnostics, unchanged = resumed
    raw = {s: data for s, data in raw.items() if s in unchanged}
    return live, sort_unique(diagnostics + cache.diagnostics), saved, raw


def _update(cache: BuildCache, saved: SavedState, paths: list[Path], out: Path, theme: Theme,
            config: SiteConfig, history: History) -> tuple[LiveSite, list] | None:
    if not cache.usable:
        return None
    staged = StagedOutput(out)
    cloning = None
    try:
        cloning = start_clone(out, staged.stage)  # the links are made while the model is collected
        live = _old_site(cache, saved, out, theme, config, history)
        linked = finish_clone(cloning, out, staged.stage)
        if live is None:
            staged.abort()
            return None
        old_records = dict(live.model.records)
        live.write_to = staged.stage
        update = live._apply(paths, time.perf_counter())
        live.write_to = None
        if update.full:
            raise RuntimeError("a resumed build cannot rebuild in full")  # changes.config: excluded above
        if live.bodies.lost:
            raise RuntimeError("the cache lost a body the update showed")  # the full build makes it
        # The new site's state, from the old one and what the update wrote (None: read it after the swap).
        after = output_after(saved.output, staged.stage, live.touched) if linked else None
        staged.commit()
    except BaseException as exc:  # whatever went wrong, a full build still makes the site
        _stop(cloning)
        staged.abort()
        if not isinstance(exc, Exception):
            raise  # an interrupt
        return None
    unchanged = _keep_keys(cache, live, saved, old_records, config)
    saved.output = after
    return live, update.diagnostics, unchanged


def _stop(cloning: subprocess.Popen | None) -> None:
    if cloning is not None and cloning.poll() is None:  # a failure before the links were made
        cloning.kill()
        cloning.wait()


def _old_site(cache: BuildCache, saved: SavedState, out: Path, theme: Theme, config: SiteConfig,
              history: History) -> LiveSite | None:
    """The LiveSite of the last build, from its saved records and the cached bodies."""
    if len(cache.present("bodies", list(saved.body_keys.values()))) != len(set(saved.body_keys.values())):
        return None  # the cache lost some: only a full build can make them
    records = saved.records
    if config.search:  # the search terms live in the cache, with the record they were made for
        found = cache.get_field("records", list(saved.record_keys.values()), "search")
        if len(found) != len(set(saved.record_keys.values())):
            return None
        records = {src: replace(records[src], search=found[k]) for src, k in saved.record_keys.items()}
    vault = Path(saved.vault)
    files = VaultFiles(vault, {s: Path(p) for s, p in saved.files.notes.items()},
                       {s: Path(p) for s, p in saved.files.attachments.items()}, saved.files.diagnostics)
    model = collect_model(config, records, files, history, resolved_links(saved, records))
    if model.views or (model.view_facts is not None and model.view_facts.results):
        # Bases show file sizes and times, read from the disk as it is now, not as the last
        # build saw it: the old results cannot be made again, so which pages changed is unknown.
        return None
    live = LiveSite(vault, out, inside_ok=True)
    live.adopt(BuildResult(config=config, model=model, theme=theme,
                           bodies=CachedBodies(cache, dict(saved.body_keys), set(saved.failing_bodies))), files)
    if config.search:  # without it (or when it does not fit), the update makes the index in full
        live.search_state, live.search_why = restore(saved.search, model)  # why: for the summary
    return live


def _keep_keys(cache: BuildCache, live: LiveSite, saved: SavedState, old_records: dict,
               config: SiteConfig) -> set[str]:
    """Put what the update parsed and rendered into the cache; the keys go into `saved`.
    Returns the notes whose records did not change."""
    record_keys, new_records, unchanged = {}, {}, set()
    for src, record in live.model.records.items():
        if old_records.get(src) is record:
            record_keys[src] = saved.record_keys.get(src, "")
            unchanged.add(src)
            continue
        try:
            record_keys[src] = record_key(src, read_regular(live.files.notes[src]), config)
        except (OSError, KeyError):
            continue  # not cached: the next build that needs it is a full one
        new_records[record_keys[src]] = record
    bodies: CachedBodies = live.bodies
    body_keys = {s: saved.body_keys[s] for s in bodies.body_keys if s in live.model.notes}
    new_bodies = {}
    for src, body in bodies.fresh.items():
        if src in live.model.notes:
            body_keys[src] = body_key(live.model, src, config)
            new_bodies[body_keys[src]] = body
    cache.put_many("records", new_records)
    cache.put_many("bodies", new_bodies)
    saved.records = dict(live.model.records)
    saved.record_keys, saved.body_keys = record_keys, dict(sorted(body_keys.items()))
    saved.failing_bodies = sorted((bodies.failing & body_keys.keys())
                                  | {s for s, b in bodies.fresh.items() if b.failures and s in body_keys})
    saved.files = saved_files(live.files)
    saved.links, saved.link_diagnostics = saved_links(live.model.links), dict(live.model.link_diagnostics)
    state = getattr(live, "search_state", None)
    saved.search = saved_index(state, live.model) if state is not None else None
    return unchanged
