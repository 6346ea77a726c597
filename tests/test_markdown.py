"""Facts collected while parsing: links with file positions, headings, block ids, tags, context."""

from __future__ import annotations

from sitegen.syntax.markdown import parse_note

BODY = """Первая строка со ссылкой [[Альфа]].

- пункт [[Бета|б]] и ![[Гамма#Раздел]]
  - вложенный [текст](Дельта.md)

> цитата [[Эпсилон#^blk]]

| a | b |
|---|---|
| [[Дзета\\|з]] | [[Эта]] |

`[[не ссылка]]` и #тег, #Тег/вложенный
## Раздел ^не-id

Абзац ^abc-1
"""


def facts():
    return parse_note(BODY, body_line=5).facts  # the body starts on line 5 of its file


def test_links_have_file_line_and_column():
    got = [(l.target, l.kind, l.line, l.col) for l in facts().links]
    assert got == [
        ("Альфа", "link", 5, 26),
        ("Бета|б".split("|")[0], "link", 7, 9),
        ("Гамма#Раздел", "embed", 7, 22),
        ("Дельта.md", "link", 8, 15),
        ("Эпсилон#^blk", "link", 10, 10),
        ("Дзета", "link", 14, 3),
        ("Эта", "link", 14, 18),
    ]


def test_markdown_links_are_marked_and_urls_are_not_links():
    links = {l.target: l for l in facts().links}
    assert links["Дельта.md"].markdown
    other = parse_note("[x](files/doc.pdf) [y](https://a.ru) [z](#раздел)", 1).facts.links
    # `#раздел` is a heading of this note, as `[[#раздел]]` is.
    assert [(l.target, l.markdown) for l in other] == [("files/doc.pdf", True), ("#раздел", True)]


def test_context_is_the_paragraph_around_the_link():
    links = {l.target: l for l in facts().links}
    assert links["Альфа"].context == "Первая строка со ссылкой Альфа."
    long = "слово " * 200 + "[[Цель]]" + " хвост" * 200
    context = parse_note(long, 1).facts.links[0].context
    assert "Цель" in context and len(context) <= 282 and context.startswith("…")


def test_headings_block_ids_and_tags():
    f = facts()
    assert [(h.level, h.text, h.id) for h in f.headings] == [(2, "Раздел ^не-id", "раздел-не-id")]
    assert f.block_ids == ("abc-1",)
    assert f.tags == ("тег", "Тег/вложенный")


def test_embed_indexes_follow_document_order():
    f = parse_note("![[A]]\n\ntext ![[B]] more ![[c.png]]\n\n![[C]]", 1).facts
    assert [(l.target, l.index, l.media) for l in f.links] == [
        ("A", 0, ""), ("B", 1, ""), ("c.png", 2, "image"), ("C", 3, "")]


def test_raw_html_is_noticed():
    f = parse_note("<div>ok</div>\n\ntext <script>x</script>", 1).facts
    assert f.has_html and [what for _, what in f.html_problems] == ["<script>"]
    assert not parse_note("no html here", 1).facts.has_html
