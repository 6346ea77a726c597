"""Where the term shards split: decided by the terms themselves, so an edit moves only the boundaries near it.

A shard closes before a term when it would grow past MAX_BYTES, or when it already holds
MIN_BYTES and the term is one of the few (a CRC-32 test) allowed to start a shard. After a
change the boundaries fall back into step at the next such term, so the shards past it keep
their terms, their bytes and their file names (the CRC-32 of their first term).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence
from zlib import crc32

MIN_BYTES = 8_000
MAX_BYTES = 24_000
SPREAD = 8  # about one term in SPREAD may start a shard


@lru_cache(maxsize=1 << 18)
def _crc(term: str) -> int:
    return crc32(term.encode("utf-8"))


def split(terms: Sequence[str], postings: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The sorted `terms` cut into shards, sized by their postings' text."""
    out: list[tuple[str, ...]] = []
    current: list[str] = []
    size = 0
    for term in terms:
        n = len(term) + len(postings[term]) + 4
        if current and (size + n > MAX_BYTES or (size >= MIN_BYTES and _crc(term) % SPREAD == 0)):
            out.append(tuple(current))
            current, size = [], 0
        current.append(term)
        size += n
    if current:
        out.append(tuple(current))
    return out


def names(shards: Sequence[tuple[str, ...]]) -> list[str]:
    """Each shard's file name: its first term's CRC-32 (crc_names)."""
    return crc_names([shard[0] for shard in shards])


def crc_names(keys: Sequence[str]) -> list[str]:
    """A file name for each key, stable while the key is: its CRC-32 in hex, with a suffix in
    the (rare) case two collide, the later key in the given order taking it."""
    seen: set[str] = set()
    out = []
    for key in keys:
        name = base = f"{_crc(key):08x}"
        n = 1
        while name in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name)
        out.append(name)
    return out
