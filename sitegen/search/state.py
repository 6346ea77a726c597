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

from dataclasses import dataclass, field
from typing import Iterable

from . import shards as cuts
from .documents import IndexedDocument
from .index import INDEX_DIR, bucket_file, bucket_text, doc_file, doc_text, meta_text, shard_file, shard_text, tags_text
from .scoring import tf_score
from .typos import refile


@dataclass(frozen=True)
class IndexState:
    """Everything the next update needs; `files()` would write the whole index from it."""

    docs: dict[str, IndexedDocument] = field(default_factory=dict)  # url → document
    urls: tuple[str, ...] = ()  # sorted: a document's id is its place here
    postings: dict[str, str] = field(default_factory=dict)  # term → its postings as written, "[id,code,…]"
    shards: tuple[tuple[str, ...], ...] = ()  # each shard's terms, in order
    names: tuple[str, ...] = ()  # each shard's file name
    buckets: tuple[tuple[str, ...], ...] = ()  # the typo buckets (sitegen.search.typos)
    typo_size: int = 0


def index_files(state: IndexState) -> set[str]:
    """The site path of every file of the index `state` stands for."""
    return ({doc_file(n) for n in range(len(state.urls))} | {shard_file(n) for n in state.names}
            | {bucket_file(n) for n in range(len(state.buckets))} | {f"{INDEX_DIR}/tags.json", f"{INDEX_DIR}/meta.json"})


def doc_codes(doc: IndexedDocument) -> dict[str, str]:
    """Term → this document's posting code: its heading and body stems, then the title's and
    aliases' (a tier bit added when the stem is also in the text)."""
    codes = dict(zip(doc.terms.split("\n"), doc.codes.split())) if doc.terms else {}
    once = tf_score(1, doc.length) * 16
    for term, mask in doc.names.items():
        found = codes.get(term)
        codes[term] = str((int(found) if found is not None else once) | mask)
    return codes


def _transpose(urls: tuple[str, ...], docs: dict[str, IndexedDocument]) -> dict[str, str]:
    """Every term's postings, from every document (ids ascending as the documents come)."""
    lists: dict[str, list[str]] = {}
    get = lists.get
    for doc_id, url in enumerate(urls):
        prefix = f"{doc_id},"  # kept as text: merged, never decoded
        for term, code in doc_codes(docs[url]).items():
            entry = get(term)
            if entry is None:
                lists[term] = [prefix + code]
            else:
                entry.append(prefix + code)
    return {term: "[" + ",".join(found) + "]" for term, found in lists.items()}


def _patch(postings: dict[str, str], doc_id: int, old: dict[str, str], new: dict[str, str]) -> set[str]:
    """Replace one document's postings in place (`postings` is the update's own copy); the terms
    changed. A term's postings stay text: split at the commas, never parsed whole."""
    dirty = set()
    for term in old.keys() | new.keys():
        code = new.get(term)
        if old.get(term) == code:
            continue
        dirty.add(term)
        text = postings.get(term, "[]")
        flat = text[1:-1].split(",") if len(text) > 2 else []
        lo, hi = 0, len(flat) // 2
        while lo < hi:  # the first pair whose id is doc_id or more
            mid = (lo + hi) // 2
            if int(flat[2 * mid]) < doc_id:
                lo = mid + 1
            else:
                hi = mid
        at = 2 * lo
        if at < len(flat) and int(flat[at]) == doc_id:
            del flat[at:at + 2]
        if code is not None:
            flat[at:at] = [str(doc_id), code]
        if flat:
            postings[term] = "[" + ",".join(flat) + "]"
        else:
            del postings[term]
    return dirty


def update(previous: IndexState | None, changed: Iterable[IndexedDocument],
           removed: Iterable[str]) -> tuple[IndexState, dict[str, str], set[str]]:
    """(the new state, site path → text of every index file that is new or different, the
    site paths of index files that no longer exist)."""
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
    files: dict[str, str] = {}
    if urls == prev.urls:  # the same documents: only the changed ones' postings move
        postings = dict(prev.postings)
        dirty: set[str] = set()
        ids = {url: n for n, url in enumerate(urls)} if touched else {}
        for url, doc in touched.items():
            dirty |= _patch(postings, ids[url], doc_codes(prev.docs[url]), doc_codes(doc))
            files[doc_file(ids[url])] = doc_text(doc)
    else:  # ids moved: every posting is made again from the documents' stems
        postings = _transpose(urls, docs)
        dirty = {t for t, text in postings.items() if prev.postings.get(t) != text}
        dirty |= prev.postings.keys() - postings.keys()
        for n, url in enumerate(urls):
            if n >= len(prev.urls) or prev.urls[n] != url or url in touched:
                files[doc_file(n)] = doc_text(docs[url])
    gone = {doc_file(n) for n in range(len(urls), len(prev.urls))}
    added = postings.keys() - prev.postings.keys() if dirty else set()
    lost = prev.postings.keys() - postings.keys() if dirty else set()
    terms = sorted(postings) if added or lost or not prev.shards else [t for s in prev.shards for t in s]
    shards = cuts.split(terms, postings) if dirty or not prev.shards else list(prev.shards)
    names = cuts.names(shards)
    before = dict(zip(prev.names, prev.shards))
    for name, shard in zip(names, shards):
        if before.get(name) != shard or not dirty.isdisjoint(shard):
            files[shard_file(name)] = shard_text(shard, postings)
    gone |= {shard_file(n) for n in before.keys() - set(names)}
    buckets, typo_size, refiled = refile(prev.buckets, prev.typo_size, added, lost)
    files.update((bucket_file(n), bucket_text(buckets[n])) for n in sorted(refiled))
    gone |= {bucket_file(n) for n in range(len(buckets), len(prev.buckets))}
    ordered = [docs[url] for url in urls]
    files[f"{INDEX_DIR}/tags.json"] = tags_text(ordered)
    files[f"{INDEX_DIR}/meta.json"] = meta_text(ordered, [s[0] for s in shards], names, len(buckets))
    state = IndexState(docs, urls, postings, tuple(shards), tuple(names), tuple(buckets), typo_size)
    return state, files, gone
