"""Write a deterministic synthetic Obsidian vault (a Russian knowledge base) of N notes for benchmarking sitegen."""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import struct
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

# --- Vocabulary --------------------------------------------------------------
# Body text only has to look like Russian (Cyrillic, ё, long words, punctuation),
# so that tokenizing, slugging and case folding do realistic amounts of work.

WORDS = """
наставник наставничество колледж школа ученик учитель педагог волонтёр проект практика
программа методика регион область город район форум встреча сессия команда участник
результат задача цель этап план отчёт опыт анализ оценка мониторинг развитие поддержка
сотрудничество партнёр организация фонд центр управление министерство грант конкурс
образование обучение навык компетенция знание умение мотивация вовлечённость интерес
молодёжь подросток студент выпускник родитель семья сообщество сеть площадка ресурс
материал инструмент шаблон документ соглашение договор положение приказ регламент
мероприятие семинар тренинг вебинар конференция хакатон митап фестиваль олимпиада
новый важный основной общий местный региональный федеральный городской сельский
первый второй третий следующий последний ближайший долгий короткий простой сложный
активный открытый системный гибкий устойчивый эффективный полезный живой ёмкий
проводить организовать обсуждать поддерживать развивать оценивать собирать готовить
помогать объяснять показывать выбирать планировать запускать завершать включать
и в на с по для от до при о об из за под над между через без после перед около
также потому поэтому однако затем сначала потом уже ещё всегда часто иногда вместе
каждый любой весь свой этот тот такой который другой несколько много мало очень
""".split()

TOPICS = ["Практики", "Проекты", "Регионы", "Организации", "Документы", "Понятия",
          "Люди", "Мероприятия", "Форматы", "Исследования", "Архив", "Входящие"]
FOLDER_WORDS = ["Наставничество", "Формы работы", "Инструменты", "Роли", "Отчёты",
                "Самарская область", "Ярославль", "Сети колледжей", "Волонтёрство",
                "Методики", "Шаблоны документов", "Гранты", "Партнёры", "Школы",
                "Конференции", "Итоги года", "Черновики", "Справочник", "Кейсы",
                "Обучение наставников", "Дети — детям", "Ёлочные встречи", "Mentoring",
                "Open Lab", "Поддержка", "Мониторинг", "Проекты 2024", "Старые записи"]

NAME_HEADS = ["Программа", "Дорожная карта", "Форум", "Школа", "Методика", "Положение",
              "Соглашение", "Индивидуальный план", "Отчёт", "Встреча", "Сеть", "Фестиваль",
              "Конкурс", "Модель", "Практика", "Опыт", "Чек-лист", "Памятка", "Обзор",
              "Стратегия", "Ёмкая сводка", "Карта", "Клуб", "Лаборатория", "Совет", "Хакатон"]
NAME_TAILS = ["наставничества", "волонтёров", "колледжей", "учителей", "молодёжи",
              "выпускников", "родителей", "педагогов", "партнёров", "школьников",
              "сообщества", "регионального центра", "проектной команды", "ёлочных встреч",
              "кураторов", "добровольцев", "студентов", "рабочей группы", "Самары", "Тольятти"]
NAME_QUALIFIERS = ["2023", "2024", "2025", "в Самаре", "для школьников", "№ 3", "№ 12",
                   "«Дети — детям»", "«Ёлка»", "«Старт»", "весной", "онлайн", "v2",
                   "за 2 квартал", "— черновик", "и итоги", "для новичков"]
SINGLE_WORDS = ["Наставничество", "Тимбилдинг", "Медиаплан", "Нетворкинг", "Митап", "Рефлексия",
                "Кейс-стади", "Фасилитация", "Самоопределение", "Ёлка", "Профориентация",
                "Волонтёрство", "Онбординг", "Менторство", "Геймификация", "Вовлечённость"]
LATIN_NAMES = ["VolunSkills", "Volunteer Talk", "Open Lab", "Mentor Day", "Design Sprint",
               "Peer Review", "Skills Map", "Demo Day", "Study Jam", "Tech Camp"]

HEADINGS = ["Цели и задачи", "Контекст", "Участники", "Результаты", "Что получилось",
            "Что не получилось", "Этап 1: подготовка", "Этап 2: запуск", "Этап 3: итоги",
            "Ресурсы", "Роли в команде", "Риски", "Метрики", "Обратная связь", "Выводы",
            "Следующие шаги", "История", "Определение", "Примеры", "Связанные практики",
            "Опыт регионов", "Документы", "Ссылки", "Ёмкие формулировки", "Вопросы",
            "План на 2025 год", "Бюджет", "Партнёры", "Каналы связи", "Расписание",
            "Критерии оценки", "Формат «Дети — детям»", "Заметки на полях", "Открытые вопросы"]
SUBHEADINGS = ["Подробности", "Цифры", "Цитаты", "Инструменты", "Сроки", "Ответственные",
               "Замечания", "Пример из практики", "Шаги", "Материалы"]
BLOCK_PREFIXES = ["itog", "cit", "fakt", "plan", "vyvod", "b", "abc"]

TAGS = ["проект", "практика/наставничество", "практика/волонтёрство", "практика/сети",
        "регион/самара", "регион/ярославль", "регион/мангистау", "тип/мероприятие",
        "тип/документ", "тип/понятие", "статус/черновик", "статус/готово", "год/2023",
        "год/2024", "аудитория/школьники", "аудитория/педагоги", "формат/онлайн"]
CALLOUTS = [("note", "Важно помнить"), ("warning-", "Осторожно"), ("tip+", "Совет"),
            ("info", ""), ("заметка-совет", "Из опыта"), ("question", "Открытый вопрос"),
            ("example", "Пример")]

CODE_SNIPPETS = {
    # The `[[…]]` and `#…` inside code must stay literal: a link or tag found here is a bug.
    "python": 'def count_links(text):\n    """Считает ссылки вида [[Заметка]]."""\n'
              '    return text.count("[[")  # не тег: #код\n',
    "js": 'const notes = ["[[Наставник]]", "#не-тег"];\n'
          'for (const n of notes) {\n  console.log(n.length);\n}\n',
    "bash": '# собрать сайт (это комментарий, не тег)\nsitegen build vault -o site\n'
            'grep -c "\\[\\[" vault/*.md\n',
}
# Valid link forms and how often each is written (percent of valid links).
LINK_FORMS, LINK_WEIGHTS = zip(
    ("wiki", 20), ("wiki-label", 14), ("wiki-path", 8), ("wiki-heading", 10), ("wiki-block", 6),
    ("own-heading", 5), ("alias", 8), ("md-plain", 8), ("md-angle", 11), ("md-percent", 10))
MATH = ["$x^2$", "$E = mc^2$", "$\\frac{a}{b}$", "$\\sum_{i=1}^{n} x_i$"]


# --- The plan: every note's path, name, aliases, headings and block ids -------
# Bodies are written after the whole plan exists, so every link can point at a
# heading or block the target really has.

@dataclass
class Note:
    index: int
    folder: str
    name: str
    aliases: list[str]
    headings: list[tuple[int, str]]  # (level, text) in document order
    block_ids: list[str]
    embeds: bool = False  # this note embeds others
    cycle_partner: int | None = None  # embeds this note, which embeds it back

    @property
    def path(self) -> str:
        """Vault path without `.md`."""
        return f"{self.folder}/{self.name}"


@dataclass
class Stats:
    notes: int = 0
    folders: int = 0
    attachments: int = 0
    links: int = 0
    broken_links: int = 0
    embeds: int = 0
    cycle_notes: int = 0
    duplicate_names: int = 0
    forms: dict[str, int] = field(default_factory=dict)


def plan_folders(count: int, rng: random.Random) -> list[str]:
    """`count` folder paths, 1–3 levels deep, each parent holding its children."""
    tops = TOPICS[: max(3, min(len(TOPICS), round(math.sqrt(count) / 1.5)))]
    folders = list(tops)
    children: dict[str, set[str]] = {}
    while len(folders) < count:
        parent = rng.choice([f for f in folders if f.count("/") < 2])
        taken = children.setdefault(parent, set())
        base = rng.choice(FOLDER_WORDS)
        name, n = base, 2
        while name in taken:  # sibling folders need distinct names
            name, n = f"{base} {n}", n + 1
        taken.add(name)
        folders.append(f"{parent}/{name}")
    return folders


def make_name(rng: random.Random) -> str:
    """A note name: mostly Cyrillic phrases with spaces, some single words, some Latin."""
    roll = rng.random()
    if roll < 0.2:
        return f"{rng.choice(SINGLE_WORDS)}-{rng.randint(1, 999)}"  # no spaces: plain Markdown links
    if roll < 0.27:
        return f"{rng.choice(LATIN_NAMES)} {rng.randint(1, 99)}"
    name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS)}"
    if rng.random() < 0.6:
        name += " " + rng.choice(NAME_QUALIFIERS)
    return name


def abbreviation(name: str) -> str:
    """`Дорожная карта наставничества` → `ДКН`; empty for one-word names."""
    words = [w for w in name.replace("—", " ").split() if w[0].isalpha()]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def plan_notes(n: int, rng: random.Random) -> list[Note]:
    """Every note's folder, name, aliases, headings and block ids, in folder order."""
    # Folder sizes of 10–30 notes; the folder count follows from them.
    sizes = []
    while sum(sizes) < n:
        sizes.append(rng.randint(10, 30))
    sizes[-1] -= sum(sizes) - n
    if len(sizes) > 1 and sizes[-1] < 5:  # fold a tiny remainder into its neighbour
        tail = sizes.pop()
        sizes[-1] += tail
    folders = plan_folders(len(sizes), rng)
    used: set[str] = set()
    notes: list[Note] = []
    for folder, size in zip(folders, sizes):
        for _ in range(size):
            name = make_name(rng)
            while name.casefold() in used:  # names are unique except the planned duplicates
                name = f"{name} {rng.randint(2, 99)}"
            used.add(name.casefold())
            notes.append(Note(len(notes), folder, name, [], [], []))
    # A handful of notes share a base name with a note in another folder, as
    # happens with `Обзор` or `Итоги` in real vaults: exercises ambiguous links.
    taken = {(note.folder, note.name.casefold()) for note in notes}
    for _ in range(max(3, n // 300) if n > 1 else 0):
        a, b = rng.sample(range(n), 2)
        if (notes[b].folder, notes[a].name.casefold()) not in taken:
            taken.add((notes[b].folder, notes[a].name.casefold()))
            notes[b].name = notes[a].name
    for note in notes:
        plan_aliases_headings_blocks(note, rng)
    return notes


def plan_aliases_headings_blocks(note: Note, rng: random.Random) -> None:
    """1–3 aliases, 3–6 `##` headings with some `###` under them, and 0–3 block ids."""
    # Abbreviations are short, so some collide across notes (alias-collision): as in real vaults.
    abbr = abbreviation(note.name) if rng.random() < 0.35 else ""
    aliases = [abbr] if abbr else []
    if rng.random() < 0.5:
        aliases.append(note.name.lower())
    if rng.random() < 0.3 or not aliases:
        aliases.append(f"{note.name} (кратко)")
    note.aliases = aliases[:3]
    h2 = rng.sample(HEADINGS, rng.randint(3, 6))
    for text in h2:
        note.headings.append((2, text))
        for sub in rng.sample(SUBHEADINGS, rng.choice((0, 0, 1, 2))):
            note.headings.append((3, f"{sub}: {text.lower()}"))  # unique within the note
    if rng.random() < 0.6:
        count = rng.randint(1, 3)
        note.block_ids = [f"{rng.choice(BLOCK_PREFIXES)}-{rng.randint(1, 999)}" for _ in range(count)]
        note.block_ids = list(dict.fromkeys(note.block_ids))
        # A block id sits on a section's first paragraph: at most one per section.
        note.block_ids = note.block_ids[: len(note.headings)]


def plan_embeds(notes: list[Note], rng: random.Random) -> int:
    """Mark ~20% of notes as embedding others, plus a few rare two-note embed cycles."""
    for note in notes:
        note.embeds = rng.random() < 0.2
    pairs = max(1, len(notes) // 1000) if len(notes) > 1 else 0  # 0.2% of notes sit in a cycle
    cycle = 0
    for _ in range(pairs):
        a, b = rng.sample(range(len(notes)), 2)
        if notes[a].cycle_partner is None and notes[b].cycle_partner is None:
            notes[a].cycle_partner, notes[b].cycle_partner = b, a
            notes[a].embeds = notes[b].embeds = True
            cycle += 2
    return cycle


# --- Bodies ----------------------------------------------------------------

class Vault:
    """Lookup tables over the plan, used to write links that resolve (or deliberately don't)."""

    def __init__(self, notes: list[Note], images: list[str]) -> None:
        self.notes = notes
        self.images = images
        names: dict[str, int] = {}
        for note in notes:
            names[note.name.casefold()] = names.get(note.name.casefold(), 0) + 1
        self.duplicate = {k for k, v in names.items() if v > 1}
        self.by_folder: dict[str, list[Note]] = {}
        for note in notes:
            self.by_folder.setdefault(note.folder, []).append(note)
        # Only aliases no other note or alias claims make reliable `[[ABBR]]` links.
        counts: dict[str, int] = {}
        for note in notes:
            for alias in note.aliases:
                counts[alias.casefold()] = counts.get(alias.casefold(), 0) + 1
        self.alias_of = {
            note.index: [a for a in note.aliases
                         if counts[a.casefold()] == 1 and a.casefold() not in names]
            for note in notes}
        # Embed targets are notes that embed nothing: no chains, no accidental cycles.
        self.leaves = [note for note in notes if not note.embeds]
        self.with_blocks = [note for note in notes if note.block_ids]
        self.with_alias = [note for note in notes if self.alias_of[note.index]]
        self.spaceless = [note for note in notes if " " not in self.ref(note)]
        self.names = set(names)

    def pool_for(self, form: str) -> list[Note] | None:
        """The notes a link form can point at, when it cannot point at every note."""
        return {"wiki-block": self.with_blocks, "alias": self.with_alias,
                "md-plain": self.spaceless}.get(form)

    def fits(self, form: str, note: Note) -> bool:
        if form == "wiki-block":
            return bool(note.block_ids)
        if form == "alias":
            return bool(self.alias_of[note.index])
        return " " not in self.ref(note)  # md-plain

    def ref(self, note: Note) -> str:
        """How a link names the note unambiguously: its name, or its path when the name repeats."""
        return note.path if note.name.casefold() in self.duplicate else note.name


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, k=words))
    return text[0].upper() + text[1:] + "."


def label(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))


def make_link(rng: random.Random, vault: Vault, note: Note, stats: Stats) -> str:
    """One link of a random form; ~3% point at a note that does not exist."""
    if rng.random() < 0.4:  # links cluster: many point into the same folder
        target = rng.choice(vault.by_folder[note.folder])
    else:
        target = rng.choice(vault.notes)
    stats.links += 1
    if rng.random() < 0.03:
        stats.broken_links += 1
        missing = make_name(rng) + " (не написана)"
        while missing.casefold() in vault.names:
            missing += " ещё"
        form, text = rng.choice([
            ("broken-wiki", f"[[{missing}]]"),
            ("broken-wiki-label", f"[[{missing}|{label(rng)}]]"),
            ("broken-md", f"[{label(rng)}](<{note.folder}/{missing}.md>)"),
            ("broken-heading", f"[[{missing}#{rng.choice(HEADINGS)}]]"),
        ])
        stats.forms[form] = stats.forms.get(form, 0) + 1
        return text
    form = rng.choices(LINK_FORMS, LINK_WEIGHTS)[0]
    # Some forms need a target that has a block id, a unique alias or a name without
    # spaces; in a tiny vault there may be none, and a plain wikilink does instead.
    pool = vault.pool_for(form)
    if pool is not None and not vault.fits(form, target):
        if pool:
            target = rng.choice(pool)
        else:
            form = "wiki"
    ref = vault.ref(target)
    if form == "wiki":
        # Bare name even when it repeats: those links are ambiguous on purpose.
        text = f"[[{target.name if rng.random() < 0.5 else ref}]]"
    elif form == "wiki-label":
        text = f"[[{ref}|{label(rng)}]]"
    elif form == "wiki-path":
        # Full path, or just its last folder (Obsidian resolves a path's tail).
        path = target.path if rng.random() < 0.6 else target.path.split("/", target.path.count("/") - 1)[-1]
        text = f"[[{path}]]"
    elif form == "wiki-heading":
        text = f"[[{ref}#{rng.choice(target.headings)[1]}]]"
    elif form == "wiki-block":
        text = f"[[{ref}#^{rng.choice(target.block_ids)}]]"
    elif form == "own-heading":
        text = f"[[#{rng.choice(note.headings)[1]}]]"
    elif form == "alias":
        text = f"[[{rng.choice(vault.alias_of[target.index])}]]"
    elif form == "md-plain":
        text = f"[{label(rng)}]({ref}.md)"
    elif form == "md-angle":
        text = f"[{label(rng)}](<{target.path}.md>)"
    else:
        text = f"[{label(rng)}]({quote(target.path + '.md')})"
    stats.forms[form] = stats.forms.get(form, 0) + 1
    return text


def make_embed(rng: random.Random, vault: Vault, note: Note, stats: Stats) -> str:
    stats.embeds += 1
    roll = rng.random()
    if roll < 0.3 or not vault.leaves:  # a tiny vault may have no note that embeds nothing
        return f"![[{rng.choice(vault.images)}|{rng.choice((120, 200, 320))}]]"
    target = rng.choice(vault.leaves)
    ref = vault.ref(target)
    if roll < 0.55:
        return f"![[{ref}]]"
    if roll < 0.8 or not target.block_ids:
        return f"![[{ref}#{rng.choice(target.headings)[1]}]]"
    return f"![[{ref}#^{rng.choice(target.block_ids)}]]"


def paragraph(rng: random.Random, links: list[str], extras: list[str]) -> str:
    """2–5 sentences; links and inline extras (tags, highlights...) spliced between words."""
    words: list[str] = []
    for _ in range(rng.randint(2, 5)):
        words.extend(sentence(rng, rng.randint(6, 14)).split(" "))
    for piece in links + extras:
        at = rng.randint(1, len(words) - 1)
        words.insert(at, piece)
    return " ".join(words)


def note_body(note: Note, vault: Vault, stats: Stats, rng: random.Random) -> str:
    """The Markdown body: sections for the planned headings, ~10 links, optional constructs."""
    links = [make_link(rng, vault, note, stats) for _ in range(rng.randint(7, 13))]
    sections = note.headings
    # Deal links out over the sections so they spread through the note.
    per_section: list[list[str]] = [[] for _ in sections]
    for link in links:
        per_section[rng.randrange(len(sections))].append(link)
    blocks_for = dict(zip(rng.sample(range(len(sections)), len(note.block_ids)), note.block_ids))
    features = {
        "table": rng.random() < 0.2, "code": rng.random() < 0.15, "callout": rng.random() < 0.3,
        "tasks": rng.random() < 0.1, "footnote": rng.random() < 0.1, "math": rng.random() < 0.05,
    }
    # Each construct lands in one random section.
    where = {k: rng.randrange(len(sections)) for k, on in features.items() if on}
    embed_section = rng.randrange(len(sections))

    out = [paragraph(rng, [], [f"#{rng.choice(TAGS)}"])]
    for s, (level, heading) in enumerate(sections):
        out.append("#" * level + " " + heading)
        mine = per_section[s]
        for p in range(rng.randint(1, 2)):
            extras = []
            if rng.random() < 0.3:
                extras.append(f"=={label(rng)}==")
            if rng.random() < 0.15:
                extras.append(f"%%{label(rng)}%%")  # comments hold no links: they would vanish
            if rng.random() < 0.2:
                extras.append(f"#{rng.choice(TAGS)}")
            if where.get("footnote") == s and p == 0:
                extras.append("сноска[^1]")
            if where.get("math") == s and p == 0:
                extras.append(rng.choice(MATH))
            take, mine = mine[:2], mine[2:]  # the rest go to tables, callouts, lists
            text = paragraph(rng, take, extras)
            if p == 0 and s in blocks_for:
                text += f" ^{blocks_for[s]}"
            out.append(text)
        if where.get("table") == s:
            rows = ["| Показатель | Значение | Комментарий |", "| --- | ---: | --- |"]
            for _ in range(rng.randint(2, 5)):
                cell = mine.pop().replace("|", "\\|") if mine and rng.random() < 0.5 else label(rng)
                rows.append(f"| {label(rng)} | {rng.randint(1, 500)} | {cell} |")
            out.append("\n".join(rows))
        if where.get("code") == s:
            lang = rng.choice(sorted(CODE_SNIPPETS))
            out.append(f"```{lang}\n{CODE_SNIPPETS[lang]}```")
        if where.get("callout") == s:
            kind, title = rng.choice(CALLOUTS)
            lines = [f"> [!{kind}] {title}".rstrip()]
            lines += [f"> {sentence(rng, rng.randint(6, 12))}" for _ in range(rng.randint(1, 3))]
            if mine:
                lines.append(f"> См. {mine.pop()}.")
            out.append("\n".join(lines))
        if where.get("tasks") == s:
            items = [f"- [{rng.choice(' x')}] {sentence(rng, rng.randint(3, 8))}"
                     for _ in range(rng.randint(2, 5))]
            if mine:
                items[0] += f" {mine.pop()}"
            out.append("\n".join(items))
        if where.get("math") == s and rng.random() < 0.5:
            out.append("$$\n\\sum_{i=1}^{n} x_i^2 = \\frac{n(n+1)(2n+1)}{6}\n$$")
        if note.embeds and s == embed_section:
            for _ in range(rng.randint(1, 3)):
                out.append(make_embed(rng, vault, note, stats))
            if note.cycle_partner is not None:
                stats.embeds += 1
                out.append(f"![[{vault.ref(vault.notes[note.cycle_partner])}]]")
        if mine:  # whatever links are left become a "see also" list
            marker = "1." if rng.random() < 0.3 else "-"
            out.append("\n".join(f"{marker} {label(rng)}: {link}" for link in mine))
    if "footnote" in where:
        out.append(f"[^1]: {sentence(rng, rng.randint(5, 10))}")
    return "\n\n".join(out) + "\n"


def yaml_str(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, and safe for «», ё and colons.
    return json.dumps(text, ensure_ascii=False)


def front_matter(note: Note, rng: random.Random) -> str:
    lines = ["---"]
    if rng.random() < 0.3:
        lines.append(f"title: {yaml_str(note.name + ' — ' + label(rng))}")
    lines.append("aliases:")
    lines += [f"  - {yaml_str(a)}" for a in note.aliases]
    tags = rng.sample(TAGS, rng.randint(1, 3))
    lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.5:
        lines.append(f"date: {rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    lines.append(f"description: {yaml_str(sentence(rng, rng.randint(6, 14)))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def tiny_png(index: int) -> bytes:
    """A valid 4×4 RGB PNG whose colour depends on `index`."""
    rgb = bytes(((index * 67) % 256, (index * 131) % 256, (index * 199) % 256))
    raw = b"".join(b"\x00" + rgb * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def index_page(notes: list[Note], folders: list[str]) -> str:
    """The home page: one section per top-level folder, linking to each folder's first note."""
    first = {}
    for note in notes:
        first.setdefault(note.folder, note)
    lines = ["---", 'title: "Главная"', 'description: "Синтетическая база знаний для замеров sitegen."',
             "---", "", "Здесь собраны практики, проекты и документы. Начните с любого раздела.", ""]
    for top in [f for f in folders if "/" not in f]:
        lines.append(f"## {top}")
        lines.append("")
        for folder in [f for f in folders if f == top or f.startswith(top + "/")]:
            note = first[folder]
            lines.append(f"- [[{note.path}|{folder}]]")
        lines.append("")
    return "\n".join(lines)


def generate(n: int, out: Path, seed: int = 1) -> Stats:
    """Write the vault into `out` (which must not exist or be empty) and return what it holds."""
    rng = random.Random(seed)
    notes = plan_notes(n, rng)
    stats = Stats(notes=n, cycle_notes=plan_embeds(notes, rng))
    images = [f"img-{i}.png" for i in range(1, min(40, 5 + n // 200) + 1)]
    vault = Vault(notes, images)
    folders = list(dict.fromkeys(note.folder for note in notes))
    stats.folders = len(folders)
    stats.attachments = len(images)
    stats.duplicate_names = sum(1 for note in notes if note.name.casefold() in vault.duplicate)

    out.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "attachments").mkdir(exist_ok=True)
    for i, image in enumerate(images, 1):
        (out / "attachments" / image).write_bytes(tiny_png(i))
    (out / "sitegen.toml").write_text(
        f'title = "Синтетическая база знаний ({n} заметок)"\nlanguage = "ru"\n', encoding="utf-8")
    (out / "index.md").write_text(index_page(notes, folders), encoding="utf-8", newline="\n")
    for note in notes:
        # A per-note generator: a note's text does not depend on how many came before.
        note_rng = random.Random(f"{seed}:{note.index}")
        text = front_matter(note, note_rng) + "\n" + note_body(note, vault, stats, note_rng)
        (out / f"{note.path}.md").write_text(text, encoding="utf-8", newline="\n")
    stats.forms = dict(sorted(stats.forms.items()))
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="number of notes")
    parser.add_argument("out", type=Path, help="output folder (created; must be empty unless --force)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="delete OUT first if it exists")
    parser.add_argument("--stats", type=Path, help="also write the vault's statistics as JSON here")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            parser.error(f"{args.out} is not empty (use --force to replace it)")
        shutil.rmtree(args.out)
    started = time.perf_counter()
    stats = generate(args.n, args.out, args.seed)
    summary = json.dumps(stats.__dict__, ensure_ascii=False, indent=2)
    if args.stats:
        args.stats.write_text(summary + "\n", encoding="utf-8")
    print(f"wrote {args.n} notes to {args.out} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
