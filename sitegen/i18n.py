"""Interface strings, dates and collation for the site language (Russian or English), and the
guess of that language from the notes' text."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from typing import Iterable

STRINGS = {
    "ru": {
        "home": "Главная", "tags": "Теги", "all_tags": "Все теги", "backlinks": "Обратные ссылки", "related": "Похожие заметки",
        "no_backlinks": "На эту заметку пока никто не ссылается.", "contents": "Содержание",
        "aliases": "Другие названия", "folder": "Папка", "notes": "Заметки", "subfolders": "Папки",
        "missing_title": "Ненаписанные заметки",
        "missing_intro": "На эти заметки ссылаются, но их пока нет в базе.",
        "wanted_by": "Ссылаются",
        "missing_more": "Ещё не перечислено ненаписанных заметок: {n}. На них ссылается",
        "not_found_title": "Страница не найдена",
        "not_found_text": "Такой страницы нет. Возможно, заметку переименовали или удалили.",
        "go_home": "На главную", "notes_count": "заметок", "tag_notes": "Заметки с тегом",
        "child_tags": "Вложенные теги", "most_linked": "Чаще всего упоминаются",
        "by_folder": "Заметки по папкам", "redirecting": "Переход на страницу",
        "embed_cycle": "Циклическое встраивание: «{title}» уже показана выше.",
        "embed_depth": "Слишком глубокое встраивание: «{title}» не показана.",
        "embed_limit": "Слишком много встраиваний на странице: «{title}» не показана.",
        "embed_missing": "Встраиваемая заметка не найдена", "file": "Файл",
        "embed_anchor_missing": "в этой заметке нет «{anchor}»",
        "unresolved": "Заметка ещё не написана", "updated": "Дата", "skip": "Перейти к содержанию",
        "search": "Поиск", "graph": "Граф связей", "recent": "Недавние заметки",
        "previous": "Предыдущая", "next": "Следующая",
        "page_number": "страница {n}", "pages": "Страницы", "root_folder": "Корень базы",
        "breadcrumbs": "Навигация по разделам", "embedded_from": "Встроено из заметки",
        "properties": "Свойства", "yes": "да", "no": "нет",
        # Reader interface (search, graph, explorer, previews)
        "close": "Закрыть",
        "dark_theme": "Тёмная тема",
        "explorer": "Все заметки",
        "explorer_toggle": "Показать все заметки",
        "feed": "Лента Atom",
        "global_graph_alt": "Те же связи есть на страницах заметок: ссылками в тексте и в разделе «Обратные ссылки».",
        "global_graph_label": "Граф связей всех заметок",
        "global_graph_needs_js": "Граф связей работает только с JavaScript. Все связи есть в тексте заметок и в разделе «Обратные ссылки».",
        "graph_browse": "Все заметки доступны и без графа:",
        "graph_depth": "Глубина",
        "graph_error": "Граф не загрузился. Все связи есть в тексте заметок и в разделе «Обратные ссылки».",
        "graph_help": "Колесо мыши или щипок — масштаб, перетаскивание — сдвиг. С клавиатуры: стрелки сдвигают, + и − меняют масштаб, Enter открывает заметку в центре.",
        "graph_intro": "Каждая точка — заметка, каждая линия — ссылка между заметками. Нажмите на точку, чтобы открыть заметку.",
        "graph_links": "связь|связи|связей",
        "graph_loading": "Строим граф…",
        "graph_needs_js": "Граф связей работает только с JavaScript. Все связи есть в тексте заметки и в разделе «Обратные ссылки».",
        "graph_notes": "заметка|заметки|заметок",
        "graph_open": "Весь граф", "backlink_context": "Контекст",
        "graph_expand": "Во весь экран", "graph_collapse": "Закрыть",
        "graph_short": "Граф",
        "graph_show_tags": "Показывать теги",
        "graph_summary": "{notes} и {links}",
        "local_graph": "Связи заметки",
        "local_graph_alt": "Те же связи перечислены в разделе «Обратные ссылки» и ссылками в тексте.",
        "local_graph_label": "Граф связей заметки «{title}»",
        "note_aside": "О заметке",
        "search_count": "Найдено: {n}",
        "search_error": "Поиск недоступен: индекс не загрузился",
        "search_file": "Поиск работает, когда сайт открыт с сервера, а не из файла",
        "search_more": "Показать ещё",
        "search_hint": "↑ ↓ — выбор, Enter — открыть, Esc — закрыть",
        "search_label": "Искать в заметках",
        "search_loading": "Загружаем поиск…",
        "search_missing": "Найти похожие заметки",
        "search_needs_js": "Поиск работает только с JavaScript",
        "search_no_results": "Ничего не найдено",
        "search_placeholder": "Искать в заметках…",
        "search_results": "Результаты поиска",
        "search_tag": "Тег",
        "site_nav": "Разделы сайта",
        "zoom_fit": "Показать всё",
        "zoom_in": "Приблизить",
        "zoom_out": "Отдалить",
    },
    "en": {
        "home": "Home", "tags": "Tags", "all_tags": "All tags", "backlinks": "Backlinks", "related": "Related notes",
        "no_backlinks": "No notes link here yet.", "contents": "Contents",
        "aliases": "Also known as", "folder": "Folder", "notes": "Notes", "subfolders": "Folders",
        "missing_title": "Missing notes",
        "missing_intro": "Notes link to these, but they do not exist yet.",
        "wanted_by": "Wanted by",
        "missing_more": "More missing notes, not listed here: {n}. Wanted by",
        "not_found_title": "Page not found",
        "not_found_text": "There is no such page. The note may have been renamed or removed.",
        "go_home": "Go to the home page", "notes_count": "notes", "tag_notes": "Notes tagged",
        "child_tags": "Nested tags", "most_linked": "Most linked",
        "by_folder": "Notes by folder", "redirecting": "Redirecting to",
        "embed_cycle": "Circular embed: “{title}” is already shown above.",
        "embed_depth": "Embeds nested too deep: “{title}” is not shown.",
        "embed_limit": "Too many embeds on this page: “{title}” is not shown.",
        "embed_missing": "Embedded note not found", "file": "File",
        "embed_anchor_missing": "this note has no “{anchor}”",
        "unresolved": "This note does not exist yet", "updated": "Date", "skip": "Skip to content",
        "search": "Search", "graph": "Link graph", "recent": "Recent notes",
        "previous": "Previous", "next": "Next",
        "page_number": "page {n}", "pages": "Pages", "root_folder": "Vault root",
        "breadcrumbs": "Breadcrumbs", "embedded_from": "Embedded from",
        "properties": "Properties", "yes": "yes", "no": "no",
        # Reader interface (search, graph, explorer, previews)
        "close": "Close",
        "dark_theme": "Dark theme",
        "explorer": "All notes",
        "explorer_toggle": "Show all notes",
        "feed": "Atom feed",
        "global_graph_alt": "The same links are on the note pages: in the text and under Backlinks.",
        "global_graph_label": "Link graph of all notes",
        "global_graph_needs_js": "The graph needs JavaScript. Every link is also in the notes and under Backlinks.",
        "graph_browse": "Every note is also reachable from",
        "graph_depth": "Depth",
        "graph_error": "The graph did not load. Every link is also in the notes and under Backlinks.",
        "graph_help": "Wheel or pinch to zoom, drag to pan. Keyboard: arrows pan, + and − zoom, Enter opens the note in the centre.",
        "graph_intro": "Each dot is a note and each line a link between notes. Click a dot to open its note.",
        "graph_links": "link|links",
        "graph_loading": "Laying out the graph…",
        "graph_needs_js": "The graph needs JavaScript. Every link is also in the text and under Backlinks.",
        "graph_notes": "note|notes",
        "graph_open": "Full graph", "backlink_context": "Context",
        "graph_expand": "Full screen", "graph_collapse": "Close",
        "graph_short": "Graph",
        "graph_show_tags": "Show tags",
        "graph_summary": "{notes} and {links}",
        "local_graph": "Connections",
        "local_graph_alt": "The same links are listed under Backlinks and in the text.",
        "local_graph_label": "Link graph of “{title}”",
        "note_aside": "About this note",
        "search_count": "Results: {n}",
        "search_error": "Search is unavailable: the index did not load",
        "search_file": "Search works when the site is served, not opened from a file",
        "search_more": "Show more",
        "search_hint": "↑ ↓ to move, Enter to open, Esc to close",
        "search_label": "Search the notes",
        "search_loading": "Loading search…",
        "search_missing": "Search for similar notes",
        "search_needs_js": "Search needs JavaScript",
        "search_no_results": "No results",
        "search_placeholder": "Search the notes…",
        "search_results": "Search results",
        "search_tag": "Tag",
        "site_nav": "Site",
        "zoom_fit": "Fit",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
    },
}

_MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


# Bases and Canvas pages (sitegen/emit/bases_html.py, canvas_page.py).
STRINGS["ru"].update({
    "base_empty": "Ничего не найдено", "base_count": "{n} шт.", "base_summary": "Итоги",
    "base_no_value": "Без значения", "base_no_view": "В базе нет вида «{name}»",
    "base_page": "База", "canvas_page": "Холст", "canvas_cards": "Карточки холста «{title}»",
    "canvas_zoom_in": "Приблизить", "canvas_zoom_out": "Отдалить", "canvas_reset": "Весь холст",
})
STRINGS["en"].update({
    "base_empty": "No results", "base_count": "{n} results", "base_count_one": "{n} result",
    "base_summary": "Summary",
    "base_no_value": "No value", "base_no_view": "The base has no view named “{name}”",
    "base_page": "Base", "canvas_page": "Canvas", "canvas_cards": "Cards of the canvas “{title}”",
    "canvas_zoom_in": "Zoom in", "canvas_zoom_out": "Zoom out", "canvas_reset": "Whole board",
})


# A note's reading time and dates (sitegen/emit/reading.py, partials/note_header.html).
STRINGS["ru"].update({
    "reading_time": "{n} чтения", "minutes": "минута|минуты|минут",
    "created": "Создано", "modified": "Изменено", "heading_link": "Ссылка на раздел",
    "related": "Похожие заметки", "related_why": "общих связей: {n}",
})
STRINGS["en"].update({
    "reading_time": "{n} of reading", "minutes": "minute|minutes",
    "created": "Created", "modified": "Modified", "heading_link": "Link to this section",
    "related": "Related notes", "related_why": "shared connections: {n}",
})


def plural(n: int, forms: str, language: str) -> str:
    """`n` with the word form its number takes: "минута|минуты|минут" → 1 минута, 3 минуты,
    5 минут, 11 минут, 21 минута; English "minute|minutes" → 1 minute, 2 minutes."""
    words = forms.split("|")
    if language == "ru" and len(words) == 3:
        tens, ones = n % 100, n % 10
        if ones == 1 and tens != 11:
            word = words[0]
        elif 2 <= ones <= 4 and not 12 <= tens <= 14:
            word = words[1]
        else:
            word = words[2]
    else:
        word = words[0] if n == 1 else words[-1]
    return f"{n} {word}"


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["en"])


# UTF-8 lead bytes of U+0400–U+047F, the Cyrillic block's letters in common use (the
# rarer extended letters do not change the answer); every Latin letter is one ASCII byte.
_CYRILLIC_LEADS = b"\xd0\xd1"
_LATIN = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
CYRILLIC_SHARE = 0.3  # Russian notes measure 0.8–0.93 (links, code, English terms); English 0.0


def guess_language(samples: Iterable[bytes]) -> str:
    """"ru" when Cyrillic letters make up CYRILLIC_SHARE of the Cyrillic and Latin letters in
    the UTF-8 samples, otherwise "en". Counts bytes, so it costs little on a large vault."""
    data = b"".join(samples)
    # Deleting bytes is one table lookup each: faster than counting them one value at a time.
    cyrillic = len(data) - len(data.translate(None, _CYRILLIC_LEADS))
    latin = len(data) - len(data.translate(None, _LATIN))
    return "ru" if cyrillic and cyrillic >= CYRILLIC_SHARE * (cyrillic + latin) else "en"


def format_date(value: dt.datetime, language: str, with_time: bool = False) -> str:
    """`21 ноября 2022` / `21 November 2022`; the time, when given, in UTC."""
    months = _MONTHS_RU if language == "ru" else _MONTHS_EN
    text = f"{value.day} {months[value.month - 1]} {value.year}"
    if with_time:
        text += value.strftime(" %H:%M UTC")
    return text


_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_EN = "abcdefghijklmnopqrstuvwxyz"


_UNDECOMPOSED = {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "ŀ": "l"}  # marks Unicode does not split off


def _base_letter(ch: str) -> str:
    """The letter under a Latin letter's marks (`ë` → `e`, `ł` → `l`), else the character."""
    return _UNDECOMPOSED.get(ch) or unicodedata.normalize("NFD", ch)[0]


def _letter_key(ch: str, first: str, second: str) -> tuple | None:
    """Where one (case-folded) character sorts, or None when it does not decide the order."""
    if ch.isdigit():
        return (1, int(ch) if ch.isdecimal() else ord(ch))
    if ch in first:
        # As in CLDR: `ё` sorts with `е` and only a tie puts it after.
        return (2, first.index("е" if ch == "ё" else ch))
    if ch in second:
        return (3, second.index(ch))
    if _base_letter(ch) in _EN:
        # A Latin letter with a mark (ë, ś, é, ł) sorts with its letter, as in CLDR's root
        # order; only a tie puts it after (Emile, Ëmile, Zazie).
        return (2 if first is _EN else 3, _EN.index(_base_letter(ch)))
    if ch.isalpha():
        return (4, ord(ch))
    return None  # spaces and punctuation do not decide the order


class _LetterCodes(dict):
    """ord(character) → its key as two characters (class, place), "" when it does not count:
    str.translate then builds a whole key in C, and two strings compare exactly as the
    tuples of (class, place) pairs would (every pair is two characters long)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.first, self.second = (_RU, _EN) if language == "ru" else (_EN, _RU)

    def __missing__(self, code: int) -> str:
        key = _letter_key(chr(code), self.first, self.second)
        self[code] = value = "" if key is None else chr(key[0]) + chr(key[1])
        return value


# One table per language: a vault's text uses a few hundred characters, and sorting 100,000
# tag names asked the same questions of each of them a million times.
_LETTER_CODES: dict[str, _LetterCodes] = {}


@functools.lru_cache(maxsize=65536)
def collation_key(text: str, language: str = "ru") -> tuple:
    """Sort key in the language's alphabet: case-insensitive, `ё` with `е`,
    digits first, then the site language's script, then the other script, then the rest.
    Ties fall back to case and the raw text, so the order is total and stable."""
    table = _LETTER_CODES.get(language)
    if table is None:
        table = _LETTER_CODES[language] = _LetterCodes(language)
    return (unicodedata.normalize("NFC", text).casefold().translate(table), text.casefold(), text)
