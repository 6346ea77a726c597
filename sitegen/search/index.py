"""Write the static search index: term shards by stem range, document chunks for excerpts, one meta file.

Layout under INDEX_DIR (the browser side is static/js/search.js):
- `meta.json`: the document count, the languages stemmed, the first stem of every shard,
  the title word counts, the tag names with their counts;
- `t/<n>.json`: a sorted run of stems, each with its postings as flat integers
  `[doc delta, score × 16 + tier mask, …]` (doc ids ascending; the score is BM25 with the
  idf already applied, so the browser only adds);
- `d/<n>.json`: CHUNK documents' `[url, title, excerpt text]`, fetched for the results shown;
- `tags.json`: each tag's documents, fetched only when the tag filter is used.
"""

from __future__ import annotations

import json
import math
from array import array
from typing import Iterable, Iterator

from .documents import IndexedDocument
from .extract import decode_terms

INDEX_DIR = "search"  # the site folder of the index: a reserved top-level name (collect.slugs)
FORMAT = 1
CHUNK = 16  # documents per excerpt file: a result page of 20 fetches a handful of small files
SHARD_CHARS = 24_000  # a term shard closes once its JSON passes this size
K1, B = 1.2, 0.75


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class IndexBuilder:
    """Add documents one at a time (their excerpt chunks stream out), then `finish()` the terms."""

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self.lengths = array("l")
        self.title_words = array("l")
        self.tags: dict[str, list[int]] = {}
        self.langs: set[str] = set()
        self._chunk: list[list[str]] = []

    def add(self, doc: IndexedDocument, lang: str) -> Iterator[tuple[str, str]]:
        """Index one document; yields an excerpt chunk file when one fills."""
        doc_id = len(self.lengths)
        self.langs.add(lang.split("-")[0].lower() or "ru")
        for stem, (mask, count) in decode_terms(doc.terms).items():
            self.postings.setdefault(stem, array("q")).append((doc_id << 24) | (min(count, 1 << 19) << 4) | mask)
        self.lengths.append(doc.length)
        self.title_words.append(doc.title_words)
        for tag in doc.tags:
            self.tags.setdefault(tag, []).append(doc_id)
        self._chunk.append([doc.url, doc.title, doc.excerpt])
        if len(self._chunk) == CHUNK:
            yield from self._flush()

    def _flush(self) -> Iterator[tuple[str, str]]:
        if self._chunk:
            yield f"{INDEX_DIR}/d/{(len(self.lengths) - 1) // CHUNK}.json", _dump(self._chunk)
            self._chunk = []

    def finish(self) -> Iterator[tuple[str, str]]:
        """The remaining excerpt chunk, every term shard, the tag lists and meta.json."""
        yield from self._flush()
        count = len(self.lengths)
        average = (sum(self.lengths) / count) if count else 1.0
        firsts: list[str] = []
        shard: dict[str, list] = {"t": [], "p": []}
        size = 0
        for stem in sorted(self.postings):
            entry = self._entry(self.postings[stem], count, average or 1.0)
            shard["t"].append(stem)
            shard["p"].append(entry)
            size += len(stem) + 4 * len(entry) + 4
            if size >= SHARD_CHARS:
                firsts.append(shard["t"][0])
                yield f"{INDEX_DIR}/t/{len(firsts) - 1}.json", _dump(shard)
                shard, size = {"t": [], "p": []}, 0
        if shard["t"]:
            firsts.append(shard["t"][0])
            yield f"{INDEX_DIR}/t/{len(firsts) - 1}.json", _dump(shard)
        tags = sorted(self.tags)
        yield f"{INDEX_DIR}/tags.json", _dump({t: _deltas(self.tags[t]) for t in tags})
        yield f"{INDEX_DIR}/meta.json", _dump({
            "format": FORMAT, "count": count, "chunk": CHUNK, "langs": sorted(self.langs),
            "shards": firsts, "titleWords": list(self.title_words),
            "tags": [[t, len(self.tags[t])] for t in tags],
        })

    def _entry(self, postings: array, count: int, average: float) -> list[int]:
        idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
        out: list[int] = []
        previous = 0
        for packed in postings:  # ascending doc ids: documents are added in order
            doc, tf, mask = packed >> 24, (packed >> 4) & ((1 << 20) - 1), packed & 15
            norm = K1 * (1 - B + B * self.lengths[doc] / average)
            score = max(1, round(100 * idf * tf * (K1 + 1) / (tf + norm)))
            out += [doc - previous, score * 16 + mask]
            previous = doc
        return out


def _deltas(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0] + ids, ids)]


def build_index(docs: Iterable[tuple[IndexedDocument, str]]) -> Iterator[tuple[str, str]]:
    """Every file of the index, as (site path, text), from (document, language) pairs in a stable order."""
    builder = IndexBuilder()
    for doc, lang in docs:
        yield from builder.add(doc, lang)
    yield from builder.finish()
