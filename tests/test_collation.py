"""The site language's sort order (sitegen.i18n.collation_key), used by bases, folders, tags and backlinks."""

from __future__ import annotations

import pytest

from sitegen.i18n import collation_key


@pytest.mark.parametrize("language, words", [
    # Latin letters with marks sort with their letter; a tie puts the plain one first.
    ("en", ["Dune", "Emile", "émile", "Ëmile", "Solaris", "Zazie"]),
    ("en", ["Lem", "Lodz", "Łódź", "Mz", "Stanisław", "Szymborska"]),
    ("en", ["2001", "apple", "Zebra", "арбуз"]),     # digits, the site's script, then the other
    ("ru", ["елка", "ёлка", "ель", "Ярослав", "Ëmile", "Zazie"]),
])
def test_words_sort_in_the_site_language(language, words):
    assert sorted(reversed(words), key=lambda w: collation_key(w, language)) == words
