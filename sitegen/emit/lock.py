"""One writer per output folder: a lock beside it, and cleanup of what killed builds left there.

The lock is an flock on `.<name>.lock` next to the output, removed when the build ends:
the kernel drops the lock when the holding process dies (even by `kill -9`), so a file
left by a killed build never blocks the next one. It keeps the holder's pid, so the
second process can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from .output import MARKER, OutputError, remove_later

# Paths this process already holds: `serve` holds its output and rebuilds inside it.
_held: dict[Path, int] = {}


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another process"
    return f"process {pid}" if pid.isdigit() else "another process"


class OutputLock:
    """Held while a build or `serve` writes `out`; a second one raises OutputError at once."""

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self.fd: int | None = None

    def __enter__(self) -> "OutputLock":
        if self.out in _held:
            _held[self.out] += 1
            return self
        path = lock_path(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputError(f"output folder {self.out} is being written by {_holder(path)} "
                                  "(another sitegen build or serve); wait for it or choose another folder"
                                  ) from None
            try:
                same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # the holder removed this file as we opened it: lock the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self.fd = fd
        _held[self.out] = 1
        clean_leftovers(self.out)  # nobody else can be using them now
        return self

    def __exit__(self, *exc) -> None:
        _held[self.out] -= 1
        if _held[self.out]:
            return
        del _held[self.out]
        if self.fd is not None:
            # Removed while still locked: a process that opened it meanwhile sees another inode
            # at the path and starts over (see __enter__), so two holders never coexist.
            try:
                lock_path(self.out).unlink()
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def leftovers(out: Path) -> list[Path]:
    """Staging and replaced sites of earlier builds of `out` (killed ones included), made by sitegen."""
    prefixes = (f".{out.name}.staging-", f".{out.name}.old-")
    found = []
    try:
        entries = sorted(out.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink() \
                and (entry / MARKER).is_file():
            found.append(entry)  # without the marker it is not ours: never deleted
    return found


def clean_leftovers(out: Path) -> None:
    for folder in leftovers(out):
        renamed = folder.with_name(folder.name.replace(".staging-", ".old-", 1))
        try:
            if renamed != folder:
                os.rename(folder, renamed)  # out of the staging namespace first, then removed
            remove_later(renamed)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
