"""Scan a vault folder for notes and attachments, and read one note's text safely."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from .slugs import nfc
from ..syntax import PRIVATE_MARKERS

MAX_NOTE_BYTES = 8 * 1024 * 1024
_PRIVATE = re.compile("[" + "".join(PRIVATE_MARKERS) + "]")


@dataclass
class VaultFiles:
    """Every note and attachment, by vault-relative NFC path with `/` separators."""

    root: Path
    notes: dict[str, Path] = field(default_factory=dict)
    attachments: dict[str, Path] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _excluded(rel: str, exclude: list[str]) -> bool:
    folded = rel.casefold()
    return any(folded == e or folded.startswith(e + "/") for e in exclude)


def scan_vault(root: Path, exclude: list[str] = (), output: Path | None = None) -> VaultFiles:
    """Walk the vault. Dot-folders, excluded folders and the output folder are skipped;
    a symlink is followed only when its real path stays inside the vault, and each
    real folder is walked once, so a symlink loop ends."""
    root = root.resolve()
    files = VaultFiles(root)
    exclude = [nfc(e).strip("/").casefold() for e in exclude if e.strip("/")]
    skip_real = {output.resolve()} if output else set()
    seen_dirs: set[Path] = set()

    def walk(folder: Path, rel: str) -> None:
        real = folder.resolve()
        if real in seen_dirs:
            files.diagnostics.append(Diagnostic(rel or ".", 1, 1, "symlink-loop",
                                                "folder already visited through a symlink; skipped"))
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = nfc(entry.name)
            if name.startswith("."):
                continue
            child_rel = posixpath.join(rel, name) if rel else name
            path = Path(entry.path)
            if _excluded(child_rel, exclude):
                continue
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root) or not target.exists():
                    files.diagnostics.append(Diagnostic(
                        child_rel, 1, 1, "symlink-outside",
                        "symlink points outside the vault (or nowhere); not followed"))
                    continue
            if entry.is_dir():
                if path.resolve() in skip_real:
                    continue
                walk(path, child_rel)
            elif entry.is_file():
                table = files.notes if name.lower().endswith(".md") else files.attachments
                if child_rel in table:  # the same name twice, once composed and once decomposed
                    files.diagnostics.append(Diagnostic(
                        child_rel, 1, 1, "slug-collision",
                        "two files have this name, differing only in Unicode normalization (NFC/NFD); "
                        "only the first is used"))
                    continue
                table[child_rel] = path

    walk(root, "")
    return files


def read_note(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """The note's text with one BOM stripped and newlines normalised, or None with the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(rel, 1, 1, "bad-encoding", f"cannot read the file: {exc.strerror}")]
    if len(data) > MAX_NOTE_BYTES:
        return None, [Diagnostic(rel, 1, 1, "file-too-large",
                                 f"{len(data)} bytes, over the {MAX_NOTE_BYTES}-byte limit; skipped")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data:
            return None, [Diagnostic(rel, 1, 1, "bad-encoding", "binary content (NUL bytes) in a .md file")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            return None, [Diagnostic(rel, line, col, "bad-encoding",
                                     f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The renderer uses private-use characters as markers; a note must not forge them.
    return _PRIVATE.sub("\ufffd", text), []
