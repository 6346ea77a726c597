"""A term's postings as one string: a character per document for the id gap, then one per document for the code.

For n postings the string holds 2n characters: first chr(BASE + gap) for each id (the first
gap counted from -1), then each posting's code character (sitegen.search.scoring). A gap
larger than MAX_GAP (only in indexes of more than 55,000 documents) is bridged by a skip:
a posting of code 0, which no document has, that the browser passes over. Every character
is at least BASE and below the surrogates, so the string goes into JSON as it is, and gzip
packs the gaps of a common word into a fraction of a byte each.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import accumulate, chain, repeat
from operator import add, sub
from typing import Sequence

from .scoring import BASE

MAX_GAP = 0xD7FF - BASE
SKIP = chr(BASE)  # the code of a skip posting


def encode(ids: Sequence[int], codes: Sequence[str]) -> str:
    """The string of these postings (ids ascending, a code character each)."""
    gaps = list(map(sub, ids, [-1, *ids[:-1]]))  # map over C functions: this runs per posting
    if not gaps or max(gaps) <= MAX_GAP:
        return "".join(map(chr, map(add, gaps, repeat(BASE)))) + "".join(codes)
    out_gaps, out_codes = [], []
    for gap, code in zip(gaps, codes):
        while gap > MAX_GAP:
            out_gaps.append(chr(BASE + MAX_GAP))
            out_codes.append(SKIP)
            gap -= MAX_GAP
        out_gaps.append(chr(BASE + gap))
        out_codes.append(code)
    return "".join(out_gaps) + "".join(out_codes)


def encode_pairs(pairs: array) -> str:
    """`encode` of postings packed as an array of (id, code ordinal) pairs, ids ascending: the
    full build's form, 8 bytes a posting where a list of ints and one-letter strings takes 90."""
    ids, codes = pairs[0::2], pairs[1::2]
    gaps = array("I", map(add, map(sub, ids, chain((-1,), ids)), repeat(BASE)))
    if not gaps or max(gaps) <= BASE + MAX_GAP:
        # Every character is below the surrogates: UTF-32 bytes decode to exactly these characters.
        return gaps.tobytes().decode("utf-32-le") + codes.tobytes().decode("utf-32-le")
    return encode(ids.tolist(), [chr(c) for c in codes])


def decode(text: str) -> tuple[list[int], list[str]]:
    """(ids, code characters) of a postings string, skips left out."""
    half = len(text) // 2
    ids = [n - 1 for n in accumulate(ord(c) - BASE for c in text[:half])]
    codes = list(text[half:])
    if SKIP in text[half:]:
        kept = [i for i, c in enumerate(codes) if c != SKIP]
        return [ids[i] for i in kept], [codes[i] for i in kept]
    return ids, codes


def count(text: str) -> int:
    """How many documents the postings name."""
    return len(text) // 2 - text.count(SKIP, len(text) // 2)


def _first_at(text: str, half: int, doc_id: int) -> tuple[list[int], int]:
    """The running sums of the gaps and the index of the first posting whose id is `doc_id`
    or more (`half` if none): posting k's id is sums[k] - (k + 1) * BASE - 1."""
    sums = list(accumulate(map(ord, text[:half])))
    lo, hi = 0, half
    while lo < hi:
        mid = (lo + hi) // 2
        if sums[mid] - (mid + 1) * BASE - 1 < doc_id:
            lo = mid + 1
        else:
            hi = mid
    return sums, lo


def patch(text: str, doc_id: int, code: str | None) -> str:
    """The postings with `doc_id`'s posting set to `code` (None: removed). Only the characters
    at its place change (and the next posting's gap): found from the running sums of the gaps,
    as `shift` finds its place, without decoding the rest; an edited note patches every one of
    its terms, most of them in nearly every document."""
    half = len(text) // 2
    if SKIP not in text[half:]:
        sums, lo = _first_at(text, half, doc_id)
        gaps, codes = text[:half], text[half:]
        after = sums[lo] - (lo + 1) * BASE - 1 if lo < half else None  # the id at lo, if any
        if after == doc_id:
            if code is not None:
                return gaps + codes[:lo] + code + codes[lo + 1:]
            if lo + 1 == half:
                return gaps[:lo] + codes[:lo]
            merged = ord(gaps[lo]) + ord(gaps[lo + 1]) - 2 * BASE
            if merged <= MAX_GAP:
                return gaps[:lo] + chr(BASE + merged) + gaps[lo + 2:] + codes[:lo] + codes[lo + 1:]
        elif code is None:
            return text
        else:
            gap = doc_id - (sums[lo - 1] - lo * BASE - 1 if lo else -1)
            if gap <= MAX_GAP:
                rest = chr(BASE + after - doc_id) + gaps[lo + 1:] if after is not None else ""
                return gaps[:lo] + chr(BASE + gap) + rest + codes[:lo] + code + codes[lo:]
    return _patch_slowly(text, doc_id, code)  # a skip to bridge or to keep: decode it all


def _patch_slowly(text: str, doc_id: int, code: str | None) -> str:
    ids, codes = decode(text)
    lo = bisect_left(ids, doc_id)  # the first posting whose id is doc_id or more
    end = lo + 1 if lo < len(ids) and ids[lo] == doc_id else lo
    middle = ([doc_id], [code]) if code is not None else ([], [])
    return encode(ids[:lo] + middle[0] + ids[end:], codes[:lo] + middle[1] + codes[end:])


def shift(text: str, at: int, delta: int) -> str:
    """The postings with every id from `at` on moved by `delta` (a document added or removed
    before them). Only one gap changes, that of the first posting at or past `at`: found from
    the running sums of the characters, without decoding the rest."""
    half = len(text) // 2
    sums, lo = _first_at(text, half, at)
    if lo == half:
        return text
    gap = ord(text[lo]) - BASE + delta
    if 1 <= gap <= MAX_GAP and text[half + lo] != SKIP:  # a skip's gap is always MAX_GAP
        return text[:lo] + chr(BASE + gap) + text[lo + 1:]
    ids, codes = decode(text)  # a skip to re-bridge: the slow way
    return encode([i + delta if i >= at else i for i in ids], codes)
