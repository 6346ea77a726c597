"""Per-document term scores that need nothing from the rest of the vault, so a note's postings are final in its worker.

A posting's code is `level × 16 + tier mask`, written as one character, chr(BASE + code)
(sitegen.search.postings). The level is BM25's term-frequency part on a log scale (steps of
STEP), with the document length measured against a fixed PIVOT instead of the vault's
average, so it depends on the note alone: an edit changes only that note's postings, and the
parent merges codes without arithmetic. The idf part is applied in the browser
(search-engine.js), from the number of postings a term has and the document count in meta.json.
"""

from __future__ import annotations

import math

# Tiers, best first: a word in the title outranks one in an alias, a heading, then the body.
TITLE, ALIAS, HEADING, BODY = 8, 4, 2, 1
K1, B = 1.2, 0.75
PIVOT = 400  # words: about the length of a typical note; a longer one counts each word for less
STEP = 1.12  # one level up is 12 % more: finer would not change a ranking, and costs bytes
BASE = 0x60  # code and id-gap characters start here: nothing JSON escapes, nothing to quote


def tf_score(count: int, length: int) -> int:
    """BM25's saturation of `count` occurrences in a document of `length` words, × 100, at least 1."""
    norm = K1 * (1 - B + B * length / PIVOT)
    return max(1, round(100 * count * (K1 + 1) / (count + norm)))


def level(count: int, length: int) -> int:
    """tf_score on the log scale the index stores (the browser reads it back as STEP ** level)."""
    return round(math.log(tf_score(count, length)) / math.log(STEP))


def code(count: int, length: int, mask: int) -> str:
    return chr(BASE + level(count, length) * 16 + mask)


def encode(terms: dict[str, tuple[int, int]], length: int) -> tuple[str, str]:
    """(stems one a line, their codes one character each), in stem order: the shape the index merges."""
    ordered = sorted(terms)
    return "\n".join(ordered), "".join(code(terms[t][1], length, terms[t][0]) for t in ordered)


def decode(terms: str, codes: str) -> dict[str, tuple[int, int]]:
    """Stem → (tier mask, level), for tests and tools: the index itself never decodes."""
    if not terms:
        return {}
    return {t: ((ord(c) - BASE) & 15, (ord(c) - BASE) >> 4) for t, c in zip(terms.split("\n"), codes)}
