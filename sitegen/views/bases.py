"""A `.base` document (a file or a ```base block) read into a model, every expression located."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from .evaluate import Compiled, compile_with_names
from .expr import BAD, UNSUPPORTED, ExprError

VIEW_TYPES = ("table", "cards", "list")
FILTER_OPS = ("and", "or", "not")


@dataclass
class Expression:
    """One expression as written in the base, compiled, or with the error that stopped it."""

    source: str
    label: str                     # what it is, for messages: "filter", "formula `x`"
    line: int                      # where the source text starts (1-based)
    col: int
    compiled: Compiled | None = None
    error: ExprError | None = None
    names: set[str] = field(default_factory=set)   # bare names used: `this`, properties, …
    _lines: tuple[tuple[int, int, int], ...] = ()  # (offset, line, col) of each source line

    def position(self, offset: int) -> tuple[int, int]:
        """line:col in the file of an offset inside the source."""
        line, col, start = self.line, self.col, 0
        for begin, at_line, at_col in self._lines:
            if begin <= offset:
                start, line, col = begin, at_line, at_col
        return line, col + (offset - start)


@dataclass
class FilterNode:
    """`and`/`or`/`not` over children, or one expression (`op == "expr"`)."""

    op: str
    children: list["FilterNode"] = field(default_factory=list)
    expr: Expression | None = None


@dataclass(frozen=True)
class PropertyRef:
    """A property named in a view (`note.author`, `file.name`, `formula.x`) and where."""

    id: str
    line: int
    col: int


@dataclass(frozen=True)
class SortKey:
    prop: PropertyRef
    descending: bool = False


@dataclass
class ViewSpec:
    type: str
    name: str
    line: int
    col: int
    end_line: int = 0              # the last line of the view's YAML, for its diagnostics
    filters: FilterNode | None = None
    order: list[PropertyRef] = field(default_factory=list)
    sort: list[SortKey] = field(default_factory=list)
    group_by: SortKey | None = None
    limit: int | None = None
    summaries: dict[str, tuple[str, PropertyRef]] = field(default_factory=dict)
    image: PropertyRef | None = None
    options: dict[str, Any] = field(default_factory=dict)  # every key as written (cardSize, …)

    @property
    def supported(self) -> bool:
        return self.type in VIEW_TYPES


@dataclass
class Base:
    path: str
    filters: FilterNode | None = None
    formulas: dict[str, Expression] = field(default_factory=dict)
    display_names: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, Expression] = field(default_factory=dict)
    views: list[ViewSpec] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def uses_this(self) -> bool:
        """Whether any expression reads `this`: if not, every note embedding the base sees
        the same rows, and the build can evaluate it once."""
        expressions = list(self.formulas.values()) + list(self.summaries.values())
        filters = [self.filters] + [view.filters for view in self.views]
        while filters:
            node = filters.pop()
            if node is not None:
                expressions.extend([node.expr] if node.expr else [])
                filters.extend(node.children)
        return any("this" in expression.names for expression in expressions)

    def view(self, name: str | None = None) -> ViewSpec | None:
        """The named view (`![[X.base#Name]]`), or the first one."""
        if name is None:
            return self.views[0] if self.views else None
        return next((v for v in self.views if v.name == name), None)


def property_id(name: str) -> str:
    """`author` and `note.author` are one property; `file.x` and `formula.x` keep their prefix."""
    name = name.strip()
    if name.startswith(("note.", "file.", "formula.")):
        return name
    return "note." + name


def parse_base(text: str, path: str, line: int = 1, col: int = 1) -> Base:
    """Read a base. `line`/`col` say where `text` starts in `path` (a ```base block in a
    note starts below its fence), so every position reported is in that file."""
    reader = _Reader(text, path, line, col)
    base = Base(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        base.diagnostics.append(Diagnostic(path, line, col, BAD, "the base is nested too deeply"))
        return base
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        at = reader.at(mark.line, mark.column) if mark else (line, col)
        base.diagnostics.append(Diagnostic(path, at[0], at[1], BAD,
                                           f"the base is not valid YAML: {problem}"))
        return base
    reader.diagnostics = base.diagnostics
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        reader.bad(root, "a base is a mapping with `filters`, `formulas`, `properties` and `views`")
        return base
    top = reader.mapping(root)
    if "filters" in top:
        base.filters = reader.filter(top["filters"][1], "filter")
    for name, node in reader.section(top, "formulas"):
        base.formulas[name] = reader.expression(node, f"formula `{name}`")
    for name, node in reader.section(top, "properties"):
        config = reader.mapping(node) if isinstance(node, yaml.MappingNode) else {}
        if "displayName" in config:
            base.display_names[property_id(name)] = reader.text(config["displayName"][1])
    for name, node in reader.section(top, "display"):  # the older `display: {note.x: Name}`
        base.display_names.setdefault(property_id(name), reader.text(node))
    for name, node in reader.section(top, "summaries"):
        base.summaries[name] = reader.expression(node, f"summary `{name}`")
    if "views" in top:
        views = top["views"][1]
        if isinstance(views, yaml.SequenceNode):
            found = (reader.view(node, i) for i, node in enumerate(views.value))
            base.views = [view for view in found if view]
        elif not _is_null(views):
            reader.bad(views, "`views` is a list of views")
    if not base.views:
        # Obsidian shows a base without views as one table of file names.
        base.views.append(ViewSpec("table", "Table", line, col))
    base.diagnostics.sort()
    return base


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


class _Reader:
    """Walks the composed YAML nodes, keeping positions and collecting diagnostics."""

    def __init__(self, text: str, path: str, line: int, col: int):
        self.lines = text.split("\n")
        self.path, self.line, self.col = path, line, col
        self.diagnostics: list[Diagnostic] = []
        self.constructor = yaml.SafeLoader("")

    def at(self, line0: int, col0: int) -> tuple[int, int]:
        """A 0-based position in the text as 1-based line:col in the file."""
        return self.line + line0, (self.col if line0 == 0 else 1) + col0

    def report(self, node: yaml.Node, code: str, message: str) -> None:
        line, col = self.at(node.start_mark.line, node.start_mark.column)
        self.diagnostics.append(Diagnostic(self.path, line, col, code, message))

    def bad(self, node: yaml.Node, message: str) -> None:
        self.report(node, BAD, message)

    def construct(self, node: yaml.Node) -> Any:
        """A node's Python value; a tag or timestamp the safe loader refuses is reported."""
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            self.bad(node, f"this value cannot be read: {str(error).splitlines()[0]}")
            return None

    def mapping(self, node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if _is_null(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, "expected a mapping of names to values here")
            return {}
        return {str(self.construct(k)): (k, v) for k, v in node.value}

    def section(self, top: dict, key: str) -> list[tuple[str, yaml.Node]]:
        """The (name, value node) pairs of a top-level mapping such as `formulas`."""
        if key not in top:
            return []
        return [(name, node) for name, (_, node) in self.mapping(top[key][1]).items()]

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.bad(node, "expected a single value here")
            return None
        return self.construct(node)

    def text(self, node: yaml.Node) -> str:
        value = self.scalar(node)
        return "" if value is None else str(value)

    def prop(self, node: yaml.Node) -> PropertyRef | None:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            self.bad(node, "expected a property name such as `note.author` or `file.name`")
            return None
        line, col = self.at(node.start_mark.line, node.start_mark.column)
        return PropertyRef(property_id(node.value), line, col)

    def expression(self, node: yaml.Node, label: str) -> Expression:
        if not isinstance(node, yaml.ScalarNode):
            self.bad(node, f"{label}: an expression is one line of text")
            return Expression("", label, *self.at(node.start_mark.line, node.start_mark.column),
                              error=ExprError("not text"))
        expression = self._located(node, label)
        try:
            expression.compiled, expression.names = compile_with_names(node.value)
        except ExprError as error:
            expression.error = error
            line, col = expression.position(error.pos)
            self.diagnostics.append(Diagnostic(self.path, line, col, error.code,
                                               f"{label}: {error.message}"))
        return expression

    def _located(self, node: yaml.ScalarNode, label: str) -> Expression:
        start = node.start_mark
        if node.style in ("|", ">"):
            # A block scalar's text starts on the next line, at its indentation.
            lines, offset, first = [], 0, start.line + 1
            body = [raw for raw in self.lines[first:] if raw.strip()]
            indent = len(body[0]) - len(body[0].lstrip(" ")) if body else 0
            for k, part in enumerate(node.value.split("\n")):
                lines.append((offset, *self.at(first + k, indent)))
                offset += len(part) + 1
            return Expression(node.value, label, lines[0][1], lines[0][2], _lines=tuple(lines))
        # Plain and quoted scalars: exact on one line; past a fold, counted from the start.
        quoted = 1 if node.style in ("'", '"') else 0
        line, col = self.at(start.line, start.column + quoted)
        return Expression(node.value, label, line, col)

    def filter(self, node: yaml.Node, label: str) -> FilterNode | None:
        if isinstance(node, yaml.ScalarNode):
            if _is_null(node):
                return None
            return FilterNode("expr", expr=self.expression(node, label))
        if isinstance(node, yaml.MappingNode):
            entries = self.mapping(node)
            ops = [op for op in entries if op in FILTER_OPS]
            if len(ops) != 1 or len(entries) != 1:
                self.bad(node, "a filter group has exactly one of `and`, `or` or `not`")
                if not ops:
                    return None
            op = ops[0]
            items = entries[op][1]
            if isinstance(items, yaml.ScalarNode) and not _is_null(items):
                children = [self.filter(items, label)]
            elif isinstance(items, yaml.SequenceNode):
                children = [self.filter(item, label) for item in items.value]
            else:
                children = []
            return FilterNode(op, [c for c in children if c is not None])
        self.bad(node, "a filter is an expression or a group of `and`, `or` or `not`")
        return None

    def view(self, node: yaml.Node, index: int) -> ViewSpec | None:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, "each view is a mapping with `type` and `name`")
            return None
        entries = self.mapping(node)
        options = {key: self.construct(value)
                   for key, (_, value) in entries.items()}
        kind = str(options.get("type") or "table")
        name = str(options.get("name") or f"View {index + 1}")
        line, col = self.at(node.start_mark.line, node.start_mark.column)
        # A block mapping ends where the next item starts: its last line is the one before.
        end = node.end_mark
        last = end.line if self.lines[end.line][:end.column].strip(" -") else end.line - 1
        end_line = self.at(last, 0)[0]
        view = ViewSpec(kind, name, line, col, end_line, options=options)
        if kind not in VIEW_TYPES:
            self.report(entries["type"][1], UNSUPPORTED,
                        f"view `{name}`: the `{kind}` layout is not supported; "
                        "it is shown as a table")
        if "filters" in entries:
            view.filters = self.filter(entries["filters"][1], f"view `{name}` filter")
        if "order" in entries:
            order = entries["order"][1]
            if isinstance(order, yaml.SequenceNode):
                view.order = [p for p in (self.prop(item) for item in order.value) if p]
            elif not _is_null(order):
                self.bad(order, "`order` is a list of properties")
        if "sort" in entries:
            view.sort = self.sort_keys(entries["sort"][1])
        if "groupBy" in entries:
            keys = self.sort_keys(entries["groupBy"][1], single=True)
            view.group_by = keys[0] if keys else None
        if "limit" in entries:
            limit = options.get("limit")
            if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
                view.limit = limit
            elif limit is not None:
                self.bad(entries["limit"][1], "`limit` is a whole number of rows")
        if "summaries" in entries:
            for prop_name, (key_node, value) in self.mapping(entries["summaries"][1]).items():
                ref = self.prop(key_node)
                if ref:
                    view.summaries[ref.id] = (self.text(value), ref)
        if "image" in entries and not _is_null(entries["image"][1]):
            view.image = self.prop(entries["image"][1])
        return view

    def sort_keys(self, node: yaml.Node, single: bool = False) -> list[SortKey]:
        items = [node] if single or isinstance(node, yaml.MappingNode) else (
            node.value if isinstance(node, yaml.SequenceNode) else [])
        keys: list[SortKey] = []
        for item in items:
            if isinstance(item, yaml.ScalarNode) and not _is_null(item):
                ref = self.prop(item)  # a bare property name sorts ascending
                keys.extend([SortKey(ref)] if ref else [])
                continue
            entries = self.mapping(item)
            # `property:` today, `column:` in bases written by early versions.
            target = entries.get("property") or entries.get("column")
            if target is None:
                self.bad(item, "a sort key names its `property` and `direction` (ASC or DESC)")
                continue
            ref = self.prop(target[1])
            direction = "ASC"
            if "direction" in entries:
                direction = self.text(entries["direction"][1]).upper()
            if direction not in ("ASC", "DESC"):
                self.bad(entries["direction"][1], "`direction` is ASC or DESC")
            if ref:
                keys.append(SortKey(ref, direction == "DESC"))
        return keys
