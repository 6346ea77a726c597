"""The document API for pages that are not notes, and what a document is reduced to."""

from sitegen.search.documents import page_document, index_terms
from sitegen.search.extract import ALIAS, BODY, HEADING, TITLE, split_text
from sitegen.search.scoring import decode
from sitegen.syntax.markdown import parse_note


def test_a_document_keeps_each_stem_with_the_tiers_it_appears_in():
    doc = page_document("boards/plan/", "Целевая модель", ["Этапы внедрения"], "Модель описывает этапы.",
                        aliases=["ЦМН"], tags=["план"])
    indexed = index_terms(doc, "ru")
    terms = decode(indexed.terms, indexed.codes)
    assert terms["модел"][0] == BODY and terms["этап"][0] == HEADING | BODY
    assert terms["этап"][1] > terms["модел"][1]  # twice in the page against once
    assert indexed.names["модел"] == TITLE and indexed.names["цмн"] == ALIAS
    assert indexed.names["целев модел "] == TITLE  # the whole title, for exact matches
    assert indexed.title_words == 2 and indexed.length == 3
    assert indexed.tags == ("план",) and indexed.url == "boards/plan/"


def test_the_document_language_picks_the_stemmer():
    polish = index_terms(page_document("pl/", "Mazowsze", lang="pl"), "ru")
    assert "mazow" in polish.names
    default = index_terms(page_document("en/", "Mazowsze"), "ru")
    assert "mazowsz" in default.names


def test_long_text_is_cut_for_excerpts_but_fully_indexed():
    doc = page_document("a/", "A", text="слово " * 5000 + "последнее")
    indexed = index_terms(doc, "ru")
    assert "слово " * 100 in indexed.text and len(indexed.text) <= 20_000
    assert "последн" in decode(indexed.terms, indexed.codes)


def test_note_text_drops_markup_and_keeps_link_labels():
    parsed = parse_note("# Заголовок\n\nТекст со [[Ссылка|ссылкой]] и **жирным**.\n\n```\nкод\n```\n", 1)
    headings, body = split_text(parsed.tokens)
    assert headings == ["Заголовок"]
    assert body == ["Текст со ссылкой и жирным.", "код"]
