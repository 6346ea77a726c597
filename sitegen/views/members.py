"""Fields of Bases values: `file.*`, note properties, date and duration parts, `a[0]`, `a.b`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from .dates import from_python
from .expr import EvalError
from .values import DAY_MS, MONTH_MS, Date, Duration, FileRecord, ThisRef, type_name

if TYPE_CHECKING:
    from .evaluate import Scope


def lookup(mapping: Mapping[str, Any], name: str) -> Any:
    """A key exactly, else ignoring case (Obsidian's property names ignore case)."""
    if name in mapping:
        return mapping[name]
    folded = name.casefold()
    for key, value in mapping.items():
        if key.casefold() == folded:
            return value
    return None


def property_of(file: FileRecord | None, name: str) -> Any:
    return None if file is None else lookup(file.properties, name)


FILE_FIELDS = {
    # A note's name is shown without `.md`, as Obsidian shows notes; kepano's Daily.base
    # (`file.name.contains(this.file.name)` for daily notes) only works that way.
    "name": lambda f: f.basename if f.ext == "md" else f.name,
    "basename": lambda f: f.basename,
    "path": lambda f: f.path,
    "folder": lambda f: f.folder,
    "ext": lambda f: f.ext,
    "size": lambda f: f.size,
    "ctime": lambda f: from_python(f.ctime) if f.ctime else None,
    "mtime": lambda f: from_python(f.mtime) if f.mtime else None,
    # Tags as Obsidian lists them on the file: with `#`, from the text and the front matter.
    "tags": lambda f: ["#" + tag for tag in f.tags],
    "links": lambda f: list(f.links),
    "backlinks": lambda f: list(f.backlinks),
    "embeds": lambda f: list(f.embeds),
    "properties": lambda f: dict(f.properties),
    "file": lambda f: f,
}

DATE_FIELDS = {
    "year": lambda d: d.year, "month": lambda d: d.month, "day": lambda d: d.day,
    "hour": lambda d: d.hour, "minute": lambda d: d.minute, "second": lambda d: d.second,
    "millisecond": lambda d: d.microsecond // 1000,
}

# Duration fields are totals in that unit, fractional, as Moment's `as*()`.
DURATION_FIELDS = {
    "years": MONTH_MS * 12, "months": MONTH_MS, "weeks": DAY_MS * 7, "days": DAY_MS,
    "hours": 3_600_000, "minutes": 60_000, "seconds": 1000, "milliseconds": 1,
}


def get_member(obj: Any, name: str, scope: "Scope", pos: int) -> Any:
    if obj is None:
        return None
    if isinstance(obj, ThisRef):
        if obj.file is None:
            return None
        if name == "file":
            return obj.file
        if name == "note":
            return dict(obj.file.properties)
        return property_of(obj.file, name)
    if isinstance(obj, FileRecord):
        field = FILE_FIELDS.get(name)
        if field is None:
            raise EvalError(f"files have no field `{name}` (a note property is `note.{name}`)",
                            pos)
        return field(obj)
    if isinstance(obj, dict):
        return lookup(obj, name)
    if isinstance(obj, (str, list)) and name == "length":
        return len(obj)
    if isinstance(obj, Date) and name in DATE_FIELDS:
        return DATE_FIELDS[name](obj.value)
    if isinstance(obj, Duration) and name in DURATION_FIELDS:
        value = obj.total_ms / DURATION_FIELDS[name]
        return int(value) if float(value).is_integer() else value
    raise EvalError(f"a {type_name(obj)} has no field `{name}`", pos)


def get_index(obj: Any, index: Any, scope: "Scope", pos: int) -> Any:
    if obj is None or index is None:
        return None
    if isinstance(obj, (list, str)):
        if isinstance(index, bool) or not isinstance(index, (int, float)):
            raise EvalError(f"a {type_name(obj)} is indexed by a number", pos)
        i = int(index)
        return obj[i] if 0 <= i < len(obj) else None
    if isinstance(index, str):
        return get_member(obj, index, scope, pos)
    raise EvalError(f"a {type_name(obj)} cannot be indexed by {type_name(index)}", pos)
