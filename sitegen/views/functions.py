"""The global Bases functions: `date()`, `duration()`, `file()`, `link()`, `list()`, `now()`, …"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any, Callable

from . import dates
from .expr import EvalError
from .methods import to_number
from .values import (Date, Duration, FileRecord, Icon, Image, Link, as_file, compare, is_empty, to_text,
                     truthy)

if TYPE_CHECKING:
    from .evaluate import Scope


def _need(args: list, low: int, high: int, name: str, pos: int) -> None:
    if not low <= len(args) <= high:
        count = f"{low}" if low == high else f"{low} to {high}"
        raise EvalError(f"`{name}()` takes {count} arguments, not {len(args)}", pos)


def _g_date(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "date", pos)
    value = as_file(args[0])
    if value is None or isinstance(value, Date):
        return value
    parsed = dates.parse_date(to_text(value))
    if parsed is None:
        raise EvalError(f"`{to_text(value)}` is not a date (YYYY-MM-DD HH:mm:ss)", pos)
    return parsed


def _g_duration(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "duration", pos)
    if isinstance(args[0], Duration) or args[0] is None:
        return args[0]
    span = dates.parse_duration(to_text(args[0]))
    if span is None:
        raise EvalError(f"`{to_text(args[0])}` is not a duration (like `1d` or `2 weeks`)", pos)
    return span


def _g_file(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "file", pos)
    value = as_file(args[0])
    if value is None or isinstance(value, FileRecord):
        return value
    files = scope.env.files
    if isinstance(value, Link):
        return files.get(value.resolved) if value.resolved else None
    path = to_text(value)
    found = files.get(path) or files.get(path + ".md")
    if found is None:
        resolved = scope.env.make_link(path).resolved
        found = files.get(resolved) if resolved else None
    return found


def _g_link(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 2, "link", pos)
    target = as_file(args[0])
    display = to_text(args[1]) if len(args) > 1 and args[1] is not None else None
    if target is None:
        return None
    if isinstance(target, FileRecord):
        return Link(target.path, target.path, display)
    if isinstance(target, Link):
        return Link(target.target, target.resolved, display or target.display, target.subpath)
    return scope.env.make_link(to_text(target), display)


def _g_list(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "list", pos)
    value = args[0]
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _extreme(pick: Callable) -> Callable:
    def function(scope: Scope, args: list, pos: int) -> Any:
        values = []
        for arg in args:
            values.extend(arg if isinstance(arg, list) else [arg])
        values = [v for v in values if v is not None]
        if not values:
            return None
        best = values[0]
        for value in values[1:]:
            order = compare(value, best, scope.env.collate)
            if order is None:
                raise EvalError("`min()`/`max()` need numbers or dates of one kind", pos)
            if pick(order):
                best = value
        return best
    return function


def _g_number(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "number", pos)
    return to_number(args[0], pos)


def _g_now(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 0, 0, "now", pos)
    return Date(scope.env.clock, True)


def _g_today(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 0, 0, "today", pos)
    clock = scope.env.clock
    return Date(dt.datetime(clock.year, clock.month, clock.day), False)


def _g_image(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "image", pos)
    return None if args[0] is None else Image(as_file(args[0]))


def _g_icon(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "icon", pos)
    return Icon(to_text(args[0]))


def _g_escape(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "escapeHTML", pos)
    return html.escape(to_text(args[0]))


# `not()` and `empty()` come from the first Bases releases; Obsidian still reads them and vaults
# such as kepano's still write them (`not(empty(note.last))`).
def _g_not(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "not", pos)
    return not truthy(args[0])


def _g_empty(scope: Scope, args: list, pos: int) -> Any:
    _need(args, 1, 1, "empty", pos)
    return is_empty(args[0])


GLOBALS: dict[str, Callable[["Scope", list, int], Any]] = {
    "date": _g_date, "duration": _g_duration, "file": _g_file, "link": _g_link,
    "list": _g_list, "max": _extreme(lambda order: order > 0),
    "min": _extreme(lambda order: order < 0), "number": _g_number, "now": _g_now,
    "today": _g_today, "image": _g_image, "icon": _g_icon, "escapeHTML": _g_escape,
    "not": _g_not, "empty": _g_empty,
}
UNSUPPORTED_GLOBALS = {
    "random": "a static site cannot show a new random number on each visit",
    "html": "raw HTML from a base is not published",
}
