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
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from .filetimes import git_head, git_times, is_shallow

UTC = dt.timezone.utc


@dataclass(frozen=True)
class History:
    """Vault path → (first commit, last commit) as UTC datetimes."""

    dates: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    def digest(self) -> str:
        """Changes whenever a date does: part of the nothing-changed key (emit/unchanged.py)."""
        text = "\n".join(f"{src}\0{a.timestamp()}\0{b.timestamp()}" for src, (a, b) in sorted(self.dates.items()))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def read_history(vault: Path) -> History:
    """The notes' commit dates, from the one `git log` collect/filetimes.py runs for the vault
    (Bases read the same table)."""
    if not git_head(vault):
        return History()  # not a git work tree, or no git
    if is_shallow(vault):
        return History(diagnostics=(Diagnostic(".", 1, 1, "shallow-history",
                                               "the vault is a shallow git clone: notes show no created or "
                                               "modified dates from git (fetch the full history, e.g. "
                                               "fetch-depth: 0)"),))
    return History({src: (dt.datetime.fromtimestamp(first, UTC), dt.datetime.fromtimestamp(last, UTC))
                    for src, (first, last) in git_times(vault).items()})
