"""Watch mode: after every edit, creation, rename and deletion, the updated site equals a fresh full build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, write_vault
from sitegen.live.rebuild import LiveSite, classify, is_editor_temp

START = {
    "index.md": "---\ntitle: Главная\n---\nСм. [[Наставник]], [[Будущая]] и [[Проекты/Амал#Итоги]].\n",
    "Наставник.md": "---\ntags: [роль]\naliases: [Ментор]\ndate: 2024-03-01\n---\n## Обязанности\n- помогать ^duty\n\n"
                    "См. [[Наставляемый]].\n",
    "Наставляемый.md": "---\ntags: [роль, практика/наставничество]\n---\nЕсть [[Наставник#Обязанности]].\n\n"
                       "![[Наставник#^duty]]\n",
    "Проекты/Амал.md": "---\ntags: [проект]\n---\n## План\nТекст. [[Ментор]]\n",
    "Проекты/Обзор.md": "![[Амал]]\n\n#проект",
    "Сводка.md": "![[Проекты/Обзор]]",
    "фото.png": b"\x89PNG-1",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def edit(vault: Path, rel: str, text: str | bytes | None) -> list[Path]:
    path = vault / rel
    if text is None:
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return [path]


STEPS = [
    ("edit a body", [("Наставляемый.md", "---\ntags: [роль, практика/наставничество]\n---\nНовый текст, "
                      "[[Наставник#Обязанности]].\n\n![[Наставник#^duty]]\n")]),
    ("add the heading a link wants", [("Проекты/Амал.md", "---\ntags: [проект]\n---\n## План\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("change a title", [("Наставник.md", "---\ntitle: Наставник (роль)\ntags: [роль]\naliases: [Ментор]\n"
                         "date: 2024-03-01\n---\n## Обязанности\n- помогать всем ^duty\n\nСм. [[Наставляемый]].\n")]),
    ("change tags", [("Проекты/Амал.md", "---\ntags: [проект, регион/мангистау]\n---\n## План\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("create the missing note", [("Будущая.md", "Теперь есть. [[index]]")]),
    ("edit a twice-embedded note", [("Проекты/Амал.md", "---\ntags: [проект, регион/мангистау]\n---\n## План\n"
                                     "Другой план.\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("rename a note", [("Будущая.md", None), ("Проекты/Будущая.md", "Переехала. [[index]]")]),
    ("delete a linked note", [("Наставляемый.md", None)]),
    ("change aliases", [("Проекты/Амал.md", "---\ntags: [проект]\naliases: [Амал қоржыны]\n---\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("add a property link", [("Проекты/Амал.md", "---\ntags: [проект]\naliases: [Амал қоржыны]\n"
                              "автор: \"[[Наставник]]\"\nоценка: 5\n---\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("change a property value", [("Проекты/Амал.md", "---\ntags: [проект]\naliases: [Амал қоржыны]\n"
                                  "автор: \"[[Наставник]]\"\nоценка: 4\n---\n## Итоги\nТекст. [[Ментор]]\n")]),
    ("type a property in .obsidian", [(".obsidian/types.json", '{"types": {"оценка": "checkbox"}}')]),
    ("unpublish", [("Сводка.md", "---\ndraft: true\n---\n![[Проекты/Обзор]]")]),
    ("embed an attachment", [("Проекты/Обзор.md", "![[Амал]]\n\n![[фото.png|100]]\n\n#проект")]),
    ("replace the attachment", [("фото.png", b"\x89PNG-2")]),
    ("drop the attachment", [("Проекты/Обзор.md", "![[Амал]]\n\n#проект")]),
    ("make an embed cycle", [("Проекты/Амал.md", "---\ntags: [проект]\n---\n## Итоги\n![[Обзор]]\n")]),
    ("break the front matter", [("Наставник.md", "---\ntitle: [unclosed\n---\nТекст [[нет такой]]\n")]),
    ("add a folder note", [("Проекты/index.md", "---\ntitle: Все проекты\n---\nВведение.")]),
    ("retitle the folder note", [("Проекты/index.md", "---\ntitle: Проекты региона\n---\nВведение.")]),
    ("remove the last dated note", [("Наставник.md", "Без даты. [[index]]")]),
    ("override a template", [(".sitegen/templates/partials/footer.html", "<footer>Своя подвал</footer>\n")]),
    ("change the config", [("sitegen.toml", 'title = "Новое имя"\n')]),
    ("editor temp files are ignored", [(".Наставник.md.swp", "x"), ("Наставник.md~", "y")]),
]


def live_site(tmp_path_factory, name: str, start: dict) -> tuple[LiveSite, Path]:
    """A watch-mode site over a vault made of `start`, built once."""
    root = tmp_path_factory.mktemp(name)
    vault = write_vault(root / "vault", start)
    site = LiveSite(vault, root / "served", {"jobs": 1, "search": False})
    site.build()
    return site, root


def apply_and_compare(live: tuple[LiveSite, Path], step: int, ops) -> None:
    """Apply one step's edits in watch mode; the served site must equal a fresh full build."""
    site, root = live
    touched = []
    for rel, text in ops:
        touched += edit(site.vault, rel, text)
    site.apply(touched)
    fresh = root / f"fresh-{step}"
    build(site.vault, fresh)
    assert tree(site.out) == tree(fresh)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    return live_site(tmp_path_factory, "live", START)


@pytest.mark.parametrize("name,ops", STEPS, ids=[s[0] for s in STEPS])
def test_incremental_equals_full_build(live, name, ops):
    apply_and_compare(live, STEPS.index((name, ops)), ops)


def test_a_body_edit_rewrites_few_pages(tmp_path):
    files = {f"n{i}.md": f"Заметка {i}. [[n{(i + 1) % 30}]]" for i in range(30)}
    vault = write_vault(tmp_path / "v", files)
    site = LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False})
    site.build()
    update = site.apply(edit(vault, "n5.md", "Заметка 5, новый текст. [[n6]]"))
    assert "n5/" in update.urls
    assert len(update.urls) <= 3  # the note (and site-wide pages if they show it), not the whole site
    assert not update.full


def test_the_data_files_are_made_again_only_when_what_they_show_changed(tmp_path, monkeypatch):
    """graph.json, nav.json, sitemap.xml and feed.xml show titles, tags, dates and links, not
    bodies: a body edit leaves them as they are (at 10,000 notes they cost more than the page)."""
    from sitegen.live import rebuild

    vault = write_vault(tmp_path / "v", START)
    site = LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False})
    site.build()
    made = []
    real = rebuild.data_files
    monkeypatch.setattr(rebuild, "data_files", lambda *args: made.append(1) or real(*args))
    steps = [("Сводка.md", "![[Проекты/Обзор]]\n\nИ ещё строка текста.", 0),
             ("Сводка.md", "![[Проекты/Обзор]]\n\nИ ещё строка, [[Наставник]].", 1),  # a new link: the graph
             ("Наставник.md", START["Наставник.md"].replace("date: 2024-03-01", "date: 2024-04-01"), 1),  # the feed
             ("Сводка.md", "---\ntitle: Итоги\n---\n![[Проекты/Обзор]]\n\nИ ещё строка, [[Наставник]].", 1)]
    for i, (rel, text, calls) in enumerate(steps):
        made.clear()
        site.apply(edit(vault, rel, text))
        assert len(made) == calls, rel
        build(vault, tmp_path / f"fresh{i}")
        assert tree(site.out) == tree(tmp_path / f"fresh{i}")


def test_editor_temp_files_and_dot_folders_are_not_changes(tmp_path):
    vault = tmp_path / "v"
    paths = [vault / ".obsidian" / "workspace.json", vault / "note.md.swp", vault / "4913",
             vault / ".#note.md", vault / "note.md~", vault / "#note.md#"]
    assert not classify(paths, vault, [], {"note.md"})
    assert is_editor_temp(".~lock.x.odt#")
    changes = classify([vault / "note.md", vault / "new.md"], vault, [], {"note.md"})
    assert changes.notes == {"note.md", "new.md"} and changes.structure
    assert classify([vault / "sitegen.toml"], vault, [], set()).config
    assert classify([vault / ".obsidian" / "app.json"], vault, [], set()).config  # a settings file sitegen reads


def random_note(rng, names: list[str]) -> str:
    """A note body with the kinds of links, tags and embeds that move pages around."""
    parts = []
    if rng.random() < 0.5:
        parts.append(f"---\ntitle: {rng.choice(['Альфа', 'Бета', 'Гамма', 'Дельта', 'Омега'])} {rng.randint(1, 9)}\n"
                     f"tags: [{rng.choice(['a', 'a/b', 'c', 'Проект'])}]\n"
                     + (f"aliases: [{rng.choice(['Псевдо', 'Другое', 'Третье'])}]\n" if rng.random() < 0.3 else "")
                     + (f"date: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n" if rng.random() < 0.3 else "")
                     + (f'related: "[[{rng.choice(names + ["Нет такой"])}]]"\n' if rng.random() < 0.3 else "")
                     + "---\n")
    parts.append(f"## Раздел {rng.randint(1, 3)}\nТекст {rng.randint(0, 99)}.")
    for _ in range(rng.randint(0, 4)):
        target = rng.choice(names + ["Нет такой", "Псевдо"])
        form = rng.choice(["[[{}]]", "[[{}#Раздел 1]]", "![[{}]]", "![[{}#Раздел 2]]", "[x]({}.md)"])
        parts.append(form.format(target.replace(" ", "%20") if form.startswith("[x]") else target))
    if rng.random() < 0.3:
        parts.append(f"#{rng.choice(['a', 'c/d', 'е'])}")
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edit_sequences_match_full_builds(tmp_path, seed):
    import random

    rng = random.Random(seed)
    names = ["Первая", "Вторая", "Папка/Третья", "Папка/Четвёртая", "Пятая"]
    vault = write_vault(tmp_path / "v", {f"{n}.md": random_note(rng, names) for n in names})
    site = LiveSite(vault, tmp_path / "served", {"jobs": 1, "search": False})
    site.build()
    for step in range(25):
        existing = sorted(p.relative_to(vault).as_posix()[:-3] for p in vault.rglob("*.md"))
        op = rng.choice(["edit", "edit", "edit", "create", "delete", "rename"])
        touched = []
        if op == "edit" and existing:
            touched += edit(vault, rng.choice(existing) + ".md", random_note(rng, existing))
        elif op == "create" or not existing:
            name = rng.choice(["Новая", "Папка/Новая", "Другая папка/Ещё", "Нет такой"]) + str(rng.randint(0, 3))
            touched += edit(vault, name + ".md", random_note(rng, existing))
        elif op == "delete" and len(existing) > 1:
            touched += edit(vault, rng.choice(existing) + ".md", None)
        elif op == "rename":
            old = rng.choice(existing)
            text = (vault / f"{old}.md").read_text()
            touched += edit(vault, old + ".md", None) + edit(vault, f"Переименована{step}.md", text)
        site.apply(touched)
        fresh = tmp_path / f"fresh{step}"
        build(vault, fresh)
        assert tree(site.out) == tree(fresh), f"step {step}: {op} {touched}"
