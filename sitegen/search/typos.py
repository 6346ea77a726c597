"""The typo index: every stem filed under itself and each of its one-letter deletions, in hashed buckets.

Two words one edit apart share a key (a substitution or a swap deletes to the same string, an
insertion or a deletion makes one word a key of the other), wherever in the word the edit is.
The browser computes the keys of a query's stem, fetches their buckets (`v/<n>.json`, a sorted
list of stems) and keeps the stems within the allowed edits. Buckets are CRC-32 of the key's
UTF-8 bytes modulo the bucket count, which the browser computes the same way.
"""

from __future__ import annotations

from typing import Iterable
from zlib import crc32

MIN_LENGTH = 3  # shorter stems are never typo targets: a query of 5+ letters stems to 3 or more
BUCKET_CHARS = 6_000  # about this many characters of stems per bucket file


def keys(stem: str) -> set[str]:
    """The stem and its one-letter deletions."""
    return {stem} | {stem[:i] + stem[i + 1:] for i in range(len(stem))}


def bucket_of(key: str, buckets: int) -> int:
    return crc32(key.encode("utf-8")) % buckets


def typo_buckets(vocabulary: Iterable[str]) -> list[list[str]]:
    """Each bucket's stems, in order, for the stems of the vocabulary that can be typo targets."""
    targets = sorted(t for t in vocabulary if len(t) >= MIN_LENGTH and " " not in t)
    size = sum((len(t) + 3) * (len(t) + 1) for t in targets)
    count = max(1, size // BUCKET_CHARS)
    buckets: list[list[str]] = [[] for _ in range(count)]
    for term in targets:
        for n in sorted({bucket_of(k, count) for k in keys(term)}):
            buckets[n].append(term)
    return buckets
