"""The typo index: every stem filed under itself and each of its one-letter deletions, in hashed buckets.

Two words one edit apart share a key (a substitution or a swap deletes to the same string, an
insertion or a deletion makes one word a key of the other), wherever in the word the edit is.
The browser computes the keys of a query's stem, fetches their buckets (`v/<n>.json`, a sorted
list of stems) and keeps the stems within the allowed edits. Buckets are CRC-32 of the key's
UTF-8 bytes modulo the bucket count, which the browser computes the same way. The count is a
power of two, so a vocabulary that grows a little changes only the buckets its new stems fall in.
"""

from __future__ import annotations

from typing import Iterable, Sequence
from zlib import crc32

MIN_LENGTH = 3  # shorter stems are never typo targets: a query of 5+ letters stems to 3 or more
BUCKET_CHARS = 6_000  # about this many characters of stems per bucket file (between 1× and 2×)


def keys(stem: str) -> set[str]:
    """The stem and its one-letter deletions."""
    return {stem} | {stem[:i] + stem[i + 1:] for i in range(len(stem))}


def bucket_of(key: str, buckets: int) -> int:
    return crc32(key.encode("utf-8")) % buckets


def is_target(term: str) -> bool:
    return len(term) >= MIN_LENGTH and " " not in term


def cost(term: str) -> int:
    """What a target adds to the buckets' size: it is written once per key, quoted."""
    return (len(term) + 3) * (len(term) + 1)


def bucket_count(size: int) -> int:
    count = 1
    while count * BUCKET_CHARS * 2 <= size:
        count *= 2
    return count


def _buckets(term: str, count: int) -> set[int]:
    return {bucket_of(k, count) for k in keys(term)}


def typo_buckets(vocabulary: Iterable[str]) -> list[list[str]]:
    """Each bucket's stems, in order, for the stems of the vocabulary that can be typo targets."""
    targets = sorted(t for t in vocabulary if is_target(t))
    count = bucket_count(sum((len(t) + 3) * (len(t) + 1) for t in targets))  # cost(), inlined
    buckets: list[list[str]] = [[] for _ in range(count)]
    for term in targets:
        # _buckets(term, count) without the set of keys in between: a vocabulary of
        # 100,000 stems made this a tenth of a build
        numbers = {crc32((term[:i] + term[i + 1:]).encode("utf-8")) % count for i in range(len(term))}
        numbers.add(crc32(term.encode("utf-8")) % count)
        for n in numbers:  # terms arrive in order, so each bucket stays sorted
            buckets[n].append(term)
    return buckets


def refile(buckets: Sequence[tuple[str, ...]], size: int, added: Iterable[str],
           removed: Iterable[str]) -> tuple[list[tuple[str, ...]], int, set[int]]:
    """The buckets after the vocabulary gained `added` and lost `removed`: (buckets, size,
    the numbers of the buckets that changed). Equal to typo_buckets of the new vocabulary."""
    added = [t for t in added if is_target(t)]
    removed = [t for t in removed if is_target(t)]
    size += sum(cost(t) for t in added) - sum(cost(t) for t in removed)
    count = bucket_count(size)
    if count != len(buckets):
        vocabulary = {t for b in buckets for t in b} - set(removed) | set(added)
        return [tuple(b) for b in typo_buckets(vocabulary)], size, set(range(count))
    changes: dict[int, set[str]] = {}
    gone: dict[int, set[str]] = {}
    for term in added:
        for n in _buckets(term, count):
            changes.setdefault(n, set()).add(term)
    for term in removed:
        for n in _buckets(term, count):
            gone.setdefault(n, set()).add(term)
    out = list(buckets)
    for n in changes.keys() | gone.keys():
        out[n] = tuple(sorted(set(out[n]) - gone.get(n, set()) | changes.get(n, set())))
    return out, size, set(changes) | set(gone)
