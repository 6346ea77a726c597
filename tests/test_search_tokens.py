"""Words and stems: the folding and stemming rules search applies to pages and to queries."""

import pytest

from sitegen.search.tokens import count_stems, fold, language_of, stem, tokenize


@pytest.mark.parametrize("text, folded", [
    ("Ёлка", "елка"),
    ("ЙОГУРТ", "йогурт"),          # й stays й
    ("и\u0306", "й"),              # a decomposed й becomes one letter, not и + mark
    ("Mazowsze", "mazowsze"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("word, lang, algorithm", [
    ("модель", "ru", "russian"),
    ("модель", "en", "russian"),    # Cyrillic is always Russian
    ("model", "ru", "english"),     # Latin words on a Russian page
    ("mazowsze", "pl", "polish"),
    ("mazowsze", "pl-PL", "polish"),
    ("haus", "de", "english"),      # no German stemmer on both sides: English rules
    ("2024", "ru", ""),
])
def test_language_of(word, lang, algorithm):
    assert language_of(word, lang) == algorithm


# Every case and number of one word comes to one stem: what makes «целевой модели» find the note.
@pytest.mark.parametrize("forms", [
    ["целевая", "целевой", "целевую", "целевые"],
    ["модель", "модели", "моделью", "моделей"],
    ["наставник", "наставника", "наставниками", "наставникам"],
    ["волонтерская", "волонтёрской", "волонтёрских"],
    ["социальная", "социальной", "социальных"],
    ["сетевой", "сетевое", "сетевая"],
    ["профессиональный", "профессиональной", "профессиональные"],
])
def test_russian_forms_share_a_stem(forms):
    assert len({stem(fold(w), "ru") for w in forms}) == 1


def test_adjective_endings_with_й_are_removed():
    # The old engine folded й into и before stemming, so -ой/-ый never came off.
    assert stem("целевой", "ru") == stem("целевая", "ru") != "целевои"


def test_tokenize_splits_on_punctuation_and_keeps_digits():
    assert [w.text for w in tokenize("Наставник-ученик: 2024 (план)", "ru")] == ["наставник", "ученик", "2024", "план"]


def test_count_stems_counts_forms_together():
    assert count_stems("Модель, модели и моделью", "ru") == {"модел": 3, "и": 1}
