"""The Bases evaluator: an AST compiled once to Python closures, then run per file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .expr import (Binary, BadReference, Call, EvalError, Index, ListLit, Literal, Member, Name,
                   Node, ObjectLit, ParseError, RegexLit, Unary, Unsupported, names_in, parse)
from .functions import GLOBALS, UNSUPPORTED_GLOBALS
from .members import get_index, get_member, property_of
from .methods import ALL_METHODS, LAZY_METHODS, call_method, compile_regex
from .operators import ARITH, ORDER, arith_number, coerce_dates, equal
from .values import Duration, FileRecord, Link, ThisRef, compare, to_text, truthy

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
    # Calls with only literal arguments (`link("Books")`) give one value per evaluation.
    constants: dict = field(default_factory=dict, repr=False)

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
    return compile_with_names(source)[0]


def compile_with_names(source: str) -> tuple[Compiled, set[str]]:
    """The compiled expression and the bare names it uses (see expr.names_in)."""
    try:
        node = parse(source)
        return compile_node(node), names_in(node)
    except RecursionError:
        raise ParseError("the expression is nested too deeply", 0) from None


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
    if all(isinstance(arg, Literal) for arg in node.args):
        values = [arg.value for arg in node.args]

        def constant(scope: Scope) -> Any:
            cache = scope.env.constants
            if node not in cache:
                cache[node] = function(scope, values, pos)
            return cache[node]
        return constant
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
        number = arith_number(value, node.op, pos)
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
        return lambda scope: equal(left(scope), right(scope)) != negated
    if op in ORDER:
        test = ORDER[op]

        def ordered(scope: Scope) -> bool:
            a, b = coerce_dates(left(scope), right(scope))
            order = compare(a, b, scope.env.collate)
            return order is not None and test(order)
        return ordered
    arith = ARITH[op]
    return lambda scope: arith(left(scope), right(scope), pos)
