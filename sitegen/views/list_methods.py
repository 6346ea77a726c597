"""Bases methods of lists, objects and regular expressions."""

from __future__ import annotations

import re
import statistics
from typing import TYPE_CHECKING, Any

from .expr import EvalError, ParseError
from .registry import MANY, as_number, method, need_text
from .values import Duration, Regex, equals, sort_key, to_text, truthy

if TYPE_CHECKING:
    from .evaluate import Scope


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
    separator = need_text(args[0], "the separator", pos) if args else ","
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
    numbers = [as_number(x) for x in receiver if isinstance(x, (int, float, Duration))
               and not isinstance(x, bool)]
    return statistics.fmean(numbers) if numbers else None


# --- Objects and regular expressions --------------------------------------------------

@method("object")
def keys(receiver, args, scope, pos):
    return list(receiver.keys())


@method("object")
def values(receiver, args, scope, pos):
    return list(receiver.values())


@method("regexp", args=(1, 1))
def matches(receiver, args, scope, pos):
    return receiver.compiled.search(need_text(args[0], "the text", pos)) is not None


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
