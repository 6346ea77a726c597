"""Sizes and times of vault files for Bases (`file.size`, `file.ctime`, `file.mtime`), the same in every build of a checkout.

Where a time comes from, first match wins:
1. the note's front matter, by the rule note pages follow (collect/notedates.py: `created`, `date`…
   for ctime, `modified`, `updated`… for mtime);
2. the Git history, when the vault is inside a Git work tree and `git_dates` is on: the author times of the first and the
   last commit that changed the file (so a fresh clone gives the same site as the author's checkout),
   except in a shallow clone, whose one commit says nothing of when files changed;
3. the file system: the file's modification time for both (Linux keeps no creation time).
A file edited but not committed keeps its commit times; a file Git does not know uses the file system.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .notedates import front_matter_dates

GIT_TIMEOUT = 60.0  # seconds; a history that takes longer is skipped (file-system times are used)


@dataclass(frozen=True)
class FileStat:
    size: int
    ctime: dt.datetime | None  # naive UTC, as Bases dates are
    mtime: dt.datetime | None


def _utc(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)


def run_git(root: Path, *args: str) -> str | None:
    """Standard output of a git command in `root`, None when git is missing or fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args],
                              capture_output=True, timeout=GIT_TIMEOUT, check=False,
                              env=dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C"))
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def parse_git_log(output: str) -> dict[str, tuple[int, int]]:
    """`git log --format=%x01%at --name-only -z` output → {path: (first, last) author epoch}."""
    times: dict[str, tuple[int, int]] = {}
    when = 0
    for token in output.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            when = int(token[1:] or 0)
        elif token:
            path = unicodedata.normalize("NFC", token)
            first, last = times.get(path, (when, when))
            times[path] = (min(first, when), max(last, when))
    return times


_HISTORY: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}  # (vault, HEAD) → times: watch mode asks often


def git_head(root: Path) -> str:
    """The commit the vault's work tree is at, "" outside Git."""
    return (run_git(root, "rev-parse", "--verify", "-q", "HEAD") or "").strip()


def is_shallow(root: Path) -> bool:
    """A shallow clone (CI's default depth 1): its history dates every file at the last commit."""
    return run_git(root, "rev-parse", "--is-shallow-repository") == "true\n"


def git_times(root: Path) -> dict[str, tuple[int, int]]:
    """Commit times of every file under `root` (vault-relative paths), {} outside a Git work tree
    or in a shallow clone (note pages and Bases then show no git dates alike)."""
    head = git_head(root)
    if not head:
        return {}
    key = (str(root.resolve()), head)
    if key not in _HISTORY:
        log = None if is_shallow(root) else run_git(
            root, "log", "--format=%x01%at", "--name-only", "--no-renames", "--relative", "-z", "--", ".")
        _HISTORY.clear()  # only the newest HEAD is worth keeping
        _HISTORY[key] = parse_git_log(log) if log else {}
    return _HISTORY[key]


def file_stats(root: Path, paths: Mapping[str, Path], git: bool = True) -> dict[str, FileStat]:
    """Size and times of each vault file (`src` → its path on disk); a file that cannot be
    read is left out (its record keeps size 0 and no times). `git`: the `git_dates` setting."""
    history = git_times(root) if git else {}
    out: dict[str, FileStat] = {}
    for src, path in paths.items():
        try:
            info = os.stat(path)
        except OSError:
            continue
        if src in history:
            first, last = history[src]
            out[src] = FileStat(info.st_size, _utc(first), _utc(last))
        else:
            out[src] = FileStat(info.st_size, _utc(int(info.st_mtime)), _utc(int(info.st_mtime)))
    return out


def front_matter_times(meta) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(created, modified) from a note's front matter, naive UTC; None where not given.
    The same keys and reading as the dates on note pages (collect/notedates.py)."""
    return tuple(stamp[0].replace(tzinfo=None) if stamp else None for stamp in front_matter_dates(meta))
