"""Write the static search index: term shards by stem range, one file per document, typo buckets, meta.

Layout under INDEX_DIR (the browser side is static/js/search-engine.js):
- `meta.json`: the document count, the languages stemmed, the first stem of every shard,
  the title word counts, the tag names with their counts, the number of typo buckets;
- `t/<n>.json`: `{"t": stems, "p": postings}` for a sorted run of stems, each stem's postings
  a flat list `[doc id, code, …]`, ids ascending; a code is `score × 16 + tier mask` (sitegen.search.scoring: final per document, the
  browser applies idf from the number of postings);
- `d/<id>.json`: `[url, title, text]` of one document, fetched for the results shown;
- `v/<n>.json`: a typo bucket (sitegen.search.typos);
- `tags.json`: each tag's document id deltas, fetched only when the tag filter is used.
Every file is a function of the documents in their order: two builds give the same bytes.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from .documents import IndexedDocument
from .scoring import tf_score
from .typos import typo_buckets

INDEX_DIR = "search"  # the site folder of the index: a reserved top-level name (collect.slugs)
FORMAT = 2
SHARD_BYTES = 16_000  # a term shard closes once it is about this large


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class IndexBuilder:
    """Add documents one at a time (their own files stream out), then `finish()` the terms."""

    def __init__(self) -> None:
        # stem → its postings "doc id,code", doc ids ascending
        self.postings: dict[str, list[str]] = {}
        self.count = 0
        self.title_words: list[int] = []
        self.tags: dict[str, list[int]] = {}
        self.langs: set[str] = set()

    def add(self, doc: IndexedDocument, lang: str) -> Iterator[tuple[str, str]]:
        """Index one document; yields its document file."""
        doc_id = self.count
        self.count += 1
        self.langs.add(lang.split("-")[0].lower() or "ru")
        postings = self.postings
        get = postings.get
        prefix = f"{doc_id},"  # a posting is "doc id,code", kept as text: merged, never decoded
        if doc.terms:
            for term, code in zip(doc.terms.split("\n"), doc.codes.split()):
                entry = get(term)
                if entry is None:
                    postings[term] = [prefix + code]
                else:
                    entry.append(prefix + code)
        once = tf_score(1, doc.length) * 16
        for term, mask in doc.names.items():
            entry = postings.setdefault(term, [])
            if entry and entry[-1].startswith(prefix):  # also in a heading or the body: add the tier
                entry[-1] = prefix + str(int(entry[-1][len(prefix):]) | mask)
            else:
                entry.append(prefix + str(once | mask))
        self.title_words.append(doc.title_words)
        for tag in doc.tags:
            self.tags.setdefault(tag, []).append(doc_id)
        yield f"{INDEX_DIR}/d/{doc_id}.json", _dump([doc.url, doc.title, doc.text])

    def finish(self) -> Iterator[tuple[str, str]]:
        """Every term shard, the typo buckets, the tag lists and meta.json."""
        firsts: list[str] = []
        terms: list[str] = []
        lists: list[str] = []
        size = 0

        def shard() -> tuple[str, str]:
            firsts.append(terms[0])
            text = f'{{"t":{json.dumps(terms, ensure_ascii=False)},"p":[{",".join(lists)}]}}\n'
            return f"{INDEX_DIR}/t/{len(firsts) - 1}.json", text

        for term in sorted(self.postings):
            found = self.postings[term]
            terms.append(term)
            lists.append("[" + ",".join(found) + "]")
            size += len(term) + 10 * len(found) + 8
            if size >= SHARD_BYTES:
                yield shard()
                terms, lists, size = [], [], 0
        if terms:
            yield shard()
        buckets = typo_buckets(self.postings)
        for n, bucket in enumerate(buckets):
            yield f"{INDEX_DIR}/v/{n}.json", _dump(bucket)
        tags = sorted(self.tags)
        yield f"{INDEX_DIR}/tags.json", _dump({t: _deltas(self.tags[t]) for t in tags})
        yield f"{INDEX_DIR}/meta.json", _dump({
            "format": FORMAT, "count": self.count, "langs": sorted(self.langs),
            "shards": firsts, "titleWords": self.title_words, "typo": len(buckets),
            "tags": [[t, len(self.tags[t])] for t in tags],
        })


def _deltas(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0] + ids, ids)]


def build_index(docs: Iterable[tuple[IndexedDocument, str]]) -> Iterator[tuple[str, str]]:
    """Every file of the index, as (site path, text), from (document, language) pairs in a stable order."""
    builder = IndexBuilder()
    for doc, lang in docs:
        yield from builder.add(doc, lang)
    yield from builder.finish()
