"""A build whose every input is the same as last time's, into an untouched site, does nothing.

Next to the cache sits `build.json`: a key made of everything a build reads (every
note and attachment's bytes and modification time, the Git commit the vault is at (bases
show file times: sitegen.collect.filetimes), the `.obsidian` and `.sitegen` folders, the settings,
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
from pathlib import Path

from ..diagnostics import Diagnostic
from ..collect.filetimes import git_head
from ..collect.vault import read_regular

FILE_NAME = "build.json"
VERSION = 1
SETTINGS_FOLDERS = (".obsidian", ".sitegen")


def build_key(salt: str, config: object, files: dict[str, dict[str, Path]], vault: Path,
              out: Path) -> str | None:
    """A hash of every input of a build, or None when one cannot be read (then no shortcut)."""
    digest = hashlib.blake2b(f"{salt}\0{config!r}\0{out.resolve()}".encode("utf-8"), digest_size=20)
    try:
        for kind, group in sorted(files.items()):
            for src in sorted(group):
                digest.update(f"\0{kind}\0{src}\0".encode("utf-8"))
                digest.update(hashlib.blake2b(read_regular(group[src]), digest_size=16).digest())
                digest.update(b"%d" % int(os.stat(group[src]).st_mtime))
        digest.update(f"\0{git_head(vault)}".encode("utf-8"))
        site = out.resolve()
        for name in SETTINGS_FOLDERS:
            for path in sorted((vault / name).rglob("*")):
                if path.is_file() and not path.resolve().is_relative_to(site):  # the output is no input
                    digest.update(f"\0{path.relative_to(vault).as_posix()}\0".encode("utf-8") + path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def output_state(out: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under `out`."""
    state = {}
    for root, _, names in os.walk(out):
        for name in names:
            path = os.path.join(root, name)
            st = os.lstat(path)
            state[os.path.relpath(path, out)] = [st.st_size, st.st_mtime_ns]
    return state


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
             notes: int, pages: int) -> None:
    """Record a finished build; without a key, forget the last one."""
    path = cache_dir / FILE_NAME
    try:
        if key is None:
            path.unlink(missing_ok=True)
            return
        data = {"version": VERSION, "key": key, "notes": notes, "pages": pages,
                "diagnostics": [{"file": d.file, "line": d.line, "col": d.col, "code": d.code,
                                 "message": d.message} for d in diagnostics],
                "files": output_state(out)}
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass  # the next build does the whole work: slower, never wrong
