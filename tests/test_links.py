"""Link resolution as a table: vault layout, linking note, target → the note Obsidian would open."""

from __future__ import annotations

import pytest

from sitegen.collect.links import NameIndex, find_heading, parse_target, resolve

VAULT = [
    "Заметка.md",
    "a/Заметка.md",
    "b/Заметка.md",
    "a/x.md",
    "c/y.md",
    "ёж.md",
    "Проекты/Наставничество.md",
    "Проекты/sub/Глубокая.md",
    "sibling/Note.md",
    "deep/one/Дубль.md",
    "deep/Дубль.md",
    "z/Дубль2.md",
    "y/Дубль2.md",
    "Моя заметка.md",
    "Note.md",
    "note.md",
]
ATTACHMENTS = ["img/Фото 1.png", "Figure 1.png", "docs/report.pdf"]
ALIASES = {"Проекты/Наставничество.md": ["ЦМН", "Целевая модель"], "c/y.md": ["Игрек", "Моя заметка"],
           "a/x.md": ["Общий"], "b/Заметка.md": ["Общий"]}
UNPUBLISHED = ["Черновик.md"]

INDEX = NameIndex.build(VAULT, ATTACHMENTS, ALIASES)
HIDDEN = NameIndex.build(UNPUBLISHED)

CASES = [
    # (linking note, target as written, markdown link?, expected src or a problem in brackets)
    ("c/y.md", "Моя заметка", False, "Моя заметка.md"),
    ("c/y.md", "Моя заметка.md", False, "Моя заметка.md"),
    # Rule 1: case folding, Cyrillic included, ё distinct from е but folds with Ё
    ("c/y.md", "моя ЗАМЕТКА", False, "Моя заметка.md"),
    ("c/y.md", "ЁЖ", False, "ёж.md"),
    ("c/y.md", "Еж", False, "[missing]"),
    ("c/y.md", "Проекты\\Наставничество", False, "Проекты/Наставничество.md"),
    # Rule 1: Markdown links are percent-decoded
    ("c/y.md", "%D0%9C%D0%BE%D1%8F%20%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0.md", True, "Моя заметка.md"),
    ("c/y.md", "Моя%20заметка.md", True, "Моя заметка.md"),
    # Rule 2: paths from the root, then relative, then as a path tail
    ("c/y.md", "Проекты/Наставничество", False, "Проекты/Наставничество.md"),
    ("c/y.md", "/Проекты/Наставничество", False, "Проекты/Наставничество.md"),
    ("a/x.md", "../sibling/Note", False, "sibling/Note.md"),
    ("Проекты/Наставничество.md", "sub/Глубокая", False, "Проекты/sub/Глубокая.md"),
    ("c/y.md", "sub/Глубокая", False, "Проекты/sub/Глубокая.md"),
    ("c/y.md", "a/Заметка", False, "a/Заметка.md"),
    ("c/y.md", "./y", False, "c/y.md"),
    # Rule 3: one note with that name wins; several: same folder, shortest path, first by path
    ("c/y.md", "Глубокая", False, "Проекты/sub/Глубокая.md"),
    ("a/x.md", "Заметка", False, "a/Заметка.md"),
    ("b/Заметка.md", "Заметка", False, "b/Заметка.md"),
    ("c/y.md", "Заметка", False, "Заметка.md [ambiguous]"),
    ("c/y.md", "Дубль", False, "deep/Дубль.md [ambiguous]"),
    ("c/y.md", "Дубль2", False, "y/Дубль2.md [ambiguous]"),
    ("deep/one/x.md", "Дубль", False, "deep/one/Дубль.md"),
    # Rule 4: aliases, same folding and tie-break
    ("c/y.md", "ЦМН", False, "Проекты/Наставничество.md"),
    ("c/y.md", "цмн", False, "Проекты/Наставничество.md"),
    ("c/y.md", "целевая МОДЕЛЬ", False, "Проекты/Наставничество.md"),
    ("a/x.md", "Общий", False, "a/x.md"),
    ("c/y.md", "Общий", False, "a/x.md [ambiguous]"),
    ("c/y.md", "Игрек", False, "c/y.md"),
    # A note's name beats another note's alias ("Моя заметка" is also an alias of c/y.md)
    ("a/x.md", "Моя заметка", False, "Моя заметка.md"),
    # Rule 5: attachments by name with extension
    ("c/y.md", "Figure 1.png", False, "Figure 1.png"),
    ("c/y.md", "Фото 1.png", False, "img/Фото 1.png"),
    ("c/y.md", "фото 1.PNG", False, "img/Фото 1.png"),
    ("c/y.md", "img/Фото 1.png", False, "img/Фото 1.png"),
    ("c/y.md", "report.pdf", False, "docs/report.pdf"),
    ("c/y.md", "Фото 1", False, "[missing]"),
    # Rule 6: unresolved
    ("c/y.md", "Нет такой", False, "[missing]"),
    ("c/y.md", "Черновик", False, "[unpublished]"),
    # Rule 7: never outside the vault, never a URL
    ("c/y.md", "../../../etc/passwd", False, "[outside]"),
    ("a/x.md", "../../secret", False, "[outside]"),
    ("c/y.md", "/etc/passwd", False, "[missing]"),
    ("c/y.md", "C:\\Windows\\win.ini", False, "[outside]"),
    ("c/y.md", "\\\\server\\share\\x", False, "[outside]"),
    ("c/y.md", "javascript:alert(1)", False, "[missing]"),
    ("c/y.md", "data:text/html,hi", False, "[missing]"),
    # Same-note links
    ("c/y.md", "", False, "c/y.md"),
    # Case variants in one folder: deterministic, and flagged
    ("c/y.md", "Note", False, "Note.md [ambiguous]"),
]


def _outcome(found) -> str:
    if found.src is None:
        return f"[{found.problem}]"
    return found.src + (" [ambiguous]" if found.problem == "ambiguous" else "")


@pytest.mark.parametrize("source,target,markdown,expected", CASES,
                         ids=[f"{c[0]}→{c[1]}" for c in CASES])
def test_resolution_table(source, target, markdown, expected):
    parsed = parse_target(target, markdown=markdown)
    assert _outcome(resolve(parsed, source, INDEX, HIDDEN)) == expected


def test_ambiguous_lists_every_candidate():
    found = resolve(parse_target("Заметка"), "c/y.md", INDEX, HIDDEN)
    assert found.candidates == ("a/Заметка.md", "b/Заметка.md", "Заметка.md")


@pytest.mark.parametrize("raw,markdown,path,headings,block", [
    ("Note#Heading", False, "Note", ("Heading",), ""),
    ("Note#H1#H2", False, "Note", ("H1", "H2"), ""),
    ("Note##H", False, "Note", ("H",), ""),
    ("Note#^block-1", False, "Note", (), "block-1"),
    ("#Заголовок", False, "", ("Заголовок",), ""),
    ("Note.md#Раздел", False, "Note", ("Раздел",), ""),
    ("Note.md#%D0%A0%D0%B0%D0%B7%D0%B4%D0%B5%D0%BB", True, "Note", ("Раздел",), ""),
    ("folder\\Note", False, "folder/Note", (), ""),
    ("Cafe\u0301", False, "Café", (), ""),
])
def test_parse_target(raw, markdown, path, headings, block):
    target = parse_target(raw, markdown=markdown)
    assert (target.path, target.headings, target.block) == (path, headings, block)


HEADINGS = [(1, "Введение", "введение"), (2, "Итоги", "итоги"), (1, "Раздел Б", "раздел-б"),
            (2, "Итоги", "итоги-1"), (3, "Детали", "детали"),
            # `## [[Наставник|Роли]] и задачи`: shown as «Роли и задачи», written with its link
            (2, "Роли и задачи", "роли-и-задачи", "[[Наставник|Роли]] и задачи"),
            (3, "Сроки", "сроки", "")]


@pytest.mark.parametrize("chain,expected", [
    (("Введение",), "введение"),
    (("ИТОГИ",), "итоги"),
    (("Раздел Б", "Итоги"), "итоги-1"),  # the last heading wins, earlier ones pick among repeats
    (("Введение", "Итоги"), "итоги"),
    (("Раздел Б", "Итоги", "Детали"), "детали"),
    (("Нет такого",), None),
    (("Роли и задачи",), "роли-и-задачи"),  # by the text a reader sees
    (("Наставник Роли и задачи",), "роли-и-задачи"),  # by what Obsidian's autocomplete writes
    (("Наставник Роли и задачи", "Сроки"), "сроки"),  # as a parent too
    (("Наставник",), None),
])
def test_find_heading(chain, expected):
    assert find_heading(HEADINGS, chain) == expected
