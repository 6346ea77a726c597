"""The incremental index: `update` from the last state gives the bytes a full build gives, and rewrites little."""

from __future__ import annotations

import copy
import random

import pytest

from sitegen.search.documents import index_terms, page_document
from sitegen.search.state import IndexState, index_files, update

LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def vocabulary(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return sorted({"".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 10))) for _ in range(n)})


WORDS = vocabulary(6000)


def doc(n: int, seed: int = 0, title: str | None = None, tags=("тег",)):
    rng = random.Random(n * 1000 + seed)
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 200)))
    return index_terms(page_document(f"notes/{n:04d}/", title or f"Заметка {n}", ["Раздел"], text,
                                     tags=tags if n % 3 else ()), "ru")


def full(docs) -> tuple[IndexState, dict[str, str]]:
    state, files, gone = update(None, docs, ())
    assert not gone
    assert set(files) == index_files(state)
    return state, files


def apply(files: dict[str, str], written: dict[str, str], gone: set[str]) -> dict[str, str]:
    out = {k: v for k, v in files.items() if k not in gone}
    out.update(written)
    return out


BASE = [doc(n) for n in range(400)]


@pytest.fixture(scope="module")
def base():
    return full(BASE)


@pytest.mark.parametrize("name, changed, removed", [
    ("an edit", [doc(7, seed=1)], []),
    ("two edits", [doc(7, seed=1), doc(300, seed=2)], []),
    ("a new title", [doc(12, title="Совсем другое имя")], []),
    ("new tags", [doc(13, tags=("другой",))], []),
    ("a new note in the middle", [doc(1000).__class__(**{**doc(1000).__dict__, "url": "notes/0100a/"})], []),
    ("a new note at the end", [doc(5000)], []),
    ("two new notes (renumbered)", [doc(5000), doc(1000).__class__(**{**doc(1002).__dict__, "url": "notes/0050a/"})], []),
    ("a note removed", [], ["notes/0042/"]),
    ("the last note removed", [], ["notes/0399/"]),
    ("an unchanged note", [doc(5)], []),
    ("added, removed and edited at once", [doc(2000), doc(7, seed=3), doc(1000).__class__(
        **{**doc(1001).__dict__, "url": "notes/0200b/"})], ["notes/0003/", "notes/0399/"]),
    ("more than a renumbering takes", [doc(3000 + n) for n in range(20)], ["notes/0010/"]),
    ("a removed note that never was", [], ["nowhere/"]),
])
def test_update_gives_the_full_build_bytes(base, name, changed, removed):
    state, files = base
    before = copy.deepcopy(state)
    new_state, written, gone = update(state, changed, removed)
    docs = {d.url: d for d in BASE if d.url not in removed}
    docs.update((d.url, d) for d in changed)
    expected_state, expected = full(docs.values())
    assert apply(files, written, gone) == expected
    assert new_state == expected_state
    assert state == before  # the previous state is left as it was


def test_an_edit_rewrites_only_the_shards_of_its_changed_terms(base):
    state, files = base
    shards = [k for k in files if k.startswith("search/t/")]
    assert len(shards) > 10
    old = BASE[7]
    text = "новоеслово " + old.text.split(" ", 1)[1]  # one word replaced: the length stays
    edited = index_terms(page_document(old.url, old.title, ["Раздел"], text, tags=old.tags), "ru")
    moved = {t for t in doc_terms(old) | doc_terms(edited) if code_of(old, t) != code_of(edited, t)}
    assert 1 <= len(moved) <= 3
    _, written, gone = update(state, [edited], [])
    changed = [k for k in written if k.startswith("search/t/")]
    assert 1 <= len(changed) <= 2 * len(moved) + 1
    assert len([k for k in gone if k.startswith("search/t/")]) <= len(moved)


def doc_terms(d) -> set[str]:
    return set(d.terms.split("\n")) | set(d.names)


def code_of(d, term: str):
    from sitegen.search.state import doc_codes
    return doc_codes(d).get(term)


def test_an_unchanged_rebuild_writes_only_the_meta_files(base):
    state, _ = base
    _, written, gone = update(state, BASE[:50], [])
    assert sorted(written) == ["search/meta.json", "search/tags.json"]
    assert not gone


def test_refiled_typo_buckets_equal_fresh_ones():
    from sitegen.search.typos import refile, typo_buckets

    words = vocabulary(4000, seed=5)
    first, size, _ = refile((), 0, words[:1000], [])
    assert first == [tuple(b) for b in typo_buckets(words[:1000])]
    few, size_few, changed = refile(first, size, words[1000:1004], words[:3])
    assert few == [tuple(b) for b in typo_buckets(words[3:1004])]
    _, _, one = refile(first, size, ["абвг"], [])
    assert len(one) <= 5 < len(first)  # a stem is filed in the buckets of its keys only
    grown, _, _ = refile(few, size_few, words[1004:], [])  # past a power of two: every bucket anew
    assert len(grown) > len(few)
    assert grown == [tuple(b) for b in typo_buckets(words[3:])]


def test_a_new_note_leaves_the_other_texts_as_they_are(base):
    state, files = base
    new = doc(1000).__class__(**{**doc(1000).__dict__, "url": "notes/0000a/"})  # before all but one
    _, written, gone = update(state, [new], [])
    assert len([k for k in written if k.startswith("search/x/")]) == 1
    assert not [k for k in gone if k.startswith("search/x/")]
