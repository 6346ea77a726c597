"""A build whose every input is the same as last time's, into an untouched site, does nothing.

Next to the cache sits `build.json`: a key made of everything a build reads (every
note and attachment's bytes and modification time, the Git commit times of its files (bases
show them: sitegen.collect.filetimes), the `.obsidian` and `.sitegen` folders, the settings,
the theme, sitegen's own code), the size and modification time of every file the
build left in the output folder, and the problems it reported. When the next build
of the same vault into the same folder finds the same key and every output file as
it was left, the site is already what a full build would make: the problems are
reported again and nothing is parsed, rendered or written. Any difference, even one
file touched in the output, means a normal build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path

from ..diagnostics import Diagnostic
from ..collect.filetimes import git_times
from ..collect.vault import read_regular

FILE_NAME = "build.json"
VERSION = 1
SETTINGS_FOLDERS = (".obsidian", ".sitegen")
SETTINGS = "settings"  # the input_digests entry for SETTINGS_FOLDERS


STATS_FILE = "inputs.json"  # next to build.json: each input's stat and digest at the last build
# A file whose times are this close to when its stat was taken is never trusted by its stat:
# two writes within one tick of the file system's clock can leave the same size and times.
RACY_NS = 2_000_000_000


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _known_stats(cache_dir: Path | None) -> dict[str, list]:
    """The stats and digests the last build recorded; {} when there are none or they are damaged."""
    if cache_dir is None:
        return {}
    try:
        data = json.loads((cache_dir / STATS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _save_stats(cache_dir: Path | None, stats: dict[str, list]) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cache_dir / f"{STATS_FILE}.{os.getpid()}.tmp"
        temp.write_text(json.dumps({"version": VERSION, "files": stats}, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, cache_dir / STATS_FILE)
    except OSError:
        pass  # the next build reads every file again: slower, never wrong


def _file_digest(path: Path, st: os.stat_result, known: list | None) -> str:
    """The content digest of one input: from the last build's record when the file's size, times
    and inode are as recorded then (as Git's index does), else from its bytes."""
    if (isinstance(known, list) and len(known) == 5 and known[:4] == _stat_key(st)
            and isinstance(known[4], str) and stat.S_ISREG(st.st_mode)):
        return known[4]
    return hashlib.blake2b(read_regular(path), digest_size=16).hexdigest()


def input_digests(files: dict[str, dict[str, Path]], vault: Path, out: Path,
                  cache_dir: Path | None = None) -> dict[str, str] | None:
    """A digest per input file ("kind\0src"), plus one of the settings folders; None when
    one cannot be read (then no shortcut). With `cache_dir`, a file whose stat is what the last
    build recorded there is not read again (a vault of large attachments is not hashed each time)."""
    digests = {}
    known = _known_stats(cache_dir)
    stats: dict[str, list] = {}
    old_enough = time.time_ns() - RACY_NS
    try:
        for kind, group in sorted(files.items()):
            for src in sorted(group):
                name = f"{kind}\0{src}"
                st = os.stat(group[src], follow_symlinks=False)
                digest = _file_digest(group[src], st, known.get(name))
                if max(st.st_mtime_ns, st.st_ctime_ns) < old_enough:
                    stats[name] = _stat_key(st) + [digest]
                digests[name] = f"{digest}:{int(st.st_mtime)}"  # bases show file times
        # The commit times of the vault's files (bases show them), not the commit itself: a
        # commit elsewhere in the repository (or a branch switch) changes no page.
        times = "\n".join(f"{src}\0{a}\0{b}" for src, (a, b) in sorted(git_times(vault).items()))
        settings = hashlib.blake2b(times.encode("utf-8"), digest_size=16)
        site = out.resolve()
        for name in SETTINGS_FOLDERS:
            for path in sorted((vault / name).rglob("*")):
                if path.is_file() and not path.resolve().is_relative_to(site):  # the output is no input
                    settings.update(f"\0{path.relative_to(vault).as_posix()}\0".encode("utf-8") + path.read_bytes())
        digests[SETTINGS] = settings.hexdigest()
    except OSError:
        return None
    if stats != known:
        _save_stats(cache_dir, stats)
    return digests


def build_key(salt: str, config: object, digests: dict[str, str] | None, out: Path) -> str | None:
    """A hash of every input of a build (see input_digests), or None without them."""
    if digests is None:
        return None
    digest = hashlib.blake2b(f"{salt}\0{config!r}\0{out.resolve()}".encode("utf-8"), digest_size=20)
    for name, value in digests.items():
        digest.update(f"\0{name}\0{value}".encode("utf-8"))
    return digest.hexdigest()


def output_state(out: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under `out`."""
    state: dict[str, list[int]] = {}
    folders = [("", str(out))]
    while folders:  # scandir, not os.walk: one stat per file, no path joins (22,000 files at 10,000 notes)
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((prefix + entry.name + "/", entry.path))
                else:
                    st = entry.stat(follow_symlinks=False)
                    state[prefix + entry.name] = [st.st_size, st.st_mtime_ns]
    return dict(sorted(state.items()))


def reuse(cache_dir: Path, key: str | None, out: Path) -> dict | None:
    """What the last build reported, when it had this key and its output is untouched."""
    if key is None:
        return None
    try:
        data = json.loads((cache_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("key") != key:
        return None
    try:
        if output_state(out) != data.get("files"):
            return None
        diagnostics = [Diagnostic(d["file"], d["line"], d["col"], d["code"], d["message"])
                       for d in data["diagnostics"]]
        return {"diagnostics": diagnostics, "notes": int(data["notes"]), "pages": int(data["pages"])}
    except (OSError, KeyError, TypeError, ValueError):
        return None


def remember(cache_dir: Path, key: str | None, out: Path, diagnostics: list[Diagnostic],
             notes: int, pages: int, state: dict[str, list[int]] | None = None) -> dict | None:
    """Record a finished build; without a key, forget the last one. Returns the output's
    state as recorded: `state` when the caller knows it (a resumed build), else read from `out`."""
    path = cache_dir / FILE_NAME
    try:
        if key is None:
            path.unlink(missing_ok=True)
            return None
        state = output_state(out) if state is None else state
        data = {"version": VERSION, "key": key, "notes": notes, "pages": pages,
                "diagnostics": [{"file": d.file, "line": d.line, "col": d.col, "code": d.code,
                                 "message": d.message} for d in diagnostics],
                "files": state}
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path)
        return state
    except OSError:
        return None  # the next build does the whole work: slower, never wrong
