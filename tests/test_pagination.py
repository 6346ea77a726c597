"""Tag and folder listings of many notes are split into pages of PAGE_SIZE cards at stable URLs."""

from __future__ import annotations

import re

from conftest import build, write_vault
from sitegen.emit.pages import PAGE_SIZE

COUNT = 2 * PAGE_SIZE + 17


def cards(html: str) -> list[str]:
    listing = html.split('<ul class="note-list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="internal" href="[^"]*">([^<]*)</a>', listing)


def test_a_big_tag_and_folder_are_paginated(tmp_path):
    notes = {f"Папка/Заметка {i:03}.md": f"Текст {i}. #много" for i in range(COUNT)}
    vault = write_vault(tmp_path / "v", {"index.md": "Дом.", **notes})
    out = tmp_path / "site"
    build(vault, out)  # also checks that every pager link leads to a page
    for listing in (out / "tags" / "много", out / "папка"):
        pages = [listing / "index.html", listing / "page" / "2" / "index.html", listing / "page" / "3" / "index.html"]
        html = [p.read_text(encoding="utf-8") for p in pages]
        shown = [cards(h) for h in html]
        assert [len(s) for s in shown] == [PAGE_SIZE, PAGE_SIZE, COUNT - 2 * PAGE_SIZE]
        assert sum(shown, []) == [f"Заметка {i:03}" for i in range(COUNT)]  # reading order, each once
        assert not (listing / "page" / "1").exists() and not (listing / "page" / "4").exists()
        assert 'rel="next"' in html[0] and 'rel="prev"' not in html[0]
        assert 'rel="prev"' in html[2] and 'rel="next"' not in html[2]
        assert '<span aria-current="page">2</span>' in html[1]
        assert "страница 2" in html[1].split("<title>", 1)[1].split("</title>", 1)[0]
    assert f'<span class="count">{COUNT}</span>' in (out / "tags" / "много" / "index.html").read_text(encoding="utf-8")


def test_a_small_listing_has_one_page_and_no_pager(tmp_path):
    vault = write_vault(tmp_path / "v", {"index.md": "Дом.", "Папка/Одна.md": "#тег"})
    out = tmp_path / "site"
    build(vault, out)
    assert 'class="pager"' not in (out / "tags" / "тег" / "index.html").read_text(encoding="utf-8")
    assert not (out / "tags" / "тег" / "page").exists()
