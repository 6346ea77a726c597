"""Backlinks on a note page: a context only when it adds words, groups by folder when the list is long."""

from __future__ import annotations

import re

import pytest

from conftest import page
from sitegen.emit.backlinks import GROUP_ABOVE, folder_label, group_backlinks
from sitegen.syntax.linkplace import CONTEXT_CHARS, adds_words


@pytest.mark.parametrize("text, label, expected", [
    ("Положение о наставничестве", "Положение о наставничестве", False),
    ("положение о наставничестве.", "Положение о  наставничестве", False),  # case, spacing, punctuation
    ("См. Положение о наставничестве", "Положение о наставничестве", True),
    ("— «Наставник» —", "Наставник", False),
    ("Наставник и Наставник", "Наставник", True),  # a second mention is words of its own
    ("Хакатон", "", True),
])
def test_adds_words(text, label, expected):
    assert adds_words(text, label) is expected


def titles(html: str) -> list[str]:
    return re.findall(r'<li><a (?:id="b_\d+" )?href="[^"]*">([^<]*)</a>', html)


def backlinks_of(out, url: str) -> str:
    html = page(out, url)
    start = html.index('<section class="backlinks')
    return html[start:html.index("</section>", start)]


def test_context_that_is_only_the_link_is_left_out(site):
    _, out = site({
        "Цель.md": "# Цель\n",
        "Список.md": "## Источник\n[[Цель]]\n",
        "Текст.md": "Эта [[Цель]] важнее прочих.\n",
        "Свойство.md": "---\nsource: \"[[Цель]]\"\n---\nБез ссылок в тексте.\n",
    })
    section = backlinks_of(out, "цель/")
    assert titles(section) == ["Свойство", "Список", "Текст"]
    contexts = re.findall(r'</a>(?:<details>.*?</summary>)?<p>([^<]*)</p>', section)
    assert contexts == ["Эта Цель важнее прочих."]  # not the bare "Цель"
    assert '>Свойство</a> <span class="backlink-key">source</span>' in section  # the key names the link
    assert "<details" not in section and "<h3" not in section  # a short list: flat, contexts shown


def test_long_paragraph_context_is_whole_words_around_the_link(site):
    before = " ".join(f"слово{i:03}" for i in range(60))
    after = " ".join(f"далее{i:03}" for i in range(60))
    _, out = site({"Цель.md": "# Цель\n", "Длинный.md": f"{before} [[Цель|цели]] {after}.\n"})
    [context] = re.findall(r'</a>(?:<details>.*?</summary>)?<p>([^<]*)</p>', backlinks_of(out, "цель/"))
    assert context.startswith("…") and context.endswith("…")
    assert "цели" in context and len(context) <= CONTEXT_CHARS + 2
    words = context.strip("…").split()
    # Cut between words, never inside one: every word is whole, as the note has it.
    assert all(re.fullmatch(r"слово\d{3}|цели|далее\d{3}", w) for w in words), words


def test_long_backlinks_are_grouped_by_folder_with_contexts_folded(site):
    files = {"Цель.md": "# Цель\n"}
    for i in range(GROUP_ABOVE):
        files[f"Формы/Форма {i:02}.md"] = f"Форма {i} служит [[Цель|цели]] по-своему.\n"
    files["Документы/Приказ.md"] = "[[Цель]]\n"
    files["Корень.md"] = "Корень ведёт к [[Цель]].\n"
    _, out = site(files)
    section = backlinks_of(out, "цель/")
    groups = re.findall(r'<h3 class="backlinks-folder">([^<]*) <span class="count">(\d+)</span></h3>', section)
    assert groups == [("Корень базы", "1"), ("Документы", "1"), ("Формы", str(GROUP_ABOVE))]
    assert len(titles(section)) == GROUP_ABOVE + 2
    # Every context that adds words is behind its own disclosure; the bare link has none.
    assert section.count("<details") == GROUP_ABOVE + 1
    assert re.search(r"<details><summary[^>]*></summary><p>Форма 0 служит цели по-своему.</p></details>", section)
    # Each disclosure is named "Context <title>" by reference, not by a second copy of the title.
    [(ident, name)] = re.findall(r'<a id="(b_\d+)" href="[^"]*">(Форма 00)</a>', section)
    assert f'<summary title="Контекст" aria-labelledby="b_ {ident}">' in section
    assert '<span id="b_" hidden>Контекст</span>' in section and section.count(name) == 1


def test_folder_label_names_the_path():
    titles_of = {"Практики": "Практики", "Практики/Роли": "Роли"}.get
    assert folder_label("Практики/Роли", titles_of, "Корень") == "Практики › Роли"
    assert folder_label("", titles_of, "Корень") == "Корень"


def test_short_lists_stay_one_group():
    links = [{"title": str(i), "url": f"{i}/", "context": "", "folder": "a"} for i in range(GROUP_ABOVE)]
    assert group_backlinks(links, str, "root", "ru") == [{"title": "", "links": links}]
    assert group_backlinks([], str, "root", "ru") == []
