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

from dataclasses import dataclass, field

from . import scoring
from .scoring import ALIAS, BODY, HEADING, TITLE
from .tokens import TEXT_CHARS, count_stems, tokenize


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
    """A document reduced to what the index stores: scored stems, the names' stems, and excerpt text."""

    url: str
    title: str
    tags: tuple[str, ...]
    terms: str = ""  # heading and body stems, one a line (extract.NoteSearch.terms)
    codes: str = ""  # their codes, one character each (scoring.code)
    length: int = 0  # words in the body
    text: str = ""  # the body text, cut at TEXT_CHARS
    title_words: int = 0  # distinct stems in the title: a query with all of them in the title is exact
    names: dict[str, int] = field(default_factory=dict)  # stems of the title and aliases, and whole-name terms → tiers
    lang: str = ""  # the language it was stemmed in
    aliases: tuple[str, ...] = ()  # as given: a later build compares them to see whether the note changed


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
    length = sum(body.values())
    stems, codes = scoring.encode(terms, length)
    return titled(doc.url, doc.title, doc.aliases, doc.tags, stems, codes, length, doc.text[:TEXT_CHARS], lang)


def same_note(doc: IndexedDocument, title: str, aliases: tuple, tags: tuple, terms: str, codes: str,
              text: str, lang: str) -> bool:
    """Whether `doc` was indexed from exactly these inputs (so a rebuild can keep it as it is)."""
    return (doc.title == title and doc.aliases == aliases and doc.tags == tags and doc.lang == lang
            and doc.terms == terms and doc.codes == codes and doc.text == text)


def exact_term(name: str, lang: str) -> str:
    """The index term that stands for a whole title or alias: its stems, each followed by a space.
    No word has a space, so it never meets a real stem; it sorts just after its first stem, in
    the same shard. A query whose words give exactly this string is an exact match."""
    return "".join(w.stem + " " for w in tokenize(name, lang)) or " "


def titled(url: str, title: str, aliases, tags, terms: str, codes: str, length: int,
           text: str, lang: str) -> IndexedDocument:
    """Add the title's and the aliases' stems (known only once the whole vault is collected)."""
    names: dict[str, int] = {}
    title_stems = count_stems(title, lang)
    for tier, name in [(TITLE, title)] + [(ALIAS, a) for a in aliases]:
        for stem in count_stems(name, lang):
            names[stem] = names.get(stem, 0) | tier
        whole = exact_term(name, lang)
        if whole != " ":
            names[whole] = names.get(whole, 0) | tier
    return IndexedDocument(url, title, tuple(tags), terms, codes, length, text, len(title_stems), names, lang,
                           tuple(aliases))
