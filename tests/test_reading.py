"""What a reader gets around a note's text: heading self-links, reading time, dates, related notes."""

from __future__ import annotations

import re
from collections import Counter

from conftest import page


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_every_heading_links_to_itself_and_embeds_add_no_links_or_ids(site):
    _, out = site({
        "Главная.md": "# Введение\n\n## Шаги\n\nТекст.\n\n## Шаги\n\nЕщё.\n\n![[Другая#Шаги]]\n",
        "Другая.md": "## Шаги\n\nЧужие шаги.\n",
    })
    html = page(out, "главная/")
    for ident in ("введение", "шаги", "шаги-1"):
        assert (f'id="{ident}">' in html and
                f'<a class="heading-anchor" href="#{ident}" aria-label="Ссылка на раздел"></a>' in html)
    # The embedded section keeps no id and no self-link: `#шаги` already means this page's heading.
    start = html.index('class="embed embed-note"')
    embed = html[start:html.index('<section class="backlinks"', start)]
    assert "heading-anchor" not in embed and ' id="' not in embed
    assert [i for i, n in Counter(_ids(html)).items() if n > 1] == []


def test_heading_link_label_follows_the_site_language(site):
    _, out = site({"Note.md": "## Steps\n\nText.\n"}, language="en")
    assert '<a class="heading-anchor" href="#steps" aria-label="Link to this section"></a>' in page(out, "note/")
