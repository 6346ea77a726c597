"""The search index as a value: `update(previous_state, changed_records, removed_ids)` gives the next one and the files that changed.

A full build is `update(None, every document, ())`; a rebuild hands over only the documents
that changed and the urls of the ones that went. Both give the same state and, file for file,
the same bytes (tests/test_search_state.py), because everything in the index is a function of
the set of documents: a document's id is its url's place in sorted order, the term shards
split where their terms say (sitegen.search.shards), the typo buckets are a power of two.
A state is never changed after it is made: `update` copies what it alters, so the caller may
keep the previous one (or throw it away) as it likes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import postings, shards as cuts
from .documents import IndexedDocument
from .index import (INDEX_DIR, RECORDS, bucket_file, bucket_text, meta_text, record_file, records_text,
                    shard_file, shard_text, tags_text, text_file, text_text)
from .scoring import code
from .typos import refile


# Documents added or removed at once beyond which the postings are made again from the stems.
# Each renumbered document walks every term's postings (about 45 ms at 10,000 notes) while the
# remake costs about as much as four of them (benchmarks/README.md, "More than a few documents").
MAX_RENUMBER = 2


@dataclass(frozen=True)
class IndexState:
    """Everything the next update needs (index_files names the files it stands for)."""

    docs: dict[str, IndexedDocument] = field(default_factory=dict)  # url → document
    urls: tuple[str, ...] = ()  # sorted: a document's id is its place here
    postings: dict[str, str] = field(default_factory=dict)  # term → its postings (sitegen.search.postings)
    shards: tuple[tuple[str, ...], ...] = ()  # each shard's terms, in order
    names: tuple[str, ...] = ()  # each shard's file name
    buckets: tuple[tuple[str, ...], ...] = ()  # the typo buckets (sitegen.search.typos)
    typo_size: int = 0
    texts: tuple[str, ...] = ()  # each document's text file name, in id order


def index_files(state: IndexState) -> set[str]:
    """The site path of every file of the index `state` stands for."""
    return ({text_file(n) for n in state.texts} | {shard_file(n) for n in state.names}
            | {record_file(k) for k in range(-(-len(state.urls) // RECORDS))}
            | {bucket_file(n) for n in range(len(state.buckets))} | {f"{INDEX_DIR}/tags.json", f"{INDEX_DIR}/meta.json"})


def doc_codes(doc: IndexedDocument) -> dict[str, str]:
    """Term → this document's posting code: its heading and body stems, then the title's and
    aliases' (a tier bit added when the stem is also in the text)."""
    codes = dict(zip(doc.terms.split("\n"), doc.codes)) if doc.terms else {}
    once = ord(code(1, doc.length, 0))
    for term, mask in doc.names.items():
        found = codes.get(term)
        codes[term] = chr((ord(found) if found is not None else once) | mask)
    return codes


def _transpose(urls: tuple[str, ...], docs: dict[str, IndexedDocument]) -> dict[str, str]:
    """Every term's postings, from every document (ids ascending as the documents come). They
    are gathered as arrays of numbers: at 10,000 notes, 1.9 million postings as Python lists of
    ints and one-letter strings held about 150 MB at once (benchmarks/README.md, "Search")."""
    lists: dict[str, array] = {}
    get = lists.get
    for doc_id, url in enumerate(urls):
        for term, found in doc_codes(docs[url]).items():
            entry = get(term)
            if entry is None:
                lists[term] = entry = array("I")
            entry.append(doc_id)
            entry.append(ord(found))
    return {term: postings.encode_pairs(found) for term, found in lists.items()}


def _patch(table: dict[str, str], doc_id: int, old: dict[str, str], new: dict[str, str]) -> set[str]:
    """Replace one document's postings in place (`table` is the update's own copy); the terms changed."""
    dirty = set()
    for term in old.keys() | new.keys():
        found = new.get(term)
        if old.get(term) == found:
            continue
        dirty.add(term)
        text = postings.patch(table.get(term, ""), doc_id, found)
        if text:
            table[term] = text
        else:
            del table[term]
    return dirty


def _shift_all(table: dict[str, str], at: int, delta: int, dirty: set[str]) -> None:
    for term, text in table.items():
        moved = postings.shift(text, at, delta)
        if moved is not text:
            table[term] = moved
            dirty.add(term)


def _renumbered(prev: IndexState, urls: tuple[str, ...], docs: dict[str, IndexedDocument],
                gone: list[str], new: list[str]) -> tuple[dict[str, str], set[str]]:
    """The postings after a few documents were removed (`gone`) and added (`new`): theirs taken
    out or put in, and the ids after each moved by one (a gap character per term)."""
    table, dirty, current = dict(prev.postings), set(), list(prev.urls)
    place = {url: n for n, url in enumerate(current)}
    for url in sorted(gone, key=place.__getitem__, reverse=True):  # from the end: lower ids stay
        at = place[url]
        dirty |= _patch(table, at, doc_codes(prev.docs[url]), {})
        _shift_all(table, at + 1, -1, dirty)
        del current[at]
    for url in sorted(new):
        at = bisect_left(current, url)
        _shift_all(table, at, 1, dirty)
        current.insert(at, url)
        dirty |= _patch(table, at, {}, doc_codes(docs[url]))
    assert tuple(current) == urls
    return table, dirty


def update(previous: IndexState | None, changed: Iterable[IndexedDocument], removed: Iterable[str],
           write: Callable[[str, str], None] | None = None) -> tuple[IndexState, dict[str, str], set[str]]:
    """(the new state, site path → text of every index file that is new or different, the
    site paths of index files that no longer exist). With `write`, the text files (most of
    the index's bytes: 70 MB at 10,000 notes) go to it one by one instead, as they are made."""
    prev = previous or IndexState()
    docs = dict(prev.docs)
    for url in removed:
        docs.pop(url, None)
    touched: dict[str, IndexedDocument] = {}
    for doc in changed:
        if docs.get(doc.url) != doc:
            touched[doc.url] = doc
        docs[doc.url] = doc
    urls = tuple(sorted(docs))
    ids = {url: n for n, url in enumerate(urls)}
    gone_urls = [u for u in prev.urls if u not in ids]
    new_urls = [u for u in urls if u not in prev.docs]
    if len(gone_urls) + len(new_urls) > MAX_RENUMBER or not prev.urls:  # made again from the stems
        table = _transpose(urls, docs)
        dirty = {t for t, text in table.items() if prev.postings.get(t) != text}
        dirty |= prev.postings.keys() - table.keys()
    else:
        table, dirty = _renumbered(prev, urls, docs, gone_urls, new_urls)
        for url, doc in touched.items():
            if url in prev.docs:
                dirty |= _patch(table, ids[url], doc_codes(prev.docs[url]), doc_codes(doc))
    texts = tuple(cuts.crc_names(urls))
    old_text = dict(zip(prev.urls, prev.texts))
    files: dict[str, str] = {}
    for url, name in zip(urls, texts):
        if url in touched or old_text.get(url) != name:
            (write or files.__setitem__)(text_file(name), text_text(docs[url]))
    gone = {text_file(name) for name in old_text.values()} - {text_file(name) for name in texts}
    moved = [n for n, url in enumerate(urls) if n >= len(prev.urls) or prev.urls[n] != url
             or url in touched or old_text.get(url) != texts[n]]
    cut = range(len(urls), len(prev.urls))  # ids no longer used: their record file shrinks or goes
    for k in sorted({n // RECORDS for n in [*moved, *cut] if n // RECORDS * RECORDS < len(urls)}):
        chunk = slice(k * RECORDS, (k + 1) * RECORDS)
        files[record_file(k)] = records_text([docs[u] for u in urls[chunk]], texts[chunk])
    gone |= {record_file(k) for k in range(-(-len(urls) // RECORDS), -(-len(prev.urls) // RECORDS))}
    added = table.keys() - prev.postings.keys() if dirty else set()
    lost = prev.postings.keys() - table.keys() if dirty else set()
    terms = sorted(table) if added or lost or not prev.shards else [t for s in prev.shards for t in s]
    shards = cuts.split(terms, table) if dirty or not prev.shards else list(prev.shards)
    names = cuts.names(shards)
    before = dict(zip(prev.names, prev.shards))
    for name, shard in zip(names, shards):
        if before.get(name) != shard or not dirty.isdisjoint(shard):
            files[shard_file(name)] = shard_text(shard, table)
    gone |= {shard_file(n) for n in before.keys() - set(names)}
    buckets, typo_size, refiled = refile(prev.buckets, prev.typo_size, added, lost)
    files.update((bucket_file(n), bucket_text(buckets[n])) for n in sorted(refiled))
    gone |= {bucket_file(n) for n in range(len(buckets), len(prev.buckets))}
    ordered = [docs[url] for url in urls]
    files[f"{INDEX_DIR}/tags.json"] = tags_text(ordered)
    files[f"{INDEX_DIR}/meta.json"] = meta_text(ordered, [s[0] for s in shards], len(buckets))
    state = IndexState(docs, urls, table, tuple(shards), tuple(names), tuple(buckets), typo_size, texts)
    return state, files, gone
