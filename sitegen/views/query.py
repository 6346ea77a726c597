"""Running a base over the vault's files: filters, formulas, sort, groups, limit, summaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..diagnostics import Diagnostic
from .bases import Base, Expression, FilterNode, PropertyRef, SortKey, ViewSpec
from .evaluate import Environment, Scope
from .expr import FAILED, EvalError, ExprError
from .members import FILE_FIELDS, property_of
from .summaries import BUILT_IN, summarize
from .values import FileRecord, Link, equals, is_empty, sort_key, truthy


@dataclass(frozen=True)
class Column:
    id: str        # `note.author`, `file.name`, `formula.x`
    name: str      # the display name
    kind: str      # note, file or formula


@dataclass
class Row:
    file: FileRecord
    cells: list[Any]           # one typed value per column
    image: Any = None          # the card image (cards views with `image`)


@dataclass
class Summary:
    column: str                # column id
    name: str                  # the summary as the view names it (`Average`)
    value: Any


@dataclass
class Group:
    key: Any                   # the groupBy value (None for the empty group)
    rows: list[Row]
    summaries: list[Summary] = field(default_factory=list)


@dataclass
class ViewResult:
    spec: ViewSpec
    columns: list[Column]
    groups: list[Group]        # one group with key None when the view is not grouped
    summaries: list[Summary]   # over all rows shown
    total: int                 # rows that passed the filters, before `limit`
    notices: list[Diagnostic]  # what could not be shown as written: this view's lines and
                               # the shared sections (filters, formulas, summaries)

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def grouped(self) -> bool:
        return self.spec.group_by is not None


@dataclass
class BaseResult:
    views: list[ViewResult]
    diagnostics: list[Diagnostic]

    def view(self, name: str | None = None) -> ViewResult | None:
        if name is None:
            return self.views[0] if self.views else None
        return next((v for v in self.views if v.spec.name == name), None)

    @property
    def listed(self) -> list[str]:
        """Every file a view shows, once, by path: the targets of the `base` graph edges."""
        return sorted({row.file.path for view in self.views for row in view.rows})


def run_base(base: Base, files: Iterable[FileRecord], *, this: FileRecord | None,
             clock: dt.datetime, collate: Callable[[str], Any] | None = None,
             resolve: Callable[[str, str], str | None] | None = None, language: str = "en",
             view: str | None = None) -> BaseResult:
    """Evaluate every view of `base` (or only `view`) over `files`.

    `this` is the note showing the base (the base file itself on its own page);
    `clock` is "now"; `collate` sorts text in the site language; `resolve(target,
    from_path)` finds the vault path of a link target. Diagnostics: the base's own, plus
    each failing expression once, at its line:col.
    """
    files = list(files)
    env = Environment(clock=clock, files={f.path: f for f in files}, language=language,
                      this=this, source_path=base.path)
    if collate is not None:
        env.collate = collate
    if resolve is not None:
        env.resolve = resolve
    runner = _Runner(base, env)
    specs = base.views if view is None else [v for v in base.views if v.name == view]
    results = [runner.view(spec, files) for spec in specs]
    diagnostics = sorted(set(base.diagnostics) | set(runner.reported))
    for result in results:
        result.notices = [d for d in diagnostics if _belongs(d, result.spec, base)]
    return BaseResult(results, diagnostics)


class _Runner:
    def __init__(self, base: Base, env: Environment):
        self.base, self.env = base, env
        self.reported: list[Diagnostic] = []
        self._seen: set[tuple] = set()
        self.shared: list[tuple[Scope, bool | None]] | None = None
        env.formulas = {name: self._formula(expr) for name, expr in base.formulas.items()}

    # --- errors ---------------------------------------------------------------------

    def report(self, line: int, col: int, code: str, message: str) -> None:
        key = (line, col, code, message.split(" (first in ")[0])
        if key in self._seen:
            return
        self._seen.add(key)
        self.reported.append(Diagnostic(self.base.path, line, col, code, message))

    def failed(self, expr: Expression, error: ExprError, file: FileRecord | None) -> None:
        line, col = expr.position(error.pos)
        where = f" (first in {file.path})" if file is not None else ""
        self.report(line, col, error.code, f"{expr.label}: {error.message}{where}")

    def run(self, expr: Expression, scope: Scope) -> tuple[bool, Any]:
        """(True, value), or (False, None) when the expression cannot be evaluated."""
        if expr.compiled is None:
            return False, None
        try:
            return True, expr.compiled(scope)
        except ExprError as error:
            self.failed(expr, error, scope.file)
            return False, None
        except (ArithmeticError, ValueError) as error:
            self.failed(expr, EvalError(f"the value is out of range ({error})"), scope.file)
            return False, None
        except Exception as error:  # noqa: BLE001 - a sitegen bug must not stop the build
            problem = f"sitegen could not evaluate this ({type(error).__name__})"
            self.failed(expr, EvalError(problem), scope.file)
            return False, None

    def _formula(self, expr: Expression) -> Callable[[Scope], Any]:
        def formula(scope: Scope) -> Any:
            return self.run(expr, scope)[1]
        return formula

    # --- filters --------------------------------------------------------------------

    def keep(self, node: FilterNode | None, scope: Scope) -> bool | None:
        """True/False, or None when nothing in the node could be evaluated (it is then
        left out, so an unsupported condition shows more rows rather than none)."""
        if node is None:
            return None
        if node.op == "expr":
            ok, value = self.run(node.expr, scope)
            if not ok:
                # Broken or unsupported: leave it out; a failure on data means "no match".
                return None if node.expr.compiled is None else False
            return truthy(value)
        results = [r for r in (self.keep(child, scope) for child in node.children) if r is not None]
        if not results:
            return None
        if node.op == "and":
            return all(results)
        if node.op == "or":
            return any(results)
        return not any(results)  # `not`: none of them

    # --- properties -----------------------------------------------------------------

    def value(self, ref: PropertyRef, scope: Scope) -> Any:
        prefix, _, name = ref.id.partition(".")
        if prefix == "note":
            return property_of(scope.file, name)
        if prefix == "formula":
            if name not in self.env.formulas:
                self.report(ref.line, ref.col, FAILED, f"there is no formula named `{name}`")
                return None
            return scope.formula(name, 0)
        if name == "name":
            # The name column is the row's link, shown as Obsidian shows note names.
            file = scope.file
            return Link(file.path, file.path, FILE_FIELDS["name"](file))
        field_of = FILE_FIELDS.get(name)
        if field_of is None:
            self.report(ref.line, ref.col, FAILED, f"files have no field `{name}`")
            return None
        return field_of(scope.file)

    def column(self, ref: PropertyRef) -> Column:
        prefix, _, name = ref.id.partition(".")
        default = f"file {name}" if prefix == "file" else name
        return Column(ref.id, self.base.display_names.get(ref.id, default), prefix)

    # --- a view ---------------------------------------------------------------------

    def view(self, spec: ViewSpec, files: Sequence[FileRecord]) -> ViewResult:
        if self.shared is None:
            # One scope per file for all views: formulas and the global filter run once.
            self.shared = [(s, self.keep(self.base.filters, s))
                           for s in (Scope(self.env, file) for file in files)]
        scopes = [scope for scope, verdict in self.shared
                  if verdict is not False and self.keep(spec.filters, scope) is not False]
        total = len(scopes)
        scopes = self.sorted(scopes, spec)
        if spec.limit is not None:
            scopes = scopes[: spec.limit]
        refs = spec.order or [PropertyRef("file.name", spec.line, spec.col)]
        columns = [self.column(ref) for ref in refs]
        rows = [Row(s.file, [self.value(ref, s) for ref in refs],
                    self.value(spec.image, s) if spec.image else None) for s in scopes]
        groups = self.grouped(spec, scopes, rows)
        for group in groups:
            group.summaries = self.summaries(spec, columns, group.rows) if spec.group_by else []
        summaries = self.summaries(spec, columns, rows)
        return ViewResult(spec, columns, groups, summaries, total, [])

    def sorted(self, scopes: list[Scope], spec: ViewSpec) -> list[Scope]:
        collate = self.env.collate
        # Without sort keys rows come in name order; the path breaks ties, so it is total.
        scopes = sorted(scopes, key=lambda s: (collate(s.file.name), s.file.path))
        keys = ([spec.group_by] if spec.group_by else []) + spec.sort
        for key in reversed(keys):
            scopes = self._sort_by(scopes, key)
        return scopes

    def _sort_by(self, scopes: list[Scope], key: SortKey) -> list[Scope]:
        collate = self.env.collate
        valued = [(self.value(key.prop, s), s) for s in scopes]
        present = [(v, s) for v, s in valued if not is_empty(v)]
        empty = [s for v, s in valued if is_empty(v)]
        present.sort(key=lambda pair: sort_key(pair[0], collate), reverse=key.descending)
        return [s for _, s in present] + empty  # empty values last, either direction

    def grouped(self, spec: ViewSpec, scopes: list[Scope], rows: list[Row]) -> list[Group]:
        if spec.group_by is None:
            return [Group(None, rows)]
        groups: list[Group] = []
        for scope, row in zip(scopes, rows):
            key = self.value(spec.group_by.prop, scope)
            if groups and equals(groups[-1].key, key):
                groups[-1].rows.append(row)
            else:
                groups.append(Group(key, [row]))
        return groups

    def summaries(self, spec: ViewSpec, columns: list[Column], rows: list[Row]) -> list[Summary]:
        found: list[Summary] = []
        index = {column.id: i for i, column in enumerate(columns)}
        for column_id, (name, ref) in spec.summaries.items():
            if column_id in index:
                values = [row.cells[index[column_id]] for row in rows]
            else:
                values = [self.value(ref, Scope(self.env, row.file)) for row in rows]
            found.append(Summary(column_id, name, self.summary(name, values, ref)))
        return found

    def summary(self, name: str, values: list[Any], ref: PropertyRef) -> Any:
        if name.lower() in BUILT_IN:
            return summarize(name.lower(), values)
        custom = self.base.summaries.get(name)
        if custom is None:
            self.report(ref.line, ref.col, FAILED, f"there is no summary named `{name}`")
            return None
        scope = Scope(self.env, None, {"values": values})
        return self.run(custom, scope)[1]


def _belongs(diagnostic: Diagnostic, spec: ViewSpec, base: Base) -> bool:
    """A diagnostic concerns a view when it is inside the view's YAML, or outside every view."""
    inside = [v for v in base.views if v.line <= diagnostic.line <= v.end_line]
    return not inside or spec in inside
