"""Note properties (front matter) as Obsidian reads them: plain values, their types, and their links.

Three steps, each pure:

1. `read_properties(root, yaml_lines)`: every key of a front-matter mapping node, in order,
   as a `Property` whose value follows YAML 1.2 as Obsidian does (`yes` and `2020-08-21`
   stay text; only `true`/`false` are booleans), with its position in the file, and the
   `[[links]]` inside its text values as LinkFacts of kind "property" at their own
   line and column.
2. `type_value(key, value, declared)`: the value as a `TypedValue` of one of Obsidian's
   types, taken from `declared` (types.json, sitegen.toml's `property_types`) when the value
   fits it, otherwise inferred from the value the way Obsidian infers a new property's type.
3. `wikilinks_in(text)`: the `[[target|label]]` spans of one text value, for whoever renders
   it (sitegen.emit.values) to turn into links.

Types: text, multitext (a list), number, checkbox, date, datetime; tags, aliases and
cssclasses are fixed to tags, aliases and multitext, as in Obsidian.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from ..syntax.markdown import LinkFact
from ..syntax.wikilinks import default_label, split_wikilink

# Keys whose type Obsidian fixes, whatever types.json says (tag/alias/cssclass: pre-1.9 names).
FIXED_TYPES = {"tags": "tags", "tag": "tags", "aliases": "aliases", "alias": "aliases",
               "cssclasses": "multitext", "cssclass": "multitext"}
LIST_TYPES = ("multitext", "tags", "aliases")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
# YAML 1.2 core schema, which Obsidian's YAML reader follows.
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TAG_SPLIT = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class Property:
    """One front-matter key: its plain value (str, int, float, bool, None, list, dict) and
    the file line and column where the value starts."""

    key: str
    value: Any
    line: int
    col: int


@dataclass(frozen=True)
class TypedValue:
    """A value in one of Obsidian's types. `value` is: text → str; multitext, tags, aliases →
    tuple of str; number → int or float; checkbox → bool or None (not set); date → datetime.date;
    datetime → datetime.datetime (as written, no time zone applied). `declared` is set when the
    value did not fit the declared type and was typed by inference instead."""

    type: str
    value: Any
    declared: str = ""

    @property
    def empty(self) -> bool:
        return self.value is None or self.value == "" or self.value == ()


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.style:  # quoted or block scalars are always text
        return node.value
    text = node.value
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) and len(text) < 400:  # Python refuses to read very long integers
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return float(text.lower().replace(".", "", 1))
    return text


def plain_value(node: yaml.Node) -> Any:
    """A YAML node's value under YAML 1.2's core schema."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [plain_value(item) for item in node.value]
    return {str(k.value): plain_value(v) for k, v in node.value}


def wikilinks_in(text: str) -> Iterator[tuple[int, int, str, str, bool]]:
    """(start, end, target, label, is_embed) of each `[[…]]` / `![[…]]` in a text value,
    label as Obsidian shows it (display text, else `Note > Heading`)."""
    pos = 0
    while True:
        start = text.find("[[", pos)
        if start < 0:
            return
        end = text.find("]]", start + 2)
        if end < 0:
            return
        inner = text[start + 2:end]
        if "[[" in inner or "\n" in inner or not inner.strip():
            pos = start + 2
            continue
        target, label = split_wikilink(inner)
        embed = start > 0 and text[start - 1] == "!"
        if target:
            yield (start - embed, end + 2, target, label or default_label(target), embed)
        pos = end + 2


def _locate(lines: list[str], node: yaml.Node, raw: str, nth: int) -> tuple[int, int]:
    """The 0-based (line, column) in the YAML text where `raw` occurs for the nth time
    within the node's own source; the node's start when it is not found as written."""
    start, end = node.start_mark, node.end_mark
    seen = 0
    for n in range(start.line, min(end.line, len(lines) - 1) + 1):
        line = lines[n]
        lo = start.column if n == start.line else 0
        hi = end.column if n == end.line else len(line)
        at = line.find(raw, lo, hi)
        while at >= 0:
            if seen == nth:
                return n, at
            seen += 1
            at = line.find(raw, at + len(raw), hi)
    return start.line, start.column


def _strings(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _strings(value)


def _links(key: str, node: yaml.Node, lines: list[str], first_line: int) -> list[LinkFact]:
    found = []
    for scalar in _strings(node):
        counts: dict[str, int] = {}
        for start, end, target, _, _ in wikilinks_in(scalar.value):
            raw = scalar.value[start:end]
            line, col = _locate(lines, scalar, raw, counts.get(raw, 0))
            counts[raw] = counts.get(raw, 0) + 1
            found.append(LinkFact(target=target, kind="property", line=line + first_line,
                                  col=col + 1, context=key, key=key))
    return found


def read_properties(root: yaml.MappingNode, yaml_lines: list[str],
                    first_line: int = 2) -> tuple[tuple[Property, ...], tuple[LinkFact, ...]]:
    """Every key of a (checked) front-matter mapping, and the links in its values.
    `first_line` is the file line of the YAML text's first line (after the opening `---`)."""
    props, links = [], []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        mark = value_node.start_mark
        props.append(Property(key, plain_value(value_node), mark.line + first_line, mark.column + 1))
        links += _links(key, value_node, yaml_lines, first_line)
    return tuple(props), tuple(links)


def infer_type(value: Any) -> str:
    """The type Obsidian gives a property it has not seen typed before."""
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "multitext"
    if isinstance(value, str) and _DATE.match(value.strip()):
        return "date"
    if isinstance(value, str) and _DATETIME.match(value.strip()):
        return "datetime"
    return "text"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _date(value: Any, with_time: bool) -> dt.date | dt.datetime | None:
    text = value.strip() if isinstance(value, str) else ""
    if not (_DATE.match(text) or _DATETIME.match(text)):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    parsed = parsed.replace(tzinfo=None)  # shown as written: no zone conversion
    return parsed if with_time else parsed.date()


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if _INT.match(text) and len(text) < 400:
        return int(text)
    return float(text) if _FLOAT.match(text) else None


def _as(kind: str, value: Any) -> TypedValue | None:
    """The value in type `kind`, or None when it does not fit."""
    if value is None:
        return TypedValue(kind, () if kind in LIST_TYPES else None)
    if kind in LIST_TYPES:
        items = value if isinstance(value, list) else [value]
        if any(isinstance(i, (list, dict)) for i in items):
            return None
        texts = [_text(i).strip() for i in items if i is not None]
        if kind == "tags":  # as meta.py reads `tags`: one string may hold several, `#` dropped
            texts = _TAG_SPLIT.split(value) if isinstance(value, str) else texts
            texts = [re.sub(r"\s+", "-", t.strip().lstrip("#").strip("/")) for t in texts]
        return TypedValue(kind, tuple(t for t in texts if t))
    if isinstance(value, (list, dict)):
        return None
    if kind == "text":
        return TypedValue(kind, _text(value))
    if kind == "number":
        number = _number(value)
        return None if number is None else TypedValue(kind, number)
    if kind == "checkbox":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        return TypedValue(kind, value) if isinstance(value, bool) else None
    if kind in ("date", "datetime"):
        when = _date(value, kind == "datetime")
        return None if when is None else TypedValue(kind, when)
    return None


def declared_type(key: str, types: dict[str, str]) -> str:
    """The type a key is given: fixed by Obsidian, or by `types` (exact name, then any case)."""
    if key.casefold() in FIXED_TYPES:
        return FIXED_TYPES[key.casefold()]
    if key in types:
        return types[key]
    folded = key.casefold()
    return next((t for k, t in sorted(types.items()) if k.casefold() == folded), "")


def type_value(key: str, value: Any, types: dict[str, str]) -> TypedValue:
    """The value of property `key` typed as Obsidian would show it."""
    declared = declared_type(key, types)
    if declared:
        fitted = _as(declared, value)
        if fitted is not None:
            return fitted
    inferred = _as(infer_type(value), value)
    if inferred is None:  # a list of lists or a mapping: shown as its JSON text
        inferred = TypedValue("text", _text(value))
    return TypedValue(inferred.type, inferred.value, declared)
