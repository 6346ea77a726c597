"""Front matter as Bases sees it: raw YAML values typed by `.obsidian/types.json`."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Callable, Mapping

from .dates import from_python, parse_date
from .values import Link

# The property types Obsidian writes into .obsidian/types.json.
KINDS = ("text", "multitext", "number", "checkbox", "date", "datetime", "aliases", "tags")
_LISTS = ("multitext", "aliases", "tags")
_WIKILINK = re.compile(r"^\s*!?\[\[([^\[\]]+)\]\]\s*$")


def read_types(text: str) -> dict[str, str]:
    """`{"types": {"rating": "number", …}}` → {name: kind}; anything unreadable is skipped
    (the build reports nothing: Obsidian itself rewrites this file freely)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    types = data.get("types") if isinstance(data, dict) else None
    if not isinstance(types, dict):
        return {}
    return {str(k): v for k, v in types.items() if isinstance(v, str) and v in KINDS}


def wikilink(text: str, resolve: Callable[[str, str], str | None], from_path: str) -> Link | None:
    """`[[Target#Heading|Shown]]` as a Link, resolved from `from_path`; None if not a link."""
    match = _WIKILINK.match(text)
    if not match:
        return None
    inner, _, display = match.group(1).partition("|")
    target, _, sub = inner.partition("#")
    target = target.strip()
    resolved = resolve(target, from_path) if target else from_path
    return Link(target or from_path, resolved, display.strip() or None, "#" + sub if sub else "")


def typed_value(raw: Any, kind: str | None, resolve: Callable[[str, str], str | None],
                from_path: str) -> Any:
    """One property value: dates become Dates, `[[links]]` Links, numbers stay numbers,
    and a list type (multitext, tags, aliases) always gives a list."""
    if kind in _LISTS:
        items = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        item_kind = "tag" if kind == "tags" else None
        return [v for v in (typed_value(item, item_kind, resolve, from_path) for item in items)
                if v is not None]
    if raw is None:
        return None
    if isinstance(raw, list):
        return [typed_value(item, None, resolve, from_path) for item in raw]
    if isinstance(raw, dict):
        return {str(k): typed_value(v, None, resolve, from_path) for k, v in raw.items()}
    if isinstance(raw, (dt.date, dt.datetime)):
        return from_python(raw)
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return str(raw) if kind == "text" else raw
    text = str(raw)
    if kind == "tag":
        return text.lstrip("#")
    if kind in ("date", "datetime"):
        return parse_date(text) or text
    if kind == "number":
        try:
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        except ValueError:
            return text
    if kind == "checkbox" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return wikilink(text, resolve, from_path) or text


def typed_properties(front_matter: Mapping[str, Any], types: Mapping[str, str],
                     resolve: Callable[[str, str], str | None], from_path: str) -> dict[str, Any]:
    """A note's front matter as typed values; `types` is read_types() of types.json
    (property names there are matched ignoring case, as Obsidian does)."""
    folded = {name.casefold(): kind for name, kind in types.items()}
    return {str(name): typed_value(value, folded.get(str(name).casefold()), resolve, from_path)
            for name, value in front_matter.items()}
