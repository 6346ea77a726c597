"""The static search index's files: term shards, one file per document, typo buckets, tags, meta.

Layout under INDEX_DIR (the browser side is static/js/search-engine.js):
- `meta.json`: the document count, the languages stemmed, the first stem and the file name of
  every shard, the title word counts, the tag names with their counts, the number of typo buckets;
- `t/<name>.json`: `{"t": stems, "p": postings}` for a sorted run of stems (sitegen.search.shards),
  each stem's postings a flat list `[doc id, code, …]`, ids ascending; a code is
  `score × 16 + tier mask` (sitegen.search.scoring: final per document, the browser applies
  idf from the number of postings);
- `d/<id>.json`: `[url, title, text]` of one document, fetched for the results shown;
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
FORMAT = 3


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def shard_file(name: str) -> str:
    return f"{INDEX_DIR}/t/{name}.json"


def doc_file(doc_id: int) -> str:
    return f"{INDEX_DIR}/d/{doc_id}.json"


def bucket_file(n: int) -> str:
    return f"{INDEX_DIR}/v/{n}.json"


def shard_text(terms: Sequence[str], postings: Mapping[str, str]) -> str:
    return (f'{{"t":{json.dumps(list(terms), ensure_ascii=False, separators=(",", ":"))},'
            f'"p":[{",".join(postings[t] for t in terms)}]}}\n')


def bucket_text(stems: Sequence[str]) -> str:
    return _dump(list(stems))


def doc_text(doc: IndexedDocument) -> str:
    return _dump([doc.url, doc.title, doc.text])


def _lang(doc: IndexedDocument) -> str:
    return doc.lang.split("-")[0].lower() or "ru"


def tags_text(docs: Sequence[IndexedDocument]) -> str:
    tagged: dict[str, list[int]] = {}
    for doc_id, doc in enumerate(docs):
        for tag in doc.tags:
            tagged.setdefault(tag, []).append(doc_id)
    return _dump({t: _deltas(tagged[t]) for t in sorted(tagged)})


def meta_text(docs: Sequence[IndexedDocument], firsts: list[str], names: list[str], buckets: int) -> str:
    counts: dict[str, int] = {}
    for doc in docs:
        for tag in doc.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return _dump({
        "format": FORMAT, "count": len(docs), "langs": sorted({_lang(d) for d in docs}),
        "shards": firsts, "files": names, "titleWords": [d.title_words for d in docs], "typo": buckets,
        "tags": [[t, counts[t]] for t in sorted(counts)],
    })


def _deltas(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0] + ids, ids)]


def build_index(docs: Iterable[IndexedDocument]) -> Iterator[tuple[str, str]]:
    """Every file of the index, as (site path, text), in a stable order."""
    from .state import update  # the state builds on this module's file formats

    files = update(None, docs, ())[1]
    yield from sorted(files.items())
