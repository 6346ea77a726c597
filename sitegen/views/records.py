"""Front matter as Bases sees it: the collect phase's typed values (one source of truth) as Bases values."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Mapping

from ..collect.obsidian import SettingsProblem, parse_types
from ..collect.properties import TypedValue, type_value
from .dates import from_python
from .values import Link

_WIKILINK = re.compile(r"^\s*!?\[\[([^\[\]]+)\]\]\s*$")
Resolve = Callable[[str, str], "str | None"]


def read_types(text: str) -> dict[str, str]:
    """`{"types": {"rating": "number", …}}` → {name: kind}, read as the collect phase reads
    types.json; an unreadable file gives {} (the settings check reports it)."""
    try:
        return parse_types(text)
    except (SettingsProblem, ValueError):
        return {}


def wikilink(text: str, resolve: Resolve, from_path: str) -> Link | None:
    """`[[Target#Heading|Shown]]` as a Link, resolved from `from_path`; None if not a link."""
    match = _WIKILINK.match(text)
    if not match:
        return None
    inner, _, display = match.group(1).partition("|")
    target, _, sub = inner.partition("#")
    target = target.strip()
    resolved = resolve(target, from_path) if target else from_path
    return Link(target or from_path, resolved, display.strip() or None, "#" + sub if sub else "")


def _text(text: str, resolve: Resolve, from_path: str) -> Any:
    return wikilink(text, resolve, from_path) or text


def from_typed(typed: TypedValue, resolve: Resolve, from_path: str) -> Any:
    """One collect-phase TypedValue as a Bases value: dates become Dates, `[[links]]` Links,
    list types (multitext, tags, aliases) lists, an unset checkbox null."""
    value = typed.value
    if typed.type in ("multitext", "aliases"):
        return [_text(item, resolve, from_path) for item in value]
    if typed.type == "tags":
        return list(value)
    if typed.type in ("date", "datetime"):
        return from_python(value) if value is not None else None
    if typed.type == "text":
        return _text(value, resolve, from_path) if value else (None if value is None else value)
    return value  # number, checkbox


def typed_properties(front_matter: Mapping[str, Any], types: Mapping[str, str],
                     resolve: Resolve, from_path: str) -> dict[str, Any]:
    """Front matter typed as the collect phase types it (sitegen.collect.properties), then as
    Bases values. A Python date (from a non-1.2 YAML reader) is read as its ISO text."""
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return {str(name): from_typed(type_value(str(name), plain(value), dict(types)), resolve, from_path)
            for name, value in front_matter.items()}
