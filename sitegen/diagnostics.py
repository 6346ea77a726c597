"""Diagnostics: one problem in the vault, located at file:line:col, with a code and a severity."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterable

from .textsafe import escape_control

ERROR = "error"
WARNING = "warning"
INFO = "info"

# Every code sitegen reports, with its severity. Errors fail the build's exit code;
# warnings do so only with --strict; info is shown but never fails.
CODES: dict[str, str] = {
    "broken-link": WARNING,
    "ambiguous-link": WARNING,
    "missing-heading": WARNING,
    "missing-block": WARNING,
    "embed-cycle": WARNING,
    "embed-depth": WARNING,
    "embed-limit": WARNING,
    "tag-limit": WARNING,  # over MAX_TAG_PAGES tags: one-note tags have no page (collect/tagbudget.py)
    "link-to-unpublished": WARNING,
    "link-outside-vault": ERROR,
    "unsafe-url": WARNING,
    "unsafe-html": WARNING,
    "slug-collision": WARNING,
    "alias-collision": INFO,
    "reserved-name": WARNING,
    "long-name": WARNING,
    "reserved-url": WARNING,
    "bad-front-matter": ERROR,
    "bad-encoding": ERROR,
    "bad-permalink": ERROR,
    "date-out-of-range": WARNING,  # a real date whose UTC form Python cannot hold (year 0 or 10000)
    "home-permalink": WARNING,  # `permalink: /` on a note that is not the home page: ignored
    "bad-math": WARNING,
    "bad-markdown": ERROR,
    "symlink-outside": WARNING,
    "symlink-loop": WARNING,
    "symlink-excluded": WARNING,
    "unsafe-attachment": WARNING,
    "cache-unusable": WARNING,
    "shallow-history": INFO,  # a shallow git clone: no note dates from git (collect/history.py)
    "file-too-large": WARNING,
    "orphan-note": INFO,
    "search-index": WARNING,
    "bad-settings": WARNING,
    "property-type": INFO,
    # Bases and Canvas: sitegen/views/codes.py says when each is reported.
    "bad-base": ERROR,
    "base-unsupported": WARNING,
    "base-error": WARNING,
    "bad-canvas": ERROR,
    "canvas-unsupported": WARNING,
    "internal-error": ERROR,  # a bug of sitegen met in one note; the note is still published
    "file-vanished": WARNING,  # deleted or replaced while the build read it
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A located problem. Sorting orders by file, then position, then code."""

    file: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> str:
        return CODES.get(self.code, WARNING)

    def format(self) -> str:
        # A file name or a quoted target may hold a newline or ESC: one diagnostic stays one line.
        return escape_control(f"{self.file}:{self.line}:{self.col}: {self.code}: {self.message}")

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity
        return data


def sort_unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order, each diagnostic once (a link rendered twice reports once)."""
    # The dataclass order, by a tuple key: compared in C, not by a generated __lt__ per pair
    # (100,000 broken links in one note made a million such calls).
    return sorted(set(diags), key=lambda d: (d.file, d.line, d.col, d.code, d.message))


def count_by_code(diags: Iterable[Diagnostic]) -> dict[str, int]:
    return dict(sorted(Counter(d.code for d in diags).items()))


# Problems of the machine the build runs on, not of the vault: shown, but --strict
# does not fail on them (a broken cache must never fail a publishing run).
NOT_VAULT = {"cache-unusable"}


def exit_status(diags: Iterable[Diagnostic], strict: bool) -> int:
    """0 when clean, 1 on any error, or on any warning about the vault when strict."""
    failing = {ERROR, WARNING} if strict else {ERROR}
    return 1 if any(d.severity in failing and d.code not in NOT_VAULT for d in diags) else 0

