"""The search index's state as data (sitegen.datacodec), so a resumed `sitegen build` updates the index instead of making it again.

A note's stems, codes and excerpt text are already kept with its record in the build cache
(extract.NoteSearch), so a note's document is saved without them and filled in again from
the record the resumed build collects its model from; pages that are not notes are saved
whole. The postings are saved as two lists in term order (the order the shards cut), so
loading needs no sort. `restore` gives None for anything that does not fit the model it is
meant for: then the index is made in full, which is slower and never wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..collect.model import Model
from .documents import IndexedDocument
from .shards import crc_names, names as shard_names
from .state import IndexState


@dataclass
class SavedDocument:
    doc: IndexedDocument  # a note's without terms, codes, length and text (`note` set)
    note: bool


@dataclass
class SavedIndex:
    docs: list[SavedDocument] = field(default_factory=list)  # in id (url) order
    terms: list[str] = field(default_factory=list)  # every term, in shard order
    postings: list[str] = field(default_factory=list)  # each term's postings
    shard_sizes: list[int] = field(default_factory=list)  # terms in each shard
    buckets: list[tuple[str, ...]] = field(default_factory=list)
    typo_size: int = 0


def _note_searches(model: Model) -> dict[str, object]:
    """url → the NoteSearch of the published note there."""
    records = model.records
    return {note.url: records[src].search for src, note in model.notes.items() if src in records}


def saved_index(state: IndexState, model: Model) -> SavedIndex:
    """What `restore` needs to give `state` back, given the model it was made from."""
    found = _note_searches(model)
    docs = []
    for url in state.urls:
        doc = state.docs[url]
        search = found.get(url)
        note = (search is not None and search.terms == doc.terms and search.codes == doc.codes
                and search.length == doc.length and search.text == doc.text)
        docs.append(SavedDocument(replace(doc, terms="", codes="", length=0, text="") if note else doc, note))
    terms = [t for shard in state.shards for t in shard]
    return SavedIndex(docs, terms, [state.postings[t] for t in terms], [len(s) for s in state.shards],
                      list(state.buckets), state.typo_size)


def restore(saved: SavedIndex | None, model: Model) -> IndexState | None:
    """The state `saved` stands for, its notes' stems from `model`'s records; None when it does not fit."""
    if saved is None or len(saved.terms) != len(saved.postings) or sum(saved.shard_sizes) != len(saved.terms) \
            or any(n <= 0 for n in saved.shard_sizes):
        return None
    found = _note_searches(model)
    docs: dict[str, IndexedDocument] = {}
    for entry in saved.docs:
        doc = entry.doc
        if entry.note:
            search = found.get(doc.url)
            if search is None:
                return None
            doc = replace(doc, terms=search.terms, codes=search.codes, length=search.length, text=search.text)
        docs[doc.url] = doc
    if {e.doc.url for e in saved.docs if e.note} != found.keys():
        return None  # every published note is in the index, as a note
    urls = tuple(docs)
    table = dict(zip(saved.terms, saved.postings))
    if len(urls) != len(saved.docs) or list(urls) != sorted(urls) or len(table) != len(saved.terms):
        return None
    shards, at = [], 0
    for n in saved.shard_sizes:
        shards.append(tuple(saved.terms[at:at + n]))
        at += n
    return IndexState(docs, urls, table, tuple(shards),
                      tuple(shard_names(shards)), tuple(saved.buckets), saved.typo_size, tuple(crc_names(urls)))
