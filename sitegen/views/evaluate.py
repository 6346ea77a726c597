"""The Bases evaluator: an AST compiled once to Python closures, then run per file."""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from . import dates
from .expr import (Binary, BadReference, Call, EvalError, Index, ListLit, Literal, Member, Name,
                   Node, ObjectLit, ParseError, RegexLit, Unary, Unsupported, parse)
from .members import get_index, get_member, property_of
from .methods import ALL_METHODS, LAZY_METHODS, call_method, compile_regex, to_number
from .values import (Date, Duration, FileRecord, Icon, Image, Link, ThisRef, as_file, compare,
                     equals, to_text, truthy, type_name)

Compiled = Callable[["Scope"], Any]


def _plain_key(text: str) -> tuple:
    return (text.casefold(), text)


@dataclass
class Environment:
    """What an evaluation needs from the build; nothing here reads a clock or a disk.

    `clock` is "now" (naive UTC); `collate` the site language's sort key for text;
    `resolve(target, from_path)` finds the vault path a link target names, or None;
    `files` maps vault paths to records (for `asFile()`, `file()`); `source_path` is the
    file the expressions are written in (links in them resolve from there); `formulas`
    maps formula names to their evaluators (the base layer fills it in).
    """

    clock: dt.datetime
    collate: Callable[[str], Any] = _plain_key
    resolve: Callable[[str, str], str | None] = lambda target, from_path: None
    files: Mapping[str, FileRecord] = field(default_factory=dict)
    language: str = "en"
    this: FileRecord | None = None
    source_path: str = ""
    formulas: Mapping[str, Compiled] = field(default_factory=dict)

    def make_link(self, target: str, display: str | None = None) -> Link:
        """A Link from text as written in a base: `Books`, `[[Books|the books]]`, a URL."""
        text = target.strip()
        if text.startswith("[[") and text.endswith("]]"):
            text = text[2:-2]
            text, _, alias = text.partition("|")
            if display is None and alias:
                display = alias
        path, _, sub = text.partition("#")
        link = Link(path.strip(), None, display, "#" + sub if sub else "")
        if not link.is_url and link.target:
            link = Link(link.target, self.resolve(link.target, self.source_path), display,
                        link.subpath)
        return link


class Scope:
    """One evaluation: the row's file, bound names (`value`, `index`, `acc`, `values`) and
    the row's formula results (so a formula runs once per row)."""

    __slots__ = ("env", "file", "names", "cache", "active")

    def __init__(self, env: Environment, file: FileRecord | None, names: dict | None = None,
                 cache: dict | None = None, active: set | None = None):
        self.env = env
        self.file = file
        self.names = names or {}
        self.cache = {} if cache is None else cache
        self.active = set() if active is None else active

    def bind(self, **names: Any) -> "Scope":
        return Scope(self.env, self.file, {**self.names, **names}, self.cache, self.active)

    def formula(self, name: str, pos: int) -> Any:
        if name in self.cache:
            return self.cache[name]
        compiled = self.env.formulas.get(name)
        if compiled is None:
            raise BadReference(f"there is no formula named `{name}`", pos)
        if name in self.active:
            raise BadReference(f"formula `{name}` is part of a cycle: it depends on itself", pos)
        self.active.add(name)
        try:
            value = compiled(self)
        finally:
            self.active.discard(name)
        self.cache[name] = value
        return value


def compile_expression(source: str) -> Compiled:
    """Parse and compile; raises ParseError or Unsupported (with offsets) up front."""
    return compile_node(parse(source))


def compile_node(node: Node) -> Compiled:
    kind = type(node)
    if kind is Literal:
        value = node.value
        return lambda scope: value
    if kind is Name:
        return _compile_name(node)
    if kind is Member:
        return _compile_member(node)
    if kind is Index:
        return _compile_index(node)
    if kind is Call:
        return _compile_call(node)
    if kind is ListLit:
        items = [compile_node(item) for item in node.items]
        return lambda scope: [item(scope) for item in items]
    if kind is ObjectLit:
        pairs = [(key, compile_node(value)) for key, value in node.items]
        return lambda scope: {key: value(scope) for key, value in pairs}
    if kind is RegexLit:
        regex = compile_regex(node.pattern, node.flags, node.pos)
        return lambda scope: regex
    if kind is Unary:
        return _compile_unary(node)
    return _compile_binary(node)


def _compile_name(node: Name) -> Compiled:
    name, pos = node.name, node.pos
    if name == "file":
        return lambda scope: scope.file
    if name == "this":
        return lambda scope: ThisRef(scope.env.this)
    if name == "note":
        return lambda scope: dict(scope.file.properties) if scope.file else None
    if name == "formula":
        def whole(scope: Scope) -> Any:
            raise EvalError("`formula` needs a name: `formula.x`", pos)
        return whole

    def lookup(scope: Scope) -> Any:
        names = scope.names
        if name in names:
            return names[name]
        return property_of(scope.file, name)
    return lookup


def _compile_member(node: Member) -> Compiled:
    name, pos = node.name, node.pos
    if isinstance(node.obj, Name) and node.obj.name == "note":
        return lambda scope: property_of(scope.file, name)
    if isinstance(node.obj, Name) and node.obj.name == "formula":
        return lambda scope: scope.formula(name, pos)
    obj = compile_node(node.obj)
    return lambda scope: get_member(obj(scope), name, scope, pos)


def _compile_index(node: Index) -> Compiled:
    index, pos = compile_node(node.index), node.pos
    if isinstance(node.obj, Name) and node.obj.name in ("note", "formula"):
        is_formula = node.obj.name == "formula"

        def keyed(scope: Scope) -> Any:
            key = to_text(index(scope))
            return scope.formula(key, pos) if is_formula else property_of(scope.file, key)
        return keyed
    obj = compile_node(node.obj)
    return lambda scope: get_index(obj(scope), index(scope), scope, pos)


# --- Calls ------------------------------------------------------------------------------

def _compile_call(node: Call) -> Compiled:
    if isinstance(node.callee, Member):
        return _compile_method(node)
    name, pos = node.callee.name, node.pos
    if name == "if":
        return _compile_if(node)
    function = GLOBALS.get(name)
    if function is None:
        hint = UNSUPPORTED_GLOBALS.get(name, "sitegen does not know this function")
        raise Unsupported(f"function `{name}()` is not supported: {hint}", pos)
    args = [compile_node(arg) for arg in node.args]
    return lambda scope: function(scope, [arg(scope) for arg in args], pos)


def _compile_if(node: Call) -> Compiled:
    if not 2 <= len(node.args) <= 3:
        raise ParseError("`if()` takes a condition, a value and an optional other value", node.pos)
    condition, then = compile_node(node.args[0]), compile_node(node.args[1])
    otherwise = compile_node(node.args[2]) if len(node.args) == 3 else (lambda scope: None)
    return lambda scope: then(scope) if truthy(condition(scope)) else otherwise(scope)


def _compile_method(node: Call) -> Compiled:
    callee: Member = node.callee  # type: ignore[assignment]
    name, pos = callee.name, callee.pos
    if name not in ALL_METHODS:
        raise Unsupported(f"method `{name}()` is not supported: sitegen does not know it", pos)
    receiver = compile_node(callee.obj)
    if name in LAZY_METHODS:
        # filter/map/reduce run their first argument once per element, with `value` bound.
        body = compile_node(node.args[0]) if node.args else None
        rest = [compile_node(arg) for arg in node.args[1:]]
        return lambda scope: call_method(receiver(scope), name, [body] + [r(scope) for r in rest],
                                         scope, pos)
    args = [compile_node(arg) for arg in node.args]
    return lambda scope: call_method(receiver(scope), name, [a(scope) for a in args], scope, pos)


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


GLOBALS: dict[str, Callable[[Scope, list, int], Any]] = {
    "date": _g_date, "duration": _g_duration, "file": _g_file, "link": _g_link,
    "list": _g_list, "max": _extreme(lambda order: order > 0),
    "min": _extreme(lambda order: order < 0), "number": _g_number, "now": _g_now,
    "today": _g_today, "image": _g_image, "icon": _g_icon, "escapeHTML": _g_escape,
}
UNSUPPORTED_GLOBALS = {
    "random": "a static site cannot show a new random number on each visit",
    "html": "raw HTML from a base is not published",
}


# --- Operators --------------------------------------------------------------------------

def _compile_unary(node: Unary) -> Compiled:
    operand, pos = compile_node(node.operand), node.pos
    if node.op == "!":
        return lambda scope: not truthy(operand(scope))

    def negate(scope: Scope) -> Any:
        value = operand(scope)
        if value is None:
            return None
        if isinstance(value, Duration):
            return Duration(-value.months, -value.ms) if node.op == "-" else value
        number = _arith_number(value, node.op, pos)
        return -number if node.op == "-" else number
    return negate


def _compile_binary(node: Binary) -> Compiled:
    left, right, op, pos = compile_node(node.left), compile_node(node.right), node.op, node.pos
    if op == "&&":
        return lambda scope: truthy(left(scope)) and truthy(right(scope))
    if op == "||":
        return lambda scope: truthy(left(scope)) or truthy(right(scope))
    if op in ("==", "!="):
        negated = op == "!="
        return lambda scope: _equal(left(scope), right(scope)) != negated
    if op in _ORDER:
        test = _ORDER[op]

        def ordered(scope: Scope) -> bool:
            a, b = _coerce_dates(left(scope), right(scope))
            order = compare(a, b, scope.env.collate)
            return order is not None and test(order)
        return ordered
    arith = _ARITH[op]
    return lambda scope: arith(left(scope), right(scope), pos)


_ORDER = {"<": lambda o: o < 0, ">": lambda o: o > 0, "<=": lambda o: o <= 0,
          ">=": lambda o: o >= 0}


def _coerce_dates(a: Any, b: Any) -> tuple[Any, Any]:
    """A date compared with text reads the text as a date (`due > "2025-01-01"`)."""
    if isinstance(a, Date) and isinstance(b, str):
        b = dates.parse_date(b) or b
    elif isinstance(b, Date) and isinstance(a, str):
        a = dates.parse_date(a) or a
    return a, b


def _equal(a: Any, b: Any) -> bool:
    return equals(*_coerce_dates(a, b))


def _arith_number(value: Any, op: str, pos: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Duration)):
        raise EvalError(f"`{op}` needs numbers, not {_kind(value)}", pos)
    return value.total_ms if isinstance(value, Duration) else value


def _kind(value: Any) -> str:
    return {"string": "text", "null": "an empty value"}.get(type_name(value), f"a {type_name(value)}")


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
        return dates.shift(date, span)
    if isinstance(a, str) or isinstance(b, str):
        return to_text(a) + to_text(b)
    if a is None or b is None:
        return None
    if isinstance(a, Duration) and isinstance(b, Duration):
        return Duration(a.months + b.months, a.ms + b.ms)
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    return _arith_number(a, "+", pos) + _arith_number(b, "+", pos)


def _subtract(a: Any, b: Any, pos: int) -> Any:
    if a is None or b is None:
        return None
    if isinstance(a, Date):
        if isinstance(b, Date):
            return dates.between(a, b)
        span = _span(b, pos)
        if span is None:
            raise EvalError(f"a date minus {_kind(b)} has no meaning", pos)
        return dates.shift(a, span, -1)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return Duration(a.months - b.months, a.ms - b.ms)
    return _arith_number(a, "-", pos) - _arith_number(b, "-", pos)


def _numeric(op: str, function: Callable[[float, float], float]) -> Callable:
    def apply(a: Any, b: Any, pos: int) -> Any:
        if a is None or b is None:
            return None
        if isinstance(a, Duration) and op in "*/" and not isinstance(b, Duration):
            factor = _arith_number(b, op, pos)
            if op == "/" and factor == 0:
                return None
            scale = factor if op == "*" else 1 / factor
            return Duration(0, a.total_ms * scale)
        x, y = _arith_number(a, op, pos), _arith_number(b, op, pos)
        if op in "/%" and y == 0:
            return None  # JavaScript gives Infinity or NaN; an empty cell reads better
        result = function(x, y)
        return int(result) if isinstance(result, float) and result.is_integer() and \
            isinstance(x, int) and isinstance(y, int) and op != "/" else result
    return apply


def _js_mod(x: float, y: float) -> float:
    result = math.fmod(x, y)
    return int(result) if isinstance(x, int) and isinstance(y, int) else result


_ARITH = {"+": _add, "-": _subtract, "*": _numeric("*", lambda x, y: x * y),
          "/": _numeric("/", lambda x, y: x / y), "%": _numeric("%", _js_mod)}
