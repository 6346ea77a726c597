"""Bases operators on values: `+ - * / %` with dates and durations, comparisons, equality."""

from __future__ import annotations

import math
from typing import Any, Callable

from . import dates
from .expr import EvalError
from .values import Date, Duration, equals, to_text, type_name


ORDER = {"<": lambda o: o < 0, ">": lambda o: o > 0, "<=": lambda o: o <= 0,
          ">=": lambda o: o >= 0}


def coerce_dates(a: Any, b: Any) -> tuple[Any, Any]:
    """A date compared with text reads the text as a date (`due > "2025-01-01"`)."""
    if isinstance(a, Date) and isinstance(b, str):
        b = dates.parse_date(b) or b
    elif isinstance(b, Date) and isinstance(a, str):
        a = dates.parse_date(a) or a
    return a, b


def equal(a: Any, b: Any) -> bool:
    return equals(*coerce_dates(a, b))


def arith_number(value: Any, op: str, pos: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Duration)):
        raise EvalError(f"`{op}` needs numbers, not {_kind(value)}", pos)
    return value.total_ms if isinstance(value, Duration) else value


def _kind(value: Any) -> str:
    kind = type_name(value)
    return {"string": "text", "null": "an empty value"}.get(kind, f"a {kind}")


def _span(value: Any, pos: int) -> Duration | None:
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        span = dates.parse_duration(value)
        if span is None:
            raise EvalError(f"`{value}` is not a duration (like `1d` or `2 weeks`)", pos)
        return span
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Duration(0, float(value))
    return None


def _add(a: Any, b: Any, pos: int) -> Any:
    if isinstance(a, Date) or isinstance(b, Date):
        date, other = (a, b) if isinstance(a, Date) else (b, a)
        span = _span(other, pos) if other is not None else None
        if other is None:
            return None
        if span is None:
            raise EvalError(f"a date plus {_kind(other)} has no meaning", pos)
        return dates.shift(date, span, 1, pos)
    if isinstance(a, str) or isinstance(b, str):
        return to_text(a) + to_text(b)
    if a is None or b is None:
        return None
    if isinstance(a, Duration) and isinstance(b, Duration):
        return Duration(a.months + b.months, a.ms + b.ms)
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    return arith_number(a, "+", pos) + arith_number(b, "+", pos)


def _subtract(a: Any, b: Any, pos: int) -> Any:
    if a is None or b is None:
        return None
    if isinstance(a, Date):
        if isinstance(b, Date):
            return dates.between(a, b)
        span = _span(b, pos)
        if span is None:
            raise EvalError(f"a date minus {_kind(b)} has no meaning", pos)
        return dates.shift(a, span, -1, pos)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return Duration(a.months - b.months, a.ms - b.ms)
    return arith_number(a, "-", pos) - arith_number(b, "-", pos)


def _numeric(op: str, function: Callable[[float, float], float]) -> Callable:
    def apply(a: Any, b: Any, pos: int) -> Any:
        if a is None or b is None:
            return None
        if isinstance(a, Duration) and op in "*/" and not isinstance(b, Duration):
            factor = arith_number(b, op, pos)
            if op == "/" and factor == 0:
                return None
            scale = factor if op == "*" else 1 / factor
            return Duration(0, a.total_ms * scale)
        x, y = arith_number(a, op, pos), arith_number(b, op, pos)
        if op in "/%" and y == 0:
            return None  # JavaScript gives Infinity or NaN; an empty cell reads better
        result = function(x, y)
        return int(result) if isinstance(result, float) and result.is_integer() and \
            isinstance(x, int) and isinstance(y, int) and op != "/" else result
    return apply


def _js_mod(x: float, y: float) -> float:
    result = math.fmod(x, y)
    return int(result) if isinstance(x, int) and isinstance(y, int) else result


ARITH = {"+": _add, "-": _subtract, "*": _numeric("*", lambda x, y: x * y),
          "/": _numeric("/", lambda x, y: x / y), "%": _numeric("%", _js_mod)}
