"""Scan a vault folder for notes and attachments, and read one note's text safely."""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from .obsidian import ignore_filters as ignore_filters_of
from .slugs import nfc
from ..syntax import PRIVATE_MARKERS

MAX_NOTE_BYTES = 8 * 1024 * 1024
VIEW_FILES = (".base", ".canvas")  # see sitegen/collect/viewdocs.py
_PRIVATE = re.compile("[" + "".join(PRIVATE_MARKERS) + "]")


@dataclass
class VaultFiles:
    """Every note and attachment, by vault-relative NFC path with `/` separators."""

    root: Path
    notes: dict[str, Path] = field(default_factory=dict)
    attachments: dict[str, Path] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Exclusions:
    """What is not published. `exclude` entries are folder names matched at any depth
    (`private`), or paths from the vault root when they hold a `/` (`Archive/2020`,
    `/Templates`). Obsidian's Excluded files (`ignore_filters`: path prefixes or `/regex/`)
    hide notes only: as in Obsidian, their attachments can still be embedded, and so can
    the files of the attachment folder even inside an excluded folder."""

    names: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    attachment_folder: str = ""
    templates: tuple[str, ...] = ()  # template folders: their notes are hidden, their bases are not

    @classmethod
    def of(cls, exclude=(), template_paths=(), ignore_filters=(), attachment_folder: str = "") -> "Exclusions":
        templates = tuple(nfc(t).strip("/").casefold() for t in template_paths if t.strip("/"))
        names, paths = set(), list(templates)
        for entry in exclude:
            entry = nfc(entry).strip()
            if "/" in entry.strip("/") or entry.startswith("/"):
                paths.append(entry.strip("/").casefold())
            elif entry.strip("/"):
                names.add(entry.strip("/").casefold())
        prefixes, patterns, _ = ignore_filters_of(ignore_filters)  # bad ones: reported by config
        return cls(frozenset(names), tuple(paths), prefixes, patterns, nfc(attachment_folder).casefold(),
                   templates)

    def excluded(self, rel: str) -> bool:
        """A folder or file left out entirely: by name at any depth, or by root path."""
        folded = rel.casefold()
        if self.names and not self.names.isdisjoint(folded.split("/")):
            return True
        return any(folded == p or folded.startswith(p + "/") for p in self.paths)

    def keeps_attachments(self, rel: str) -> bool:
        """An excluded folder is still walked for the attachment folder inside it (or above it)."""
        folder, folded = self.attachment_folder, rel.casefold()
        return bool(folder) and (folded == folder or folded.startswith(folder + "/")
                                 or folder.startswith(folded + "/"))

    def in_templates(self, rel: str) -> bool:
        """Inside a template folder (kepano's vault keeps its .base files in Templates/Bases)."""
        folded = rel.casefold()
        return any(folded == t or folded.startswith(t + "/") for t in self.templates)

    def hides_note(self, rel: str) -> bool:
        folded = rel.casefold()
        return any(folded.startswith(p) for p in self.prefixes) or any(p.search(rel) for p in self.patterns)


def exclusions(config) -> Exclusions:
    """The exclusions a SiteConfig asks for."""
    return Exclusions.of(config.exclude, config.template_paths, config.ignore_filters,
                         config.attachment_folder)


def scan_vault(root: Path, exclude: Exclusions | list[str] = (), output: Path | None = None) -> VaultFiles:
    """Walk the vault. Dot-folders, excluded folders and the output folder are skipped;
    a symlink is followed only when its real path stays inside the vault and is itself
    neither in a dot-folder nor excluded, and each real folder is walked once, so a
    symlink loop ends. Files are recorded by their real paths (see `open_regular`)."""
    root = root.resolve()
    files = VaultFiles(root)
    rules = exclude if isinstance(exclude, Exclusions) else Exclusions.of(exclude)
    skip_real = {output.resolve()} if output else set()
    seen_dirs: set[Path] = set()

    def hidden(real: Path) -> bool:
        """Whether a real path inside the vault is one a plain walk would never publish."""
        if real == root:
            return False  # a loop, reported as one below
        rel = nfc(real.relative_to(root).as_posix())
        return (any(part.startswith(".") for part in rel.split("/")) or rules.excluded(rel)
                or any(real == s or real.is_relative_to(s) for s in skip_real))

    def walk(folder: Path, real_folder: Path, rel: str, notes_too: bool = True, views_only: bool = False) -> None:
        if real_folder in seen_dirs:
            files.diagnostics.append(Diagnostic(rel or ".", 1, 1, "symlink-loop",
                                                "folder already visited through a symlink; skipped"))
            return
        seen_dirs.add(real_folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = nfc(entry.name)
            if name.startswith("."):
                continue
            child_rel = posixpath.join(rel, name) if rel else name
            keep_notes, only_views = notes_too, views_only
            if rules.excluded(child_rel):
                if rules.keeps_attachments(child_rel):
                    only_views = False
                elif rules.in_templates(child_rel):
                    only_views = True  # a template folder still publishes its bases and boards
                else:
                    continue
                keep_notes = False
            real = real_folder / entry.name
            if entry.is_symlink():
                try:
                    real = Path(entry.path).resolve()
                except (RuntimeError, OSError):  # a loop of symlinks (to itself, or two to each other)
                    files.diagnostics.append(Diagnostic(child_rel, 1, 1, "symlink-loop",
                                                        "symlink leads back to itself; not followed"))
                    continue
                if not real.is_relative_to(root) or not real.exists():
                    files.diagnostics.append(Diagnostic(
                        child_rel, 1, 1, "symlink-outside",
                        "symlink points outside the vault (or nowhere); not followed"))
                    continue
                if hidden(real):
                    files.diagnostics.append(Diagnostic(
                        child_rel, 1, 1, "symlink-excluded",
                        f"symlink points into a hidden or excluded folder ({real.relative_to(root).as_posix()}); "
                        "not published"))
                    continue
            if entry.is_dir():
                if real in skip_real:
                    continue
                walk(Path(entry.path), real, child_rel, keep_notes, only_views)
            elif entry.is_file():
                is_note = name.lower().endswith(".md")
                if is_note and (not keep_notes or rules.hides_note(child_rel)):
                    continue
                if only_views and not name.lower().endswith(VIEW_FILES):
                    continue
                table = files.notes if is_note else files.attachments
                if child_rel in table:  # the same name twice, once composed and once decomposed
                    files.diagnostics.append(Diagnostic(
                        child_rel, 1, 1, "slug-collision",
                        "two files have this name, differing only in Unicode normalization (NFC/NFD); "
                        "only the first is used"))
                    continue
                table[child_rel] = real

    walk(root, root, "")
    return files


class NotRegularFile(OSError):
    """The path is (now) a symlink, a folder, a device or a pipe: it is not read."""


# O_PATH opens a folder for walking without needing read permission on it (Linux).
_DIR_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_regular(real: Path) -> int:
    """A file descriptor for a regular file at `real`, a path that had no symlinks when the
    vault was scanned. Every component is opened without following symlinks, so a file or
    folder replaced by a symlink since then is refused (NotRegularFile), not read."""
    if not (_NOFOLLOW and os.open in os.supports_dir_fd) or not real.is_absolute():
        fd = os.open(real, os.O_RDONLY | _NOFOLLOW)  # no openat here: the last component at least
    else:
        parts = real.parts
        fd = os.open(parts[0], _DIR_FLAGS)
        try:
            for part in parts[1:-1]:
                try:
                    inner = os.open(part, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                        raise NotRegularFile(exc.errno, "a folder on the path is now a symlink", str(real))
                    raise
                os.close(fd)
                fd = inner
            parent, fd = fd, None
            try:
                fd = os.open(parts[-1], os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0),
                             dir_fd=parent)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise NotRegularFile(exc.errno, "the file is now a symlink", str(real))
                raise
            finally:
                os.close(parent)
        except BaseException:
            if fd is not None:
                os.close(fd)
            raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularFile(errno.EINVAL, "not a regular file", str(real))
    return fd


def read_regular(real: Path) -> bytes:
    """The bytes of a regular file, read as `open_regular` allows."""
    with os.fdopen(open_regular(real), "rb") as handle:
        return handle.read()


def vanished(rel: str) -> Diagnostic:
    """A file the scan found that was gone when the build came to read it."""
    return Diagnostic(rel, 1, 1, "file-vanished", "deleted or moved while the site was built; left out")


def read_note(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """The note's text with one BOM stripped and newlines normalised, or None with the reason."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None, [vanished(rel)]
    except OSError as exc:
        return None, [Diagnostic(rel, 1, 1, "bad-encoding", f"cannot read the file: {exc.strerror}")]
    if len(data) > MAX_NOTE_BYTES:
        return None, [Diagnostic(rel, 1, 1, "file-too-large",
                                 f"{len(data)} bytes, over the {MAX_NOTE_BYTES}-byte limit; skipped")]
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        return None, [Diagnostic(rel, 1, 1, "bad-encoding", "binary content (NUL bytes) in a .md file")]
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:  # a UTF-16 mark on bytes that are not UTF-16 too
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(rel, line, col, "bad-encoding",
                                 f"not valid {'UTF-16' if utf16 else 'UTF-8'} at byte {exc.start}; save the file as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The renderer uses private-use characters as markers; a note must not forge them.
    return _PRIVATE.sub("\ufffd", text), []
