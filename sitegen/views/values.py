"""The Bases value model: typed values, truthiness, equality, ordering and text forms."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping

# Values are plain Python where one fits: None (null), bool, int/float (number), str (text),
# list (list), dict (object). The classes below cover the rest.


@dataclass(frozen=True)
class Date:
    """A date, or a date with a time (`has_time`), as naive wall-clock time."""

    value: dt.datetime
    has_time: bool = True


@dataclass(frozen=True)
class Duration:
    """A span: calendar months (added as months) plus exact milliseconds."""

    months: int = 0
    ms: float = 0.0

    @property
    def total_ms(self) -> float:
        """Months counted at the mean Gregorian month, as Moment.js does."""
        return self.ms + self.months * MONTH_MS


DAY_MS = 86_400_000
MONTH_MS = DAY_MS * 146_097 / 4800


@dataclass(frozen=True)
class Link:
    """A link to a note, a file or a URL.

    `target` is the path as written (no brackets, no `#subpath`); `resolved` is the vault
    path it leads to, or None when nothing in the vault has that name (or it is a URL).
    """

    target: str
    resolved: str | None = None
    display: str | None = None
    subpath: str = ""

    @property
    def is_url(self) -> bool:
        return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", self.target))


@dataclass(frozen=True)
class FileRecord:
    """One file of the vault as a base sees it; the build fills it in.

    `tags` are without `#`; `links`, `embeds` and `backlinks` are Link values (a backlink
    is a resolved Link to the linking file); `properties` are typed values
    (see sitegen/views/records.py for turning front matter into them).
    """

    path: str
    size: int = 0
    ctime: dt.datetime | None = None
    mtime: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    backlinks: tuple[Link, ...] = ()
    embeds: tuple[Link, ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict)

    # Derived once: a base reads these for every file, often in several expressions.
    @cached_property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @cached_property
    def basename(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name[1:] else name

    @cached_property
    def ext(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[1] if "." in name[1:] else ""

    @cached_property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @cached_property
    def link_keys(self) -> frozenset:
        """link_key() of every link and embed: `file.hasLink(x)` is one set lookup (a base over
        `this` runs it for every file, once per note showing the base)."""
        return frozenset(link_key(link) for link in self.links + self.embeds)

    def __hash__(self) -> int:
        return hash(self.path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileRecord) and other.path == self.path


@dataclass(frozen=True)
class ThisRef:
    """`this`: the note showing the base. As a value it is that file; `this.x` reads its
    property `x`, `this.file` the file itself."""

    file: FileRecord | None


@dataclass(frozen=True)
class Regex:
    pattern: str
    flags: str
    compiled: re.Pattern = field(compare=False)


@dataclass(frozen=True)
class Image:
    """`image(x)`: something a card shows as a picture (a link, a URL or a file)."""

    source: Any


@dataclass(frozen=True)
class Icon:
    name: str


# --- Kinds and truth --------------------------------------------------------------------

def type_name(value: Any) -> str:
    """The type as `isType()` names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (FileRecord, ThisRef)):
        return "file"
    return {Date: "date", Duration: "duration", Link: "link", Regex: "regexp",
            Image: "image", Icon: "icon"}[type(value)]


def truthy(value: Any) -> bool:
    """JavaScript's truth, except that an empty list or object is false (as `isEmpty`)."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)):
        return value != 0 and not math.isnan(value)
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    if isinstance(value, Duration):
        return value.total_ms != 0
    if isinstance(value, ThisRef):
        return value.file is not None
    return True


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    return False


def as_file(value: Any) -> Any:
    """`this` compares and links as the file it stands for."""
    return value.file if isinstance(value, ThisRef) else value


def link_key(value: Any) -> tuple[str, str] | None:
    """What a link, file or link-like text points at: ('path', vault path) when it
    resolves, else ('text', the link text). None for anything else."""
    value = as_file(value)
    if isinstance(value, FileRecord):
        return ("path", value.path)
    if isinstance(value, Link):
        return ("path", value.resolved) if value.resolved else ("text", value.target)
    return None


# --- Equality and order -----------------------------------------------------------------

def equals(a: Any, b: Any) -> bool:
    a, b = as_file(a), as_file(b)
    if isinstance(a, (Link, FileRecord)) or isinstance(b, (Link, FileRecord)):
        return _links_equal(a, b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if _is_number(a) and _is_number(b):
        return _num(a) == _num(b)
    if isinstance(a, Date) and isinstance(b, Date):
        return a.value == b.value
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equals(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equals(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _links_equal(a: Any, b: Any) -> bool:
    """Links are equal when they reach the same file, or (unresolved) have the same text.
    A text counts as the link it would make (`"Books"` or `"[[Books]]"`)."""
    if isinstance(a, str):
        a, b = b, a
    if isinstance(b, str):
        if not isinstance(a, Link):
            return False
        text = _strip_brackets(b)
        return text == a.target or (a.resolved is not None and _stem(a.resolved) == text)
    key_a, key_b = link_key(a), link_key(b)
    if key_a is None or key_b is None:
        return False
    if key_a[0] == key_b[0]:
        return key_a[1] == key_b[1]
    return False


def _strip_brackets(text: str) -> str:
    text = text.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2].split("|", 1)[0].split("#", 1)[0]
    return text


def _stem(path: str) -> str:
    return path[:-3] if path.endswith(".md") else path


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or isinstance(
        value, Duration)


def _num(value: Any) -> float:
    return value.total_ms if isinstance(value, Duration) else value


def compare(a: Any, b: Any, collate: Callable[[str], Any]) -> int | None:
    """-1, 0 or 1 for values that have an order between them; None when they do not."""
    a, b = as_file(a), as_file(b)
    if a is None or b is None:
        return None
    if _is_number(a) and _is_number(b):
        x, y = _num(a), _num(b)
    elif isinstance(a, Date) and isinstance(b, Date):
        x, y = a.value, b.value
    elif isinstance(a, str) and isinstance(b, str):
        x, y = collate(a), collate(b)
    elif isinstance(a, bool) and isinstance(b, bool):
        x, y = a, b
    elif isinstance(a, (str, Link, FileRecord)) and isinstance(b, (str, Link, FileRecord)):
        x, y = collate(to_text(a)), collate(to_text(b))
    else:
        return None
    return (x > y) - (x < y)


# Sort ranks: values of one type sort together; empty values sort last.
_RANKS = {"boolean": 0, "number": 1, "duration": 1, "date": 2, "string": 3, "link": 3,
          "file": 3, "list": 4, "object": 5, "regexp": 6, "image": 6, "icon": 6}


def sort_key(value: Any, collate: Callable[[str], Any]) -> tuple:
    """A total order key for sorting rows; the caller puts empty values (rank 9) last."""
    value = as_file(value)
    if is_empty(value):
        return (9,)
    kind = type_name(value)
    if kind in ("number", "duration"):
        return (1, _num(value))
    if kind == "date":
        return (2, value.value)
    if kind == "boolean":
        return (0, value)
    if kind == "list":
        return (4, tuple(sort_key(item, collate) for item in value))
    return (_RANKS.get(kind, 6), collate(to_text(value)))


# --- Text -------------------------------------------------------------------------------

def format_number(value: float) -> str:
    """As JavaScript prints numbers: `3`, `2.5`, `0.1`, no trailing `.0`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def format_date_iso(value: Date) -> str:
    if value.has_time:
        return value.value.strftime("%Y-%m-%d %H:%M:%S")
    return value.value.strftime("%Y-%m-%d")


def to_text(value: Any) -> str:
    """`toString()`: the plain text of a value."""
    value = as_file(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Date):
        return format_date_iso(value)
    if isinstance(value, Duration):
        return format_number(value.total_ms)
    if isinstance(value, list):
        return ", ".join(to_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {to_text(v)}" for k, v in value.items())
    if isinstance(value, Link):
        return value.display if value.display is not None else value.target
    if isinstance(value, FileRecord):
        return value.path
    if isinstance(value, Regex):
        return f"/{value.pattern}/{value.flags}"
    if isinstance(value, Image):
        return to_text(value.source)
    if isinstance(value, Icon):
        return value.name
    return str(value)


def describe(value: Any) -> str:
    """An unambiguous literal-like form, for tests and messages: `"a"`, `[1, 2]`,
    `date(2025-01-01)`, `link(Books -> Books.md)`, `file(Books/Dune.md)`."""
    value = as_file(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(describe(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}": {describe(v)}' for k, v in value.items()) + "}"
    if isinstance(value, Date):
        return f"date({format_date_iso(value)})"
    if isinstance(value, Duration):
        months = f"{value.months}M " if value.months else ""
        return f"duration({months}{format_number(value.ms)}ms)"
    if isinstance(value, Link):
        text = value.target + (f" -> {value.resolved}" if value.resolved else "")
        return f"link({text}" + (f" | {value.display}" if value.display is not None else "") + ")"
    if isinstance(value, FileRecord):
        return f"file({value.path})"
    if isinstance(value, Image):
        return f"image({describe(value.source)})"
    if isinstance(value, Icon):
        return f"icon({value.name})"
    return to_text(value)
