"""The search index of a collected site: its notes (stemmed in the workers) and any other pages' documents."""

from __future__ import annotations

from typing import Iterable, Iterator

from ..collect.model import Model
from .documents import IndexedDocument, SearchDocument, index_terms, titled
from .index import build_index


def note_documents(model: Model) -> Iterator[tuple[IndexedDocument, str]]:
    """Each published note in model order; only the title and aliases are stemmed here."""
    language = model.config.language
    for src, note in model.notes.items():
        found = model.records[src].search
        lang = note.meta.lang or language
        tags = tuple(model.tags[k].name for k in note.tags if k in model.tags)
        yield titled(note.url, note.title, note.meta.aliases, tags, found.terms, found.codes,
                     found.length, found.text, lang), lang


def site_index(model: Model, extra: Iterable[SearchDocument] = ()) -> Iterator[tuple[str, str]]:
    """(site path, text) of every index file: the notes, then the extra documents in their given order."""
    language = model.config.language

    def everything() -> Iterator[tuple[IndexedDocument, str]]:
        yield from note_documents(model)
        for doc in extra:
            yield index_terms(doc, language), doc.lang or language

    return build_index(everything())
