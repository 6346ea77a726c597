"""Contain a failure to the note it happened in: any exception becomes an `internal-error` diagnostic."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Callable, TypeVar

from .diagnostics import Diagnostic

T = TypeVar("T")

# Shown in place of what could not be rendered, so a reader sees that something is missing.
NOTICE_HTML = ('<div class="callout sitegen-notice" data-callout="failure" role="note">'
               '<p>This part of the note could not be rendered (see the build log).</p></div>')


def debugging() -> bool:
    """SITEGEN_DEBUG=1 prints the tracebacks that are otherwise turned into one line."""
    return os.environ.get("SITEGEN_DEBUG", "") not in ("", "0")


def describe(exc: BaseException) -> str:
    """The exception as one short line: its type and the start of its message."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = text[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def internal_error(src: str, stage: str, exc: BaseException, line: int = 1) -> Diagnostic:
    if debugging():
        traceback.print_exception(exc, file=sys.stderr)
    return Diagnostic(src, line, 1, "internal-error", f"{stage} failed ({describe(exc)}); "
                      "the note is published with what could be done")


def attempt(src: str, stage: str, diags: list[Diagnostic], work: Callable[[], T], fallback: T,
            line: int = 1) -> T:
    """`work()`, or `fallback` with a diagnostic at `src` when it raises anything but an interrupt."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - the point: one note's bug must not stop the others
        diags.append(internal_error(src, stage, exc, line))
        return fallback


def render_failures(bodies: dict) -> list[Diagnostic]:
    """The blocks that rendered as a notice, as diagnostics at their notes."""
    return [Diagnostic(src, line, 1, "internal-error", f"rendering failed ({what}); a notice is shown instead")
            for src, body in bodies.items() for line, what in getattr(body, "failures", ())]
