"""The method registry: methods by receiver type, argument counts, null-safe dispatch."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable

from . import dates
from .expr import EvalError
from .values import Date, Duration, as_file, to_text, type_name

if TYPE_CHECKING:
    from .evaluate import Scope

Method = Callable[[Any, list, "Scope", int], Any]
METHODS: dict[str, dict[str, Method]] = {}


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
MAX_TEXT = 1_000_000  # a repeat() past this is a mistake, not a cell to publish


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


def need_text(value: Any, what: str, pos: int) -> str:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (list, dict)):
        raise EvalError(f"{what} must be text, not {type_name(value)}", pos)
    return to_text(value)


def need_int(value: Any, what: str, pos: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
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


def as_number(receiver: Any) -> float:
    return receiver.total_ms if isinstance(receiver, Duration) else receiver
