"""`sitegen build` after a few files changed: update the last build's site the way `serve` does.

A build into an output folder pickles, next to the cache, what `serve` keeps in
memory (the collected model, the rendered bodies, the planned pages), with the
digest of every input file (sitegen.emit.unchanged) and the size and time of every
file it left in the output. The next build that finds the same settings, theme
and output folder, and only notes or attachments whose bytes changed, does not
parse, collect and render the vault again: it hard-links the old site into a
staging folder, lets the LiveSite update bring that folder up to date (files are
replaced, never written into, so the old site's links stay intact) and swaps it
in. The result is the bytes a full build makes (tests/test_resume.py); anything
unexpected means a full build instead.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import time
from pathlib import Path

from ..emit.output import MARKER, StagedOutput
from ..emit.theme import Theme
from ..emit.unchanged import SETTINGS, output_state
from ..workers import NoteSettings, Shard
from .rebuild import LiveSite

FILE_NAME = "live.pickle"
VERSION = 1
# What a LiveSite holds that the next process can use as it is (the theme and the
# shard of parsed tokens are made again).
KEPT = ("vault", "out", "overrides", "inside_ok", "config", "model", "bodies", "files", "pages",
        "redirects", "copied", "data_names", "has_feed", "has_missing")


def save(cache_dir: Path, live: LiveSite, salt: str, digests: dict[str, str], clean: bool,
         state: dict | None = None) -> None:
    """Keep `live` for the next build; `clean`: the build wrote no notice page and refused no
    file (such problems are only found by writing every page, so those builds are not resumed)."""
    path = cache_dir / FILE_NAME
    temp = path.with_name(path.name + ".tmp")
    try:
        if not clean:
            path.unlink(missing_ok=True)
            return
        data = {"version": VERSION, "salt": salt, "digests": digests,
                "files": state if state is not None else output_state(live.out),
                "live": {name: getattr(live, name) for name in KEPT}}
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except Exception:  # noqa: BLE001 - something in the model cannot be pickled, or the disk is full
        temp.unlink(missing_ok=True)
        path.unlink(missing_ok=True)  # the next build is a full one: slower, never wrong


def _load(cache_dir: Path) -> dict | None:
    gc.disable()  # millions of small objects: the collector would rescan them over and over
    try:
        with open(cache_dir / FILE_NAME, "rb") as handle:
            data = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, damaged, or from another sitegen
        return None
    finally:
        gc.enable()
    return data if isinstance(data, dict) and data.get("version") == VERSION else None


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


def clone_site(out: Path, stage: Path) -> None:
    """Fill the empty staging folder with hard links to every file of `out` (copies where
    links cannot be made)."""
    (stage / MARKER).unlink()
    if shutil.which("cp") and subprocess.run(
            ["cp", "-al", "--", f"{out}/.", str(stage)], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0:
        return
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


def resume(cache_dir: Path, out: Path, salt: str, digests: dict[str, str] | None,
           theme: Theme) -> tuple[LiveSite, list] | None:
    """Bring the site in `out` up to date from the last build's state: (the updated site,
    its problems), or None when a full build is needed (nothing was written then)."""
    if digests is None or not (cache_dir / FILE_NAME).is_file():
        return None
    data = _load(cache_dir)
    if data is None or data.get("salt") != salt or data["digests"].get(SETTINGS) != digests.get(SETTINGS):
        return None
    kept = data["live"]
    paths = changed_paths(kept["vault"], data["digests"], digests)
    if not paths or kept["out"] != out or output_state(out) != data["files"]:
        return None
    live = LiveSite.__new__(LiveSite)
    live.__dict__.update(kept)
    live.theme = theme
    live.shard = Shard(NoteSettings.of(live.config))
    live.shard.paths = {src: str(p) for src, p in live.files.notes.items()}
    staged = StagedOutput(out)
    try:
        clone_site(out, staged.stage)
        live.write_to = staged.stage
        update = live._apply(paths, time.perf_counter())
        live.write_to = None
        if update.full:
            raise RuntimeError("a resumed build cannot rebuild in full")  # changes.config: excluded above
        staged.commit()
    except Exception:  # noqa: BLE001 - whatever went wrong, a full build still makes the site
        staged.abort()
        return None
    except BaseException:
        staged.abort()
        raise
    return live, update.diagnostics
