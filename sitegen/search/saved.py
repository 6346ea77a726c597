"""The search index's state as data (sitegen.datacodec), so a resumed `sitegen build` updates the index instead of making it again.

A note's document is made from its record (stems, codes, excerpt text: extract.NoteSearch, kept
in the build cache) and from the model (title, aliases, tags, language), which the resumed build
collects again anyway; so a note is saved as its url and what stemming its title and aliases
gave (IndexedDocument.names), nothing else. Pages that are not notes are saved whole. Everything else is a
few long strings, terms and postings one a line in shard order: the state file's JSON holds
them as they are, and a resume decodes them with one split each instead of walking 100,000
values through the type checks. `restore` says why it gives no state when the saved one does
not fit the model it is meant for: then the index is made in full, which is slower and never wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..collect.model import Model
from ..gcpause import collector_paused
from .documents import IndexedDocument, same_note
from .shards import crc_names, names as shard_names
from .site_index import note_inputs
from .state import IndexState

NL = "\n"  # between terms and between postings: no stem and no postings string has one


@dataclass
class SavedIndex:
    urls: list[str] = field(default_factory=list)  # every document's, in id (url) order
    # Per document: its title's word count if it is a note, -1 for a page saved whole in `pages`.
    title_words: list[int] = field(default_factory=list)
    names: list[int] = field(default_factory=list)  # how many name terms each note has
    name_terms: str = ""  # the notes' name terms (IndexedDocument.names), NL between
    name_tiers: str = ""  # each one's tier bits, a character each (TIERS)
    pages: list[IndexedDocument] = field(default_factory=list)  # the other documents, whole, in id order
    terms: str = ""  # every term, in shard order, NL between
    postings: str = ""  # each term's postings, NL between
    shard_sizes: list[int] = field(default_factory=list)  # terms in each shard
    buckets: list[str] = field(default_factory=list)  # each typo bucket's terms, NL between
    typo_size: int = 0


def _notes(model: Model) -> dict[str, tuple]:
    """url → (title, aliases, tags, NoteSearch, lang) of each published note."""
    return {url: rest for url, *rest in note_inputs(model)}


def _from_note(doc: IndexedDocument, inputs: tuple | None) -> bool:
    """Whether the model's note gives this document back (so only its names need saving)."""
    if inputs is None:
        return False
    title, aliases, tags, search, lang = inputs
    return (same_note(doc, title, aliases, tags, search.terms, search.codes, search.text, lang)
            and search.length == doc.length)


TIERS = "".join(map(chr, range(0x40, 0x50)))  # tier bits 0–15 as one letter each


def saved_index(state: IndexState, model: Model) -> SavedIndex:
    """What `restore` needs to give `state` back, given the model it was made from."""
    with collector_paused():
        return _saved_index(state, model)


def _saved_index(state: IndexState, model: Model) -> SavedIndex:
    notes = _notes(model)
    words, counts, names, tiers, pages = [], [], [], [], []
    for url in state.urls:
        doc = state.docs[url]
        if _from_note(doc, notes.get(url)):
            words.append(doc.title_words)
            counts.append(len(doc.names))
            names += doc.names
            tiers += map(TIERS.__getitem__, doc.names.values())
        else:
            words.append(-1)
            pages.append(doc)
    terms = [t for shard in state.shards for t in shard]
    return SavedIndex(list(state.urls), words, counts, NL.join(names), "".join(tiers), pages, NL.join(terms),
                      NL.join(map(state.postings.__getitem__, terms)), [len(s) for s in state.shards],
                      [NL.join(b) for b in state.buckets], state.typo_size)


def _lines(text: str) -> list[str]:
    return text.split(NL) if text else []


def restore(saved: SavedIndex | None, model: Model) -> tuple[IndexState | None, str]:
    """(the state `saved` stands for, its notes made from `model`, ""), or (None, why it does not fit)."""
    with collector_paused():
        return _restore(saved, model)


def _restore(saved: SavedIndex | None, model: Model) -> tuple[IndexState | None, str]:
    if saved is None:
        return None, "the last build saved no search index"
    terms, postings = _lines(saved.terms), _lines(saved.postings)
    if len(terms) != len(postings) or sum(saved.shard_sizes) != len(terms) or any(n <= 0 for n in saved.shard_sizes):
        return None, "the saved search index is damaged (terms, postings and shards disagree)"
    words = saved.title_words
    if len(words) != len(saved.urls) or sum(n < 0 for n in words) != len(saved.pages) \
            or len(saved.names) != len(words) - len(saved.pages):
        return None, "the saved search index is damaged (documents)"
    names, tiers = _lines(saved.name_terms), [TIERS.find(c) for c in saved.name_tiers]
    if len(names) != len(tiers) or sum(saved.names) != len(names) or -1 in tiers:
        return None, "the saved search index is damaged (names)"
    notes = _notes(model)
    docs: dict[str, IndexedDocument] = {}
    pages, counts, at = iter(saved.pages), iter(saved.names), 0
    for url, n in zip(saved.urls, words):
        if n < 0:
            doc = next(pages)
            if doc.url != url:
                return None, "the saved search index is damaged (documents)"
        elif url not in notes:
            return None, f"the saved search index has a note the last build did not publish ({url})"
        else:
            title, aliases, tags, search, lang = notes[url]
            k = next(counts)
            doc = IndexedDocument(url, title, tags, search.terms, search.codes, search.length, search.text, n,
                                  dict(zip(names[at:at + k], tiers[at:at + k])), lang, aliases)
            at += k
        docs[url] = doc
    missing = notes.keys() - {u for u, n in zip(saved.urls, words) if n >= 0}
    if missing:  # every published note is in the index, as a note
        return None, f"the saved search index lacks {len(missing)} published notes (such as {min(missing)})"
    urls = tuple(docs)
    table = dict(zip(terms, postings))
    if len(urls) != len(saved.urls) or list(urls) != sorted(urls) or len(table) != len(terms):
        return None, "the saved search index is damaged (order)"
    shards, at = [], 0
    for n in saved.shard_sizes:
        shards.append(tuple(terms[at:at + n]))
        at += n
    state = IndexState(docs, urls, table, tuple(shards), tuple(shard_names(shards)),
                       tuple(tuple(_lines(b)) for b in saved.buckets), saved.typo_size, tuple(crc_names(urls)))
    return state, ""
