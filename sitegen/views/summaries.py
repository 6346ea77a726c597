"""The built-in Bases summaries (Average, Sum, Earliest, Filled, …) over a column's values."""

from __future__ import annotations

import math
import statistics
from typing import Any, Callable

from .dates import between
from .values import Date, describe, is_empty


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
            and not math.isnan(v)]


def _dates(values: list[Any]) -> list[Date]:
    return [v for v in values if isinstance(v, Date)]


def _tidy(number: float) -> float:
    return int(number) if float(number).is_integer() else number


def _range(values: list[Any]) -> Any:
    """Numbers: max − min. Dates: the span from the earliest to the latest."""
    numbers = _numbers(values)
    if numbers:
        return _tidy(max(numbers) - min(numbers))
    found = _dates(values)
    if found:
        return between(max(found, key=lambda d: d.value), min(found, key=lambda d: d.value))
    return None


def _on_numbers(function: Callable[[list[float]], float]) -> Callable[[list[Any]], Any]:
    def summary(values: list[Any]) -> Any:
        numbers = _numbers(values)
        return _tidy(function(numbers)) if numbers else None
    return summary


def _unique(values: list[Any]) -> int:
    # describe() is a canonical form, so equal values (1 and 1.0 aside) share it.
    return len({describe(v) for v in values if not is_empty(v)})


BUILT_IN: dict[str, Callable[[list[Any]], Any]] = {
    "average": _on_numbers(statistics.fmean),
    "min": _on_numbers(min),
    "max": _on_numbers(max),
    "sum": _on_numbers(math.fsum),
    "median": _on_numbers(statistics.median),
    # The population deviation: every row shown is the whole population.
    "stddev": _on_numbers(statistics.pstdev),
    "range": _range,
    "earliest": lambda values: min(_dates(values), key=lambda d: d.value, default=None),
    "latest": lambda values: max(_dates(values), key=lambda d: d.value, default=None),
    "checked": lambda values: sum(1 for v in values if v is True),
    "unchecked": lambda values: sum(1 for v in values if v is False),
    "empty": lambda values: sum(1 for v in values if is_empty(v)),
    "filled": lambda values: sum(1 for v in values if not is_empty(v)),
    "unique": _unique,
}


def summarize(name: str, values: list[Any]) -> Any:
    """The summary `name` (lower case, a key of BUILT_IN) of the values; None when no
    value has the type it needs."""
    return BUILT_IN[name](values)

