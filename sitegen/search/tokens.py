"""Words and stems, the same rules the browser applies to a query (see static/js/search.js)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball C stemmers; the browser runs the same algorithms in JS

# The languages stemmed on both sides (the browser vendors these three Snowball stemmers).
STEMMERS = {"ru": "russian", "en": "english", "pl": "polish"}
TEXT_CHARS = 20_000  # body text kept per page for excerpts: the passage that matches is shown
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Word:
    text: str  # as folded: lower case, ё as е
    stem: str


def fold(text: str) -> str:
    """Lower case, composed (й stays one letter), ё read as е."""
    return unicodedata.normalize("NFC", text).lower().replace("ё", "е")


def language_of(word: str, lang: str) -> str:
    """Which stemmer a folded word takes: Cyrillic is Russian, Latin follows the page (en or pl)."""
    if _CYRILLIC.search(word):
        return "russian"
    if word.isdigit():
        return ""
    base = lang.split("-")[0].lower()
    # Latin letters on a Russian page, or a language with no stemmer here: English rules,
    # which the browser can apply too without knowing the page.
    return STEMMERS[base] if base in STEMMERS and base != "ru" else "english"


@lru_cache(maxsize=None)
def _stemmer(algorithm: str):
    return Stemmer.Stemmer(algorithm)


@lru_cache(maxsize=1 << 18)  # a vault repeats its words: each (word, language) is stemmed once
def stem(word: str, lang: str) -> str:
    algorithm = language_of(word, lang)
    return _stemmer(algorithm).stemWord(word) if algorithm else word


def tokenize(text: str, lang: str) -> list[Word]:
    return [Word(w, stem(w, lang)) for w in _WORD.findall(fold(text))]


def count_stems(text: str, lang: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD.findall(fold(text)):
        s = stem(word, lang)
        counts[s] = counts.get(s, 0) + 1
    return counts
