"""Postings strings: ids and codes round-trip, gaps past the character range are bridged, patches equal fresh encodings."""

from __future__ import annotations

import json

import pytest

from sitegen.search import postings
from sitegen.search.scoring import BASE


def codes(n: int) -> list[str]:
    return [chr(BASE + 17 + i % 40) for i in range(n)]


@pytest.mark.parametrize("ids", [[], [0], [0, 1, 2, 3], [5, 900, 70_000, 200_000, 200_001]])
def test_round_trip(ids):
    text = postings.encode(ids, codes(len(ids)))
    assert postings.decode(text) == (ids, codes(len(ids)))
    assert postings.count(text) == len(ids)
    assert json.loads(json.dumps(text, ensure_ascii=False)) == text
    assert '"' not in text and "\\" not in text and min(text or chr(BASE)) >= chr(BASE)


@pytest.mark.parametrize("ids", [[], [0], [0, 1, 2, 3], [5, 900, 70_000, 200_000, 200_001]])
def test_the_full_builds_packed_form_gives_the_same_string(ids):
    from array import array

    found = codes(len(ids))
    found[:1] = [chr(0x44F)] if ids else []  # a code past one byte
    pairs = array("I", [n for pair in zip(ids, map(ord, found)) for n in pair])
    assert postings.encode_pairs(pairs) == postings.encode(ids, found)


@pytest.mark.parametrize("doc_id, code", [(0, "x"), (7, "y"), (8, None), (9, "z"), (120_000, "w"), (3, None)])
def test_patch_equals_a_fresh_encoding(doc_id, code):
    ids = [1, 3, 8, 60_000, 200_000]
    table = dict(zip(ids, "abcde"))
    text = postings.encode(ids, [table[i] for i in ids])
    if code is None:
        table.pop(doc_id, None)
    else:
        table[doc_id] = code
    fresh = sorted(table)
    assert postings.patch(text, doc_id, code) == postings.encode(fresh, [table[i] for i in fresh])


@pytest.mark.parametrize("seed", range(40))
def test_patch_in_place_equals_a_fresh_encoding(seed):
    import random

    rng = random.Random(seed)
    ids = sorted(rng.sample(range(300), rng.randrange(0, 30)))
    table = {i: chr(BASE + 16 + rng.randrange(900)) for i in ids}
    text = postings.encode(ids, [table[i] for i in ids])
    for _ in range(20):
        doc_id = rng.choice(ids + [rng.randrange(300)]) if ids else rng.randrange(300)
        code = None if rng.random() < 0.4 else chr(BASE + 16 + rng.randrange(900))
        if code is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = code
        text = postings.patch(text, doc_id, code)
        fresh = sorted(table)
        assert text == postings.encode(fresh, [table[i] for i in fresh])
        ids = fresh


@pytest.mark.parametrize("at, delta", [(0, 1), (2, 1), (4, 1), (9, 1), (500, 1), (2, -1), (9, -1), (60_001, -1)])
def test_shift_equals_a_fresh_encoding(at, delta):
    ids = [1, 3, 8, 60_000, 115_199, 200_000]  # 60,000 → 115,199 is just past one gap character
    text = postings.encode(ids, codes(len(ids)))
    moved = [i + delta if i >= at else i for i in ids]
    assert postings.shift(text, at, delta) == postings.encode(moved, codes(len(ids)))
