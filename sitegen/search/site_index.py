"""The search index of a collected site: its notes (stemmed in the workers) and any other pages' documents."""

from __future__ import annotations

from typing import Iterable, Iterator

from ..collect.model import Model
from .documents import IndexedDocument, SearchDocument, index_terms, same_note, titled
from .index import build_index
from .state import IndexState, update


def note_inputs(model: Model) -> Iterator[tuple[str, str, tuple, tuple, object, str]]:
    """(url, title, aliases, tags, NoteSearch, lang) of each published note, in model order:
    what its document is made from."""
    language = model.config.language
    records, tags_of = model.records, model.tags
    for src, note in model.notes.items():
        tags = tuple(tags_of[k].name for k in note.tags if k in tags_of)
        yield note.url, note.title, tuple(note.meta.aliases), tags, records[src].search, note.meta.lang or language


def note_documents(model: Model, known: dict[str, IndexedDocument] | None = None) -> Iterator[IndexedDocument]:
    """Each published note in model order; only the title and aliases are stemmed here, and
    not even those for a note `known` already holds as it is now."""
    known = known or {}
    for url, title, aliases, tags, found, lang in note_inputs(model):
        old = known.get(url)
        if old is not None and same_note(old, title, aliases, tags, found.terms, found.codes, found.text, lang):
            yield old
        else:
            yield titled(url, title, aliases, tags, found.terms, found.codes, found.length, found.text, lang)


def site_documents(model: Model, extra: Iterable[SearchDocument] = (),
                   known: dict[str, IndexedDocument] | None = None) -> Iterator[IndexedDocument]:
    """The notes, then the extra documents in their given order."""
    yield from note_documents(model, known)
    language = model.config.language
    for doc in extra:
        yield index_terms(doc, language)


def site_index(model: Model, extra: Iterable[SearchDocument] = ()) -> Iterator[tuple[str, str]]:
    """(site path, text) of every index file."""
    return build_index(site_documents(model, extra))


def site_update(previous: IndexState | None, model: Model, extra: Iterable[SearchDocument] = (),
                write=None) -> tuple[IndexState, dict[str, str], set[str]]:
    """The index after a rebuild: `update` with the documents that differ from `previous`'s
    (`write`: see update)."""
    known = previous.docs if previous is not None else {}
    docs = list(site_documents(model, extra, known))
    current = {d.url for d in docs}
    changed = [d for d in docs if known.get(d.url) is not d]
    return update(previous, changed, [url for url in known if url not in current], write)
