"""Rendered bodies read from the build cache only when a page being rewritten asks for one (a resumed build's).

A one-edit update rewrites a few pages, so decoding every note's body up front (10,000
of them at 10,000 notes) was most of what it spent on bodies. A body the cache no longer
gives marks the mapping `lost`: the caller then throws the update away and builds in full,
so a page is never written without the body it shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..cache import BuildCache
from ..syntax.markdown import RenderedBody


class CachedBodies(Mapping):
    """src → RenderedBody, loaded from `cache` by the body keys on first use; `failing`:
    the notes whose cached body holds a render failure (so their problems are known unread)."""

    def __init__(self, cache: BuildCache, keys: dict[str, str], failing: set[str]) -> None:
        self.cache = cache
        self.body_keys = keys  # src → body key, for the bodies still as cached
        self.failing = failing & set(keys)
        self.loaded: dict[str, RenderedBody] = {}
        self.fresh: dict[str, RenderedBody] = {}  # rendered by this update: not in the cache yet
        self.lost = False

    def __getitem__(self, src: str) -> RenderedBody:
        if src in self.fresh:
            return self.fresh[src]
        if src not in self.loaded:
            key = self.body_keys[src]  # KeyError: no such note, as a dict would say
            body = self.cache.get_many("bodies", [key]).get(key)
            if body is None:
                self.lost = True
                body = RenderedBody()
            self.loaded[src] = body
        return self.loaded[src]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.body_keys.keys() | self.fresh.keys()))

    def __len__(self) -> int:
        return len(self.body_keys.keys() | self.fresh.keys())

    def __contains__(self, src: object) -> bool:
        return src in self.body_keys or src in self.fresh

    def carried(self, notes, rendered: dict[str, RenderedBody]) -> "CachedBodies":
        """The bodies of `notes` after an update that rendered `rendered` again (sharing what is loaded)."""
        keys = {s: k for s, k in self.body_keys.items() if s in notes and s not in rendered}
        new = CachedBodies(self.cache, keys, self.failing)
        new.loaded = {s: b for s, b in self.loaded.items() if s in keys}
        new.fresh = {s: b for s, b in self.fresh.items() if s in notes and s not in rendered}
        new.fresh.update(rendered)
        new.lost = self.lost
        return new

    def with_failures(self) -> dict[str, RenderedBody]:
        """The bodies that may hold render failures, read (for faults.render_failures)."""
        return {s: self[s] for s in sorted(self.failing | {s for s, b in self.fresh.items() if b.failures})}


def carried_bodies(bodies: Mapping, notes, rendered: dict[str, RenderedBody]) -> Mapping:
    """The bodies after an update: those of `notes` kept, `rendered` replacing theirs."""
    if isinstance(bodies, CachedBodies):
        return bodies.carried(notes, rendered)
    kept = {s: b for s, b in bodies.items() if s in notes}
    kept.update(rendered)
    return kept


def failing_bodies(bodies: Mapping) -> Mapping:
    """What faults.render_failures needs to see: every body, or only those that can fail."""
    return bodies.with_failures() if isinstance(bodies, CachedBodies) else bodies
