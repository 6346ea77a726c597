"""The static search index's files: term shards, document records in chunks, excerpt texts, typo buckets, tags, meta.

Layout under INDEX_DIR (the browser side is static/js/search-engine.js):
- `meta.json`: the document count, the languages stemmed, the first stem of every shard,
  each document's title word count (a character each: ALPHABET), the tag names with their
  counts, the number of typo buckets;
- `t/<name>.json`: `{"t": stems, "p": postings}` for a sorted run of stems (sitegen.search.shards),
  named by the CRC-32 of its first stem; each stem's postings one string (sitegen.search.postings)
  of document ids and codes (`level × 16 + tier mask`, sitegen.search.scoring: final per
  document, the browser applies idf from the number of postings);
- `r/<k>.json`: `[[url, title, text name], …]` of documents k × RECORDS and on, fetched for the
  results listed;
- `x/<text name>.json`: the text of one document, fetched for the excerpt of a result on screen;
  named by its url's CRC-32 (sitegen.search.shards.crc_names), so a document added before it
  leaves the file as it is;
- `v/<n>.json`: a typo bucket (sitegen.search.typos);
- `tags.json`: each tag's document id deltas, fetched only when the tag filter is used.
Every file is a function of the set of documents (sitegen.search.state): two builds, and a
build and a rebuild, give the same bytes.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator, Mapping, Sequence

from .documents import IndexedDocument

INDEX_DIR = "search"  # the site folder of the index: a reserved top-level name (collect.slugs)
FORMAT = 4
RECORDS = 16  # documents per record file: a result list of 20 fetches at most 20 small files
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def shard_file(name: str) -> str:
    return f"{INDEX_DIR}/t/{name}.json"


def record_file(k: int) -> str:
    return f"{INDEX_DIR}/r/{k}.json"


def text_file(name: str) -> str:
    return f"{INDEX_DIR}/x/{name}.json"


def bucket_file(n: int) -> str:
    return f"{INDEX_DIR}/v/{n}.json"


def shard_text(terms: Sequence[str], postings: Mapping[str, str]) -> str:
    # A postings string has no character JSON escapes (sitegen.search.postings): quoted as it is.
    lists = '","'.join(postings[t] for t in terms)
    return f'{{"t":{json.dumps(list(terms), ensure_ascii=False, separators=(",", ":"))},"p":["{lists}"]}}\n'


def bucket_text(stems: Sequence[str]) -> str:
    return _dump(list(stems))


def records_text(docs: Sequence[IndexedDocument], texts: Sequence[str]) -> str:
    return _dump([[d.url, d.title, name] for d, name in zip(docs, texts)])


def text_text(doc: IndexedDocument) -> str:
    return _dump(doc.text)


def _lang(doc: IndexedDocument) -> str:
    return doc.lang.split("-")[0].lower() or "ru"


def tags_text(docs: Sequence[IndexedDocument]) -> str:
    tagged: dict[str, list[int]] = {}
    for doc_id, doc in enumerate(docs):
        for tag in doc.tags:
            tagged.setdefault(tag, []).append(doc_id)
    return _dump({t: _deltas(tagged[t]) for t in sorted(tagged)})


def meta_text(docs: Sequence[IndexedDocument], firsts: list[str], buckets: int) -> str:
    counts: dict[str, int] = {}
    for doc in docs:
        for tag in doc.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return _dump({
        "format": FORMAT, "count": len(docs), "langs": sorted({_lang(d) for d in docs}),
        "shards": firsts, "titleWords": "".join(ALPHABET[min(d.title_words, 63)] for d in docs), "typo": buckets,
        "tags": [[t, counts[t]] for t in sorted(counts)],
    })


def _deltas(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0] + ids, ids)]


def build_index(docs: Iterable[IndexedDocument]) -> Iterator[tuple[str, str]]:
    """Every file of the index, as (site path, text), in a stable order."""
    from .state import update  # the state builds on this module's file formats

    files = update(None, docs, ())[1]
    yield from sorted(files.items())
