"""When each note was first and last committed, from one `git log` over the whole vault.

The dates are author dates, which a rebase or a fresh clone keeps; they depend on the
history alone, so two builds of the same commit agree. A vault outside git, a machine
without git, or a failing command gives no dates; a shallow clone (CI's default depth 1)
knows neither the first commit of old notes nor a true last one, so it gives none either
and says so once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic

UTC = dt.timezone.utc
GIT_SECONDS = 120  # a 10,000-note history lists in about a second; this only stops a hung git


@dataclass(frozen=True)
class History:
    """Vault path → (first commit, last commit) as UTC datetimes."""

    dates: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    def digest(self) -> str:
        """Changes whenever a date does: part of the nothing-changed key (emit/unchanged.py)."""
        text = "\n".join(f"{src}\0{a.timestamp()}\0{b.timestamp()}" for src, (a, b) in sorted(self.dates.items()))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _git(vault: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "log.showSignature=false", "-C", str(vault), *args],
                              capture_output=True, timeout=GIT_SECONDS, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def parse_log(text: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Read `git log --format=%x01%at --name-only -z` output, newest commit first."""
    newest: dict[str, int] = {}
    oldest: dict[str, int] = {}
    for chunk in text.split("\x01"):
        stamp, _, names = chunk.partition("\0")
        if not stamp.strip().isdigit():
            continue
        when = int(stamp)
        for name in names.split("\0"):
            name = name.strip("\n")
            if name:
                newest.setdefault(name, when)
                oldest[name] = when
    return {name: (dt.datetime.fromtimestamp(oldest[name], UTC), dt.datetime.fromtimestamp(newest[name], UTC))
            for name in newest}


def read_history(vault: Path) -> History:
    shallow = _git(vault, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return History()  # not a git work tree, or no git
    if shallow.strip() == "true":
        return History(diagnostics=(Diagnostic(".", 1, 1, "shallow-history",
                                               "the vault is a shallow git clone: notes show no created or "
                                               "modified dates from git (fetch the full history, e.g. "
                                               "fetch-depth: 0)"),))
    # --relative: paths from the vault folder, and only the files inside it.
    log = _git(vault, "log", "--format=%x01%at", "--name-only", "-z", "--relative", "--no-renames", "--", ".")
    return History(parse_log(log)) if log else History()
