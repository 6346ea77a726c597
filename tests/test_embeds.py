"""Embeds in a built site: whole notes, sections, blocks, media; cycles stopped, diamonds allowed."""

from __future__ import annotations

import re

from conftest import codes, page

EMBEDS = {
    "Хост.md": (
        "Начало.\n\n![[Источник]]\n\nСекция: ![[Источник#Раздел А]] и дальше текст.\n\n"
        "![[Источник#^key-1]]\n\n![[Источник#^item-2]]\n"),
    "Источник.md": (
        "Вступление.\n\n## Раздел А\nТекст А.\n\n### Подраздел\nТекст под А.\n\n"
        "## Раздел Б\nТекст Б.\n\nВажный абзац ^key-1\n\nНе метка ^ключ\n\n- первый\n- второй ^item-2\n- третий\n"),
    "A.md": "A говорит.\n\n![[B]]\n",
    "B.md": "B говорит.\n\n![[A]]\n",
    "Сам.md": "Я.\n\n![[Сам]]\n",
    "Ромб.md": "![[Левый]]\n\n![[Правый]]\n",
    "Левый.md": "Левый.\n\n![[Низ]]\n",
    "Правый.md": "Правый.\n\n![[Низ]]\n",
    "Низ.md": "Низ ромба.\n",
    "Рекурсия.md": "## Рекурсия\nТекст.\n\n![[Рекурсия#Рекурсия]]\n",
    "Медиа.md": ("![[фото.png|640x480]] ![[фото.png|Подпись|200]] ![[звук.mp3]] ![[ролик.mp4]] "
                 "![[док.pdf#page=3]] ![[архив.zip]] ![[нет.png]]\n"),
    "фото.png": b"\x89PNG", "звук.mp3": b"ID3", "ролик.mp4": b"\x00", "док.pdf": b"%PDF", "архив.zip": b"PK",
}


def embed_blocks(html: str) -> list[str]:
    return re.findall(r'<div class="embed-title"><a class="internal" href="[^"]*">([^<]*)</a>', html)


def test_whole_note_section_and_block(site):
    _, out = site(EMBEDS)
    html = page(out, "хост/")
    # A block's caption is its first words, never its `^id`.
    assert embed_blocks(html) == ["Источник", "Источник › Раздел А", "Источник › Важный абзац", "Источник › второй"]
    section = html.split("Источник › Раздел А")[1].split('<div class="embed-title">')[0]
    assert "Текст А." in section and "Текст под А." in section  # with its subsections
    assert "Текст Б." not in section  # up to the next heading of the same level
    block = html.split("Источник › Важный абзац")[1].split('<div class="embed-title">')[0]
    assert "Важный абзац" in block and "Текст Б." not in block and "^key-1" not in re.sub(r"<[^>]+>", "", block.split("</a>", 1)[1])
    assert "Не метка ^ключ" in html  # a Cyrillic block id is not an id: it stays text
    item = html.split("Источник › второй")[1]
    assert "<li" in item and "второй" in item and "первый" not in item
    # An embed is a block: it never sits inside a paragraph.
    assert "<p>Секция:" in html and '<p>Секция: <div' not in html
    assert re.search(r"<p>[^<]*<div", html) is None


def test_embedded_ids_do_not_repeat_on_the_page(site):
    _, out = site(EMBEDS)
    html = page(out, "хост/")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_cycles_render_a_notice_and_warn(site):
    result, out = site(EMBEDS)
    a = page(out, "a/")
    assert "B говорит." in a and a.count("A говорит.") == 1
    assert "Циклическое встраивание: «A» уже показана выше." in a
    me = page(out, "сам/")
    assert "Циклическое встраивание: «Сам»" in me and me.count("Я.") == 1
    cycles = [d.format() for d in result.diagnostics if d.code == "embed-cycle"]
    assert "B.md:3:1: embed-cycle: A: A.md → B.md → A.md" in cycles
    assert "Сам.md:3:1: embed-cycle: Сам: Сам.md → Сам.md" in cycles


def test_section_self_embed_stops_at_the_repeat(site):
    result, out = site(EMBEDS)
    html = page(out, "рекурсия/")
    assert html.count("Текст.") == 2  # the page once, the embedded section once
    assert "Рекурсия.md:4:1: embed-cycle" in " ".join(d.format() for d in result.diagnostics)


def test_diamond_renders_twice_without_warning(site):
    result, out = site(EMBEDS)
    html = page(out, "ромб/")
    assert html.count("Низ ромба.") == 2
    assert not [d for d in result.diagnostics if d.file in ("Ромб.md", "Левый.md", "Правый.md")]


def test_media_embeds(site):
    result, out = site(EMBEDS)
    html = page(out, "медиа/")
    assert '<img class="embed-image" src="../files/фото.png" alt="фото.png" width="640" height="480"' in html
    assert 'alt="Подпись" width="200"' in html
    assert '<audio class="embed-audio" controls preload="metadata" src="../files/звук.mp3">' in html
    assert '<video class="embed-video" controls preload="metadata" src="../files/ролик.mp4">' in html
    assert '<iframe class="embed-pdf" src="../files/док.pdf#page=3"' in html
    assert '<a href="../files/архив.zip" download>архив.zip</a>' in html
    assert '<a class="internal unresolved" data-target="нет.png">нет.png</a>' in html
    assert "Медиа.md:1:" in " ".join(d.format() for d in result.diagnostics if d.code == "broken-link")
    for name in ("фото.png", "звук.mp3", "ролик.mp4", "док.pdf", "архив.zip"):
        assert (out / "files" / name).exists()


def test_embeds_count_in_the_graph_and_backlinks(site):
    _, out = site(EMBEDS)
    assert ">Хост</a>" in page(out, "источник/").split('class="backlinks"')[1]
    graph = (out / "graph.json").read_text()
    assert '{"kind":"embed","source":"Хост","target":"Источник"}' in graph


def test_embed_depth_is_capped(site):
    chain = {f"n{i}.md": f"Уровень {i}.\n\n![[n{i + 1}]]\n" for i in range(15)}
    chain["n15.md"] = "Дно."
    result, out = site(chain)
    html = page(out, "n0/")
    assert "Слишком глубокое встраивание" in html and "Дно." not in html
    assert "embed-depth" in codes(result)


def test_a_section_embed_leaves_the_footnote_list_behind(site):
    _, out = site({"Хост.md": "![[Источник#Последний]]",
                   "Источник.md": "Текст со сноской[^1].\n\n## Последний\nКонец.\n\n[^1]: Сноска.\n"})
    html = page(out, "хост/")
    assert "Конец." in html and "Сноска." not in html


def chain(notes: int, fan: int) -> dict[str, str]:
    """`n1` embeds `n2` `fan` times, `n2` embeds `n3` `fan` times, …: fan ** depth copies if unbounded."""
    return {f"n{i}.md": f"Текст {i}.\n\n" + f"![[n{i + 1}]]\n\n" * (fan if i < notes else 0)
            for i in range(1, notes + 1)}


def test_an_embed_chain_stops_at_the_page_budget(site):
    from sitegen.emit.embedding import MAX_EMBEDS

    result, out = site(chain(13, 5))
    html = page(out, "n1/")
    shown = html.count('class="embed embed-note"')
    assert shown == MAX_EMBEDS  # every embed within the budget is shown, no more
    assert 'class="embed embed-limit"' in html and "Слишком много встраиваний" in html
    assert len(html.encode()) < 30_000_000
    limited = sorted(d.file for d in result.diagnostics if d.code == "embed-limit")
    assert limited == [f"n{i}.md" for i in range(1, 9)]  # n9 expands 5+25+125+625 = 780 only
    assert "embed-limit" not in page(out, "n9/") and "Текст 12." in page(out, "n9/")
    assert "Текст 13." in page(out, "n12/")


def test_embed_bytes_have_a_budget_too(site):
    from sitegen.emit.embedding import MAX_EMBED_BYTES

    big = "Большой абзац текста. " * 10_000  # about 400 KB of HTML
    result, out = site({"big.md": big, "host.md": "![[big]]\n\n" * 40})
    html = page(out, "host/")
    shown = html.count('class="embed embed-note"')
    assert 0 < shown < 40 and html.count('class="embed embed-limit"') == 40 - shown
    assert shown * len(big.encode()) <= MAX_EMBED_BYTES < (shown + 1) * len(big.encode()) * 1.01
    assert [d.file for d in result.diagnostics if d.code == "embed-limit"] == ["host.md"]


def test_a_page_within_the_budget_shows_every_embed(site):
    result, out = site(chain(4, 5))  # 5 + 25 + 125 embeds on n1
    assert page(out, "n1/").count("Текст 4.") == 125
    assert "embed-limit" not in codes(result)



def test_block_right_under_a_heading_is_captioned_by_the_heading(site):
    _, out = site({
        "План.md": ("## Проекты по направлениям\n| Проект | Формат |\n|---|---|\n| Форум | очно |\n\n^projects\n\n"
                    "## Обязанности\nВступление к списку.\n\n- первое дело\n- второе дело\n\n^duties\n"),
        "Хост.md": "![[План#^projects]]\n\n![[План#^duties]]\n",
    })
    titles = embed_blocks(page(out, "хост/"))
    assert titles == ["План › Проекты по направлениям", "План › первое дело второе дело"]
    assert not any("^" in t for t in titles)
