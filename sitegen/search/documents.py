"""What the search index is built from: one `SearchDocument` per page, notes and non-notes alike.

The API for pages that are not notes (Bases views, Canvas boards, …):

    from sitegen.search.documents import SearchDocument, page_document

    doc = page_document(url="boards/plan/", title="План", headings=["Этапы"],
                        text="Всё, что читатель видит на странице…", lang="ru")

Hand the documents to the index through `sitegen.emit.writer.extra_search_documents`
(it returns every non-note page's document; the index adds them after the notes). `url`
is site-relative like a Page's url ("" is the home page); `lang` is a BCP 47 code or ""
for the site's language; `text` is plain text (no markup), in reading order. A document
is reduced to stems and a short excerpt text at once (`index_terms`), so the index keeps
no page text beyond what excerpts need.
"""

from __future__ import annotations

from dataclasses import dataclass

from .extract import ALIAS, BODY, HEADING, TITLE, encode_terms
from .tokens import EXCERPT_CHARS, count_stems



@dataclass(frozen=True)
class SearchDocument:
    """One page as search sees it."""

    url: str
    title: str
    headings: tuple[str, ...] = ()
    text: str = ""
    lang: str = ""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def page_document(url: str, title: str, headings=(), text: str = "", lang: str = "",
                  aliases=(), tags=()) -> SearchDocument:
    """A SearchDocument from any sequences (lists are fine): the function other modules call."""
    return SearchDocument(url, title, tuple(headings), text, lang, tuple(aliases), tuple(tags))


@dataclass
class IndexedDocument:
    """A document reduced to what the index stores: stems with tiers and counts, and excerpt text."""

    url: str
    title: str
    tags: tuple[str, ...]
    terms: str = ""  # stems with tier masks and counts, as `extract.encode_terms` writes them
    length: int = 0  # words in the body, for length normalisation
    excerpt: str = ""  # the body text, cut at EXCERPT_CHARS
    title_words: int = 0  # distinct stems in the title: a query with all of them in the title is exact


def index_terms(doc: SearchDocument, default_lang: str) -> IndexedDocument:
    """Stem a document's title, aliases, headings and text into one IndexedDocument."""
    lang = doc.lang or default_lang
    terms: dict[str, tuple[int, int]] = {}

    def add(stems: dict[str, int], tier: int) -> None:
        for stem, n in stems.items():
            mask, count = terms.get(stem, (0, 0))
            terms[stem] = (mask | tier, count + n)

    for text in doc.headings:
        add(count_stems(text, lang), HEADING)
    body = count_stems(doc.text, lang)
    add(body, BODY)
    return titled(doc.url, doc.title, doc.aliases, doc.tags, terms, sum(body.values()),
                  doc.text[:EXCERPT_CHARS], lang)


def titled(url: str, title: str, aliases, tags, terms: dict[str, tuple[int, int]], length: int,
           excerpt: str, lang: str) -> IndexedDocument:
    """Add the title's and the aliases' stems (known only once the whole vault is collected)."""
    title_stems = count_stems(title, lang)
    for tier, stems in [(TITLE, title_stems)] + [(ALIAS, count_stems(a, lang)) for a in aliases]:
        for stem, n in stems.items():
            mask, count = terms.get(stem, (0, 0))
            terms[stem] = (mask | tier, count + n)
    return IndexedDocument(url, title, tuple(tags), encode_terms(terms), length, excerpt, len(title_stems))
