"""Pause Python's cycle collector around one big, short-lived piece of work."""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing a note or rendering a page makes hundreds of thousands of objects that all live
    until it ends: each full collection meanwhile walks them and frees nothing (for a note of
    100,000 tags, 14 collections and half a second). Cycles left by the work are collected
    after it; a caller that paused the collector already keeps it paused."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
