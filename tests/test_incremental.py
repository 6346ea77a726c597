"""affected_pages as a table: (vault, change) → the pages that must be re-rendered."""

from __future__ import annotations

import pytest

from sitegen.collect.model import collect, render_input
from sitegen.config import SiteConfig
from sitegen.live.incremental import ALWAYS, affected_pages
from sitegen.syntax.markdown import parse_note
from sitegen.collect.meta import load_meta, split_front_matter
from sitegen.collect.notefile import NoteRecord
from sitegen.emit.pages import plan_pages

VAULT = {
    "index.md": "[[A]] [[Нет]]",
    "A.md": "---\ntags: [x/y]\naliases: [Альфа]\n---\n## H\nТекст A. [[B]]",
    "B.md": "![[A#H]]\n\n[[C]]",
    "C.md": "![[B]]",
    "D.md": "Одинокая. #x",
    "F/one.md": "Один. [[A]]",
    "F/two.md": "---\nавтор: \"[[Нет]]\"\n---\nДва.",
    "F/index.md": "Папка F.",
}


def record(src: str, text: str) -> NoteRecord:
    split, _ = split_front_matter(text)
    meta, _ = load_meta(split.yaml_text, src)
    facts = parse_note(split.body, split.body_line).facts
    return NoteRecord(src, meta, facts, str(hash(text)))


def model_of(files: dict[str, str]):
    return collect(SiteConfig(search=False, language="ru"), {s: record(s, t) for s, t in files.items()}, {}, [])


def affected(change: dict[str, str | None]) -> set[tuple[str, str]]:
    after = dict(VAULT)
    for src, text in change.items():
        if text is None:
            after.pop(src)
        else:
            after[src] = text
    old, new = model_of(VAULT), model_of(after)
    bodies = {s for s in new.notes if s not in old.notes or VAULT.get(s) != after.get(s)
              or render_input(new, s) != render_input(old, s)}
    return affected_pages(old, new, bodies, plan_pages(old)[1], plan_pages(new)[1]) - ALWAYS


CASES = [
    ("body of an embedded note: its page and its embedders, transitively",
     {"A.md": "---\ntags: [x/y]\naliases: [Альфа]\n---\n## H\nДругой текст. [[B]]"},
     {("note", "A.md"), ("note", "B.md"), ("note", "C.md")}),
    ("body of a leaf note: only its page",
     {"D.md": "Всё ещё одинокая, но длиннее. #x"},
     {("note", "D.md")}),
    ("a new link: the new target's backlinks",
     {"D.md": "Одинокая. #x [[B]]"},
     {("note", "D.md"), ("note", "B.md"), ("note", "A.md"), ("note", "C.md")}),  # A, C: D is two links away now
    ("a removed link: the old target's backlinks",
     {"F/one.md": "Один."},
     {("note", "F/one.md"), ("note", "A.md"), ("note", "B.md")}),  # B: F/one is no longer two links away
    ("title change: its folder, and siblings whose previous/next changed",
     {"F/two.md": "---\ntitle: Второй\n---\nДва."},
     {("note", "F/two.md"), ("note", "F/one.md"), ("folder", "F")}),
    ("tags change: old and new tag pages with parents",
     {"D.md": "Одинокая. #z/w"},
     {("note", "D.md"), ("tag", "x"), ("tag", "z"), ("tag", "z/w")}),
    ("a new note resolves a missing link (home, always re-rendered, holds it) and gets a neighbour;"
     " a property link to it now resolves (F/two's panel, not its body)",
     {"Нет.md": "Теперь есть."},
     {("note", "Нет.md"), ("note", "A.md"), ("note", "F/two.md")}),
    ("deleting a note breaks links into it; its neighbours get new ones",
     {"C.md": None},
     {("note", "B.md"), ("note", "D.md"), ("note", "A.md")}),  # A: C was among its related notes
    ("alias change: redirects appear and vanish",
     {"A.md": "---\ntags: [x/y]\naliases: [Бета]\n---\n## H\nТекст A. [[B]]"},
     {("note", "A.md"), ("note", "B.md"), ("note", "C.md"), ("redirect", "бета/")}),
    ("folder note title: breadcrumbs of everything under it",
     {"F/index.md": "---\ntitle: Эф\n---\nПапка F."},
     {("folder", "F"), ("note", "F/one.md"), ("note", "F/two.md")}),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_affected_pages(name, change, expected):
    assert affected(change) == expected
