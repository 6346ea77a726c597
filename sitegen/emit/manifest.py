"""What each output page was built from: pages whose inputs did not change are carried, not rendered.

The manifest sits next to the build cache and maps, for one output folder, each
page's file to a hash of everything its bytes depend on (its template context,
its URL and template, the theme's files and sitegen's own code) plus the size and
modification time the file had when it was written. A later build into the same
folder hard-links such a file from the old site into the new staging folder
(copying where links are not possible) instead of rendering it again, so the
swap stays atomic. A file that was touched since (watch mode rewrites pages in
place, a user may edit one) no longer matches its recorded size and time, and is
rendered again.

The forked page writers cannot return values, so each process appends what it
produced to a file of its own, which the parent reads back when they are done.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from ..cache import fingerprint
from .output import MARKER, MARKER_TEXT

FILE_NAME = "pages.json"
VERSION = 1


def _default(value: object) -> object:
    """JSON for what a context may hold besides plain data (sets, tuples, dataclasses)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if hasattr(value, "__dict__"):
        return vars(value)
    raise TypeError(f"not hashable as page input: {type(value).__name__}")


def input_hash(salt: str, page_key: tuple, context: dict) -> str | None:
    """A hash of one page's inputs, or None when the context holds something we cannot
    hash faithfully (such a page is always rendered)."""
    try:
        text = json.dumps([salt, page_key, context], ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"), default=_default)
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def hash_text(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def theme_salt(theme, extra: object = "") -> str:
    """A hash of the template files the theme can load and of sitegen's code."""
    digest = hashlib.blake2b(fingerprint().encode() + repr(extra).encode(), digest_size=16)
    for folder in sorted(set(_template_folders(theme.env.loader))):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _template_folders(loader) -> list[str]:
    found = list(getattr(loader, "searchpath", []))
    for inner in getattr(loader, "loaders", []):
        found += _template_folders(inner)
    for inner in getattr(loader, "mapping", {}).values():
        found += _template_folders(inner)
    return found


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class PageManifest:
    """The previous build's record for `out`, and the one this build makes."""

    def __init__(self, cache_dir: Path | None, out: Path, stage: Path) -> None:
        self.path = cache_dir / FILE_NAME if cache_dir is not None else None
        self.out, self.stage = out.resolve(), stage
        # Named and marked like the stage, so the next build removes it if this one is killed.
        self.parts = stage.with_name(f"{stage.name}.manifest-parts")
        shutil.rmtree(self.parts, ignore_errors=True)
        self.parts.mkdir()
        (self.parts / MARKER).write_text(MARKER_TEXT)
        self.old: dict[str, list] = self._load() if out.is_dir() else {}
        self._open: dict[int, object] = {}
        self.pages: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no manifest, or a damaged one: every page is rendered
        if not isinstance(data, dict) or data.get("version") != VERSION or data.get("out") != str(self.out):
            return {}
        pages = data.get("pages")
        return pages if isinstance(pages, dict) else {}

    def unchanged(self, rel: str, digest: str | None) -> bool:
        """Whether the old site's `rel` was built from `digest` and is untouched since."""
        old = self.old.get(rel) if digest is not None else None
        if not old or old[0] != digest:
            return False
        stat = _stat(self.out / rel)
        return stat is not None and stat[:2] == old[1][:2]

    def carry(self, rel: str, digest: str | None) -> bool:
        """Link `rel` from the old site into the stage if it was built from `digest` and is untouched."""
        if not self.unchanged(rel, digest):
            return False
        source = self.out / rel
        target = self.stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copy2(source, target)  # keeps the time, so the next build can carry it too
            except OSError:
                return False
        self.record(rel, digest)
        return True

    def record(self, rel: str, digest: str | None) -> None:
        """Note what `rel` was built from; called in whichever process wrote it."""
        pid = os.getpid()
        handle = self._open.get(pid)
        if handle is None:
            # Line-buffered: a forked writer ends with os._exit, which flushes nothing.
            handle = self._open[pid] = open(self.parts / f"{pid}.tsv", "a", encoding="utf-8", buffering=1)
        handle.write(f"{rel}\t{digest or '-'}\n")  # '-': inputs unknown, never carried

    def gather(self) -> None:
        """Collect every process's part with the files' final size and time; runs after the writers."""
        for handle in self._open.values():
            handle.close()
        self._open = {}
        self.pages: dict[str, list] = {}
        for part in sorted(self.parts.glob("*.tsv")):
            for line in part.read_text(encoding="utf-8").splitlines():
                rel, _, digest = line.partition("\t")
                if digest == "-":
                    continue
                stat = _stat(self.stage / rel)
                if stat is not None:
                    self.pages[rel] = [digest, stat]
        shutil.rmtree(self.parts, ignore_errors=True)

    def save(self) -> None:
        """Write the manifest of this build; a failure only costs the next build its shortcut."""
        if self.path is None:
            return
        data = {"version": VERSION, "out": str(self.out), "pages": dict(sorted(self.pages.items()))}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(self.path.name + ".tmp")
            temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            pass  # the next build renders every page again: slower, never wrong

    def discard(self) -> None:
        for handle in self._open.values():
            handle.close()
        self._open = {}
        shutil.rmtree(self.parts, ignore_errors=True)
