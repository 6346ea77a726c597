"""Bases methods by receiver type (text, number, list, date, link, file, object, regexp)."""

from __future__ import annotations

import math
import re
import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Callable

from . import dates
from .expr import EvalError, ParseError
from .values import (Date, Duration, FileRecord, Link, Regex, as_file, equals, is_empty,
                     link_key, sort_key, to_text, truthy, type_name)

if TYPE_CHECKING:
    from .evaluate import Scope

Method = Callable[[Any, list, "Scope", int], Any]
METHODS: dict[str, dict[str, Method]] = {}
LAZY_METHODS = {"filter", "map", "reduce"}


def method(kinds: str, name: str | None = None, args: tuple[int, int] = (0, 0)) -> Callable:
    """Register a method for the receiver kinds (space-separated), with its argument count."""
    low, high = args

    def register(function: Callable) -> Callable:
        called = name or function.__name__.lstrip("_").rstrip("_")

        def checked(receiver: Any, values: list, scope: "Scope", pos: int) -> Any:
            if not low <= len(values) <= high:
                count = f"{low}" if low == high else f"{low} to {high}" if high < 99 else f"{low}+"
                raise EvalError(f"`{called}()` takes {count} arguments, not {len(values)}", pos)
            return function(receiver, values, scope, pos)

        for kind in kinds.split():
            METHODS.setdefault(kind, {})[called] = checked
        return function
    return register


MANY = (1, 99)


def call_method(receiver: Any, name: str, args: list, scope: "Scope", pos: int) -> Any:
    receiver = as_file(receiver)
    if receiver is None:
        empty = _ON_NULL.get(name)
        return empty(args) if empty else None
    kind = type_name(receiver)
    function = METHODS.get(kind, {}).get(name) or METHODS["any"].get(name)
    if function is None and kind == "link" and name in METHODS["string"]:
        # String methods read a link as its text: `file.embeds[0].containsAny("jpg")`.
        return METHODS["string"][name](to_text(receiver), args, scope, pos)
    if function is None:
        raise EvalError(f"`{name}()` does not apply to a {kind}", pos)
    return function(receiver, args, scope, pos)


# A missing property is null; asking about it answers as an empty value would.
_ON_NULL: dict[str, Callable[[list], Any]] = {
    "isEmpty": lambda args: True, "isTruthy": lambda args: False,
    "toString": lambda args: "", "isType": lambda args: bool(args) and to_text(args[0]) == "null",
    "contains": lambda args: False, "containsAny": lambda args: False,
    "containsAll": lambda args: False, "startsWith": lambda args: False,
    "endsWith": lambda args: False, "hasTag": lambda args: False, "hasLink": lambda args: False,
    "hasProperty": lambda args: False, "inFolder": lambda args: False,
}


def _text(value: Any, what: str, pos: int) -> str:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (list, dict)):
        raise EvalError(f"{what} must be text, not {type_name(value)}", pos)
    return to_text(value)


def _int(value: Any, what: str, pos: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise EvalError(f"{what} must be a number, not {type_name(value)}", pos)
    return int(value)


def to_number(value: Any, pos: int) -> Any:
    value = as_file(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Date):
        return int(dates.between(value, Date(dates.EPOCH)).ms)
    if isinstance(value, Duration):
        return value.total_ms
    text = to_text(value).strip()
    try:
        number = float(text) if text else 0
    except ValueError:
        raise EvalError(f"`{text}` is not a number", pos) from None
    return int(number) if float(number).is_integer() and "." not in text and "e" not in \
        text.lower() else number


# --- Any ------------------------------------------------------------------------------

@method("any", args=(0, 0))
def isTruthy(receiver, args, scope, pos):  # noqa: N802 - Obsidian's names
    return truthy(receiver)


_TYPE_ALIASES = {"text": "string", "bool": "boolean", "checkbox": "boolean", "array": "list"}


@method("any", args=(1, 1))
def isType(receiver, args, scope, pos):  # noqa: N802
    wanted = to_text(args[0]).lower()
    return type_name(receiver) == _TYPE_ALIASES.get(wanted, wanted)


@method("any", args=(0, 0))
def toString(receiver, args, scope, pos):  # noqa: N802
    return to_text(receiver)


@method("any", args=(0, 0))
def isEmpty(receiver, args, scope, pos):  # noqa: N802
    return is_empty(receiver)


# --- Text -----------------------------------------------------------------------------

@method("string", "contains", args=(1, 1))
def _text_contains(receiver, args, scope, pos):
    return args[0] is not None and to_text(args[0]) in receiver


@method("string", "containsAll", args=MANY)
def _text_contains_all(receiver, args, scope, pos):
    return all(a is not None and to_text(a) in receiver for a in args)


@method("string", "containsAny", args=MANY)
def _text_contains_any(receiver, args, scope, pos):
    return any(a is not None and to_text(a) in receiver for a in args)


@method("string", args=(1, 1))
def startsWith(receiver, args, scope, pos):  # noqa: N802
    return receiver.startswith(_text(args[0], "the start", pos))


@method("string", args=(1, 1))
def endsWith(receiver, args, scope, pos):  # noqa: N802
    return receiver.endswith(_text(args[0], "the end", pos))


@method("string")
def lower(receiver, args, scope, pos):
    return receiver.lower()


@method("string")
def upper(receiver, args, scope, pos):
    return receiver.upper()


@method("string")
def title(receiver, args, scope, pos):
    return re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), receiver)


@method("string")
def trim(receiver, args, scope, pos):
    return receiver.strip()


@method("string", args=(1, 1))
def repeat(receiver, args, scope, pos):
    count = _int(args[0], "the count", pos)
    if count < 0:
        raise EvalError("the count must not be negative", pos)
    return receiver * count


def _js_replacement(template: str) -> Callable[[re.Match], str]:
    """JavaScript's `$1`, `$<name>`, `$&` and `$$` in a replacement."""
    def expand(match: re.Match) -> str:
        def one(m: re.Match) -> str:
            token = m.group()
            if token == "$$":
                return "$"
            if token == "$&":
                return match.group()
            if token.startswith("$<"):
                return match.group(token[2:-1]) or ""
            number = int(token[1:])
            return (match.group(number) or "") if number <= (match.re.groups or 0) else token
        return re.sub(r"\$\$|\$&|\$<\w+>|\$\d{1,2}", one, template)
    return expand


@method("string", args=(2, 2))
def replace(receiver, args, scope, pos):
    pattern, replacement = args[0], _text(args[1], "the replacement", pos)
    if isinstance(pattern, Regex):
        count = 0 if "g" in pattern.flags else 1
        return pattern.compiled.sub(_js_replacement(replacement), receiver, count=count)
    return receiver.replace(_text(pattern, "the pattern", pos), replacement)


@method("string list", args=(0, 0))
def reverse(receiver, args, scope, pos):
    return receiver[::-1]


@method("string list", args=(1, 2))
def slice_(receiver, args, scope, pos):
    start = _int(args[0], "the start", pos)
    end = _int(args[1], "the end", pos) if len(args) > 1 and args[1] is not None else None
    return receiver[start:end]


@method("string", args=(1, 2))
def split(receiver, args, scope, pos):
    separator = args[0]
    if isinstance(separator, Regex):
        parts = separator.compiled.split(receiver)
    else:
        separator = _text(separator, "the separator", pos)
        parts = list(receiver) if separator == "" else receiver.split(separator)
    if len(args) > 1 and args[1] is not None:
        parts = parts[: max(0, _int(args[1], "the count", pos))]
    return parts


# --- Numbers --------------------------------------------------------------------------

def _number(receiver: Any) -> float:
    return receiver.total_ms if isinstance(receiver, Duration) else receiver


@method("number")
def abs_(receiver, args, scope, pos):
    return abs(receiver)


@method("number")
def ceil(receiver, args, scope, pos):
    return math.ceil(receiver)


@method("number")
def floor(receiver, args, scope, pos):
    return math.floor(receiver)


@method("number", args=(0, 1))
def round_(receiver, args, scope, pos):
    digits = _int(args[0], "the digits", pos) if args and args[0] is not None else 0
    scale = 10 ** digits
    # Math.round: halves go up (2.5 -> 3, -2.5 -> -2), unlike Python's round().
    value = math.floor(receiver * scale + 0.5) / scale
    return int(value) if digits <= 0 else value


@method("number", args=(0, 1))
def toFixed(receiver, args, scope, pos):  # noqa: N802
    digits = _int(args[0], "the precision", pos) if args else 0
    if not 0 <= digits <= 100:
        raise EvalError("the precision must be between 0 and 100", pos)
    # Exact binary value, halves away from zero: what JavaScript's toFixed() prints.
    return str(Decimal(receiver).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


# --- Lists ----------------------------------------------------------------------------

def _has(items: list, wanted: Any) -> bool:
    return any(equals(item, wanted) for item in items)


@method("list", "contains", args=(1, 1))
def _list_contains(receiver, args, scope, pos):
    return _has(receiver, args[0])


@method("list", "containsAll", args=MANY)
def _list_contains_all(receiver, args, scope, pos):
    return all(_has(receiver, a) for a in args)


@method("list", "containsAny", args=MANY)
def _list_contains_any(receiver, args, scope, pos):
    # `containsAny(this.topics)`: a list argument offers each of its items.
    wanted = [x for a in args for x in (a if isinstance(a, list) else [a])]
    return any(_has(receiver, a) for a in wanted)


def _each(receiver: list, args: list, scope: "Scope", pos: int, name: str):
    if not args or args[0] is None:
        raise EvalError(f"`{name}()` needs an expression using `value`", pos)
    body = args[0]
    for index, value in enumerate(receiver):
        yield value, body(scope.bind(value=value, index=index))


@method("list", args=(1, 1))
def filter_(receiver, args, scope, pos):
    return [value for value, keep in _each(receiver, args, scope, pos, "filter") if truthy(keep)]


@method("list", "map", args=(1, 1))
def map_(receiver, args, scope, pos):
    return [result for _, result in _each(receiver, args, scope, pos, "map")]


@method("list", args=(2, 2))
def reduce(receiver, args, scope, pos):
    body, acc = args
    if body is None:
        raise EvalError("`reduce()` needs an expression using `acc` and `value`", pos)
    for index, value in enumerate(receiver):
        acc = body(scope.bind(value=value, index=index, acc=acc))
    return acc


@method("list")
def flat(receiver, args, scope, pos):
    return [x for item in receiver for x in (item if isinstance(item, list) else [item])]


@method("list", args=(0, 1))
def join(receiver, args, scope, pos):
    separator = _text(args[0], "the separator", pos) if args else ","
    return separator.join(to_text(item) for item in receiver)


@method("list")
def sort(receiver, args, scope, pos):
    collate = scope.env.collate
    return sorted(receiver, key=lambda item: sort_key(item, collate))


@method("list")
def unique(receiver, args, scope, pos):
    kept: list = []
    for item in receiver:
        if not _has(kept, item):
            kept.append(item)
    return kept


@method("list")
def mean(receiver, args, scope, pos):
    numbers = [_number(x) for x in receiver if isinstance(x, (int, float, Duration))
               and not isinstance(x, bool)]
    return statistics.fmean(numbers) if numbers else None


# --- Dates ----------------------------------------------------------------------------

@method("date", "date")
def _date_only(receiver, args, scope, pos):
    value = receiver.value
    return Date(value.replace(hour=0, minute=0, second=0, microsecond=0), False)


@method("date", args=(1, 1))
def format_(receiver, args, scope, pos):
    return dates.format_moment(receiver, _text(args[0], "the format", pos), scope.env.language)


@method("date")
def time(receiver, args, scope, pos):
    return receiver.value.strftime("%H:%M:%S")


@method("date")
def relative(receiver, args, scope, pos):
    return dates.relative(receiver, scope.env.clock, scope.env.language)


# --- Links and files ------------------------------------------------------------------

def _file_of(link: Link, scope: "Scope") -> FileRecord | None:
    return scope.env.files.get(link.resolved) if link.resolved else None


@method("link")
def asFile(receiver, args, scope, pos):  # noqa: N802
    return _file_of(receiver, scope)


@method("link", args=(1, 1))
def linksTo(receiver, args, scope, pos):  # noqa: N802
    source = _file_of(receiver, scope)
    return source is not None and hasLink(source, args, scope, pos)


@method("file", args=(0, 1))
def asLink(receiver, args, scope, pos):  # noqa: N802
    display = to_text(args[0]) if args and args[0] is not None else None
    return Link(receiver.path, receiver.path, display)


def _target_key(value: Any, scope: "Scope") -> tuple[str, str] | None:
    if isinstance(value, str):
        link = scope.env.make_link(value)
        return ("path", link.resolved) if link.resolved else ("text", link.target)
    return link_key(value)


@method("file", args=(1, 1))
def hasLink(receiver, args, scope, pos):  # noqa: N802
    wanted = _target_key(as_file(args[0]), scope)
    if wanted is None:
        return False
    # Embeds link too: Obsidian's backlinks and graph count them.
    return any(link_key(link) == wanted for link in receiver.links + receiver.embeds)


@method("file", args=(1, 1))
def hasProperty(receiver, args, scope, pos):  # noqa: N802
    folded = _text(args[0], "the property name", pos).casefold()
    return any(key.casefold() == folded for key in receiver.properties)


@method("file", args=MANY)
def hasTag(receiver, args, scope, pos):  # noqa: N802
    tags = [tag.casefold() for tag in receiver.tags]
    for arg in args:
        wanted = _text(arg, "a tag", pos).lstrip("#").casefold()
        if any(tag == wanted or tag.startswith(wanted + "/") for tag in tags):
            return True
    return False


@method("file", args=(1, 1))
def inFolder(receiver, args, scope, pos):  # noqa: N802
    folder = _text(args[0], "the folder", pos).strip("/")
    return not folder or receiver.folder == folder or receiver.folder.startswith(folder + "/")


# --- Objects and regular expressions --------------------------------------------------

@method("object")
def keys(receiver, args, scope, pos):
    return list(receiver.keys())


@method("object")
def values(receiver, args, scope, pos):
    return list(receiver.values())


@method("regexp", args=(1, 1))
def matches(receiver, args, scope, pos):
    return receiver.compiled.search(_text(args[0], "the text", pos)) is not None


_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "g": 0, "u": 0}


def compile_regex(pattern: str, flags: str, pos: int) -> Regex:
    """A JavaScript regular expression literal as a Python pattern."""
    bits = 0
    for flag in flags:
        if flag not in _FLAGS:
            raise ParseError(f"unknown regular expression flag `{flag}`", pos)
        bits |= _FLAGS[flag]
    python = re.sub(r"\(\?<(?![=!])", "(?P<", pattern)
    python = re.sub(r"\\k<(\w+)>", r"(?P=\1)", python).replace("\\/", "/")
    try:
        return Regex(pattern, flags, re.compile(python, bits))
    except re.error as error:
        raise ParseError(f"bad regular expression: {error}", pos) from None


ALL_METHODS = frozenset(name for table in METHODS.values() for name in table)
