"""Bases methods of any value, of text and of numbers."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from .expr import EvalError
from .registry import MANY, MAX_TEXT, method, need_int, need_text
from .values import Regex, is_empty, to_text, truthy, type_name


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
    return receiver.startswith(need_text(args[0], "the start", pos))


@method("string", args=(1, 1))
def endsWith(receiver, args, scope, pos):  # noqa: N802
    return receiver.endswith(need_text(args[0], "the end", pos))


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
    count = need_int(args[0], "the count", pos)
    if count < 0 or len(receiver) * count > MAX_TEXT:
        raise EvalError(f"the count must be between 0 and {MAX_TEXT // max(1, len(receiver))}", pos)
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
    pattern, replacement = args[0], need_text(args[1], "the replacement", pos)
    if isinstance(pattern, Regex):
        count = 0 if "g" in pattern.flags else 1
        return pattern.compiled.sub(_js_replacement(replacement), receiver, count=count)
    return receiver.replace(need_text(pattern, "the pattern", pos), replacement)


@method("string list", args=(0, 0))
def reverse(receiver, args, scope, pos):
    return receiver[::-1]


@method("string list", args=(1, 2))
def slice_(receiver, args, scope, pos):
    start = need_int(args[0], "the start", pos)
    end = need_int(args[1], "the end", pos) if len(args) > 1 and args[1] is not None else None
    return receiver[start:end]


@method("string", args=(1, 2))
def split(receiver, args, scope, pos):
    separator = args[0]
    if isinstance(separator, Regex):
        parts = separator.compiled.split(receiver)
    else:
        separator = need_text(separator, "the separator", pos)
        parts = list(receiver) if separator == "" else receiver.split(separator)
    if len(args) > 1 and args[1] is not None:
        parts = parts[: max(0, need_int(args[1], "the count", pos))]
    return parts


# --- Numbers --------------------------------------------------------------------------

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
    digits = need_int(args[0], "the digits", pos) if args and args[0] is not None else 0
    scale = 10 ** digits
    # Math.round: halves go up (2.5 -> 3, -2.5 -> -2), unlike Python's round().
    value = math.floor(receiver * scale + 0.5) / scale
    return int(value) if digits <= 0 else value


@method("number", args=(0, 1))
def toFixed(receiver, args, scope, pos):  # noqa: N802
    digits = need_int(args[0], "the precision", pos) if args else 0
    if not 0 <= digits <= 100:
        raise EvalError("the precision must be between 0 and 100", pos)
    # Exact binary value, halves away from zero: what JavaScript's toFixed() prints.
    return str(Decimal(receiver).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
