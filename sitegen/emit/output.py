"""Write the site atomically: everything goes to a sibling staging folder that replaces the old site at the end."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from ..collect.vault import open_regular, read_regular

MARKER = ".sitegen-output"
MARKER_TEXT = "made by sitegen; this folder is replaced on every build\n"


class OutputError(Exception):
    """The output folder cannot be used (inside the vault, or not a folder sitegen made)."""


def site_folder(out: Path) -> Path:
    """Where the site goes: a symlinked output is written into its target (the link stays)."""
    return out.resolve() if out.is_symlink() else out


def check_output(out: Path, vault: Path, inside_ok: bool = False) -> None:
    """Refuse outputs that would eat the vault or a folder sitegen did not create.
    `inside_ok`: the default output of a build run in the vault (the scan leaves it out)."""
    out_real, vault_real = out.resolve(), vault.resolve()
    if out_real == vault_real or (out_real.is_relative_to(vault_real) and not inside_ok):
        raise OutputError(f"output folder {out} is inside the vault {vault}; choose a folder outside it")
    if vault_real.is_relative_to(out_real):
        raise OutputError(f"output folder {out} contains the vault {vault}; choose another folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out} exists and is not a folder")
    for parent in out_real.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"output {out} cannot be made: {parent} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(f"output {out} cannot be made: {parent} is not writable")
            break
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"output folder {out} is not empty and was not made by sitegen; "
                          "remove it or choose another folder")


def remove_later(folder: Path) -> None:
    """Delete a replaced site without making the build wait for it (tens of thousands
    of folders take seconds to remove); `rm` runs on in its own session."""
    if os.name == "posix" and shutil.which("rm"):
        rm = subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Waited for beside the build: `serve` or any long-lived caller keeps no zombie per site replaced.
        threading.Thread(target=rm.wait, daemon=True).start()
    else:
        shutil.rmtree(folder, ignore_errors=True)


class StagedOutput:
    """Files written here appear in `out` only when `commit()` runs; `abort()` leaves `out` untouched."""

    def __init__(self, out: Path) -> None:
        self.out = out
        # Unique per build, and marked at once: the next build removes it if this one is killed
        # (sitegen.emit.lock), and never removes a folder without the marker.
        self.stage = out.parent / f".{out.name}.staging-{os.getpid()}-{time.monotonic_ns()}"
        out.parent.mkdir(parents=True, exist_ok=True)
        self.stage.mkdir()
        (self.stage / MARKER).write_text(MARKER_TEXT)

    def _path(self, rel: str) -> Path:
        if rel.startswith("/") or ".." in rel.split("/"):
            raise OutputError(f"refusing to write outside the site: {rel}")
        path = self.stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        self._path(rel).write_bytes(data)

    def copy(self, rel: str, source: Path) -> None:
        """Copy a regular file; a symlink (even one swapped in during the build) is refused."""
        with os.fdopen(open_regular(source), "rb") as src, open(self._path(rel), "wb") as dst:
            shutil.copyfileobj(src, dst)

    def commit(self) -> None:
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.monotonic_ns()}"
        if self.out.exists():
            os.rename(self.out, old)
        try:
            os.rename(self.stage, self.out)
        except OSError:
            if old.exists():
                os.rename(old, self.out)
            raise
        if old.exists():
            remove_later(old)

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


class DirectOutput:
    """Updates a finished site in place (watch mode): each file is replaced atomically,
    and only when its bytes change, so unchanged pages keep their timestamps."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def _target(self, rel: str) -> Path:
        if rel.startswith("/") or ".." in rel.split("/"):
            raise OutputError(f"refusing to write outside the site: {rel}")
        return self.out / rel

    def write_bytes(self, rel: str, data: bytes) -> bool:
        path = self._target(rel)
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
        return True

    def write_text(self, rel: str, text: str) -> bool:
        return self.write_bytes(rel, text.encode("utf-8"))

    def copy(self, rel: str, source: Path) -> bool:
        return self.write_bytes(rel, read_regular(source))

    def remove(self, rel: str) -> None:
        path = self._target(rel)
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != self.out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()  # leave no empty folders behind: a full build would not have them
            parent = parent.parent
