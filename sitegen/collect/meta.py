"""Front matter: split it off a note, load it as safe YAML, and normalise the keys sitegen knows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import SafeLoader  # python-frontmatter's choice: C loader if built

from ..diagnostics import Diagnostic
from ..faults import attempt
from ..textsafe import plain_line
from ..syntax.markdown import LinkFact
from .notedates import DATE_KEYS, OUT_OF_RANGE, out_of_range, to_utc
from .properties import Property, read_properties

_FENCE = re.compile(r"^-{3,}[ \t]*$")
_TAG_SPLIT = re.compile(r"[,\s]+")
UTC = dt.timezone.utc


@dataclass
class NoteMeta:
    """The front matter keys sitegen uses, already checked and normalised."""

    title: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date: dt.datetime | None = None  # always timezone-aware UTC
    date_has_time: bool = False
    description: str = ""
    permalink: str = ""
    cssclasses: tuple[str, ...] = ()
    published: bool = True
    opted_in: bool = False  # `publish: true` or `dg-publish: true`: published in "opt-in" mode
    lang: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    properties: tuple[Property, ...] = ()  # every key in order, read as Obsidian reads it
    links: tuple[LinkFact, ...] = ()  # the links written in property values

    def is_published(self, mode: str = "all") -> bool:
        """Published under the config's `publish` mode ("all" or "opt-in")."""
        return self.published and (self.opted_in or mode != "opt-in")


def key_position(meta: NoteMeta, key: str) -> tuple[int, int]:
    """File line and column of a front-matter key's value, (1, 1) when the key is absent."""
    return next(((p.line, p.col) for p in meta.properties if p.key == key), (1, 1))


@dataclass
class SplitNote:
    yaml_text: str | None
    body: str
    body_line: int  # 1-based file line where the body starts


def split_front_matter(text: str) -> tuple[SplitNote, str | None]:
    """Front matter exists only when the very first line is `---`; returns (split, problem)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return SplitNote(None, text, 1), None
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]) or lines[i].rstrip() == "...":
            return SplitNote("\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2), None
    return SplitNote(None, text, 1), "front matter is not closed: add a line `---` after it"


def _where(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 2, mark.column + 1  # +2: 0-based, and the opening `---` line


def _scalar_text(node: yaml.Node) -> str | None:
    """The text as written: `lang: no` stays "no" instead of YAML 1.1's False."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return None


def _string_list(node: yaml.Node, split: re.Pattern | None) -> list[str] | None:
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            text = _scalar_text(item)
            if text is None:
                return None
            items.append(text)
        return items
    text = _scalar_text(node)
    if text is None:
        return None
    if node.tag.endswith(":null"):
        return []
    return split.split(text) if split else [text]


_SAFE_TAGS = {f"tag:yaml.org,2002:{t}" for t in
              ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def _check_tree(node: yaml.Node, problems: list[tuple[yaml.Node, str]]) -> None:
    """Keys must be unique plain strings; only the plain YAML types are allowed."""
    if node.tag not in _SAFE_TAGS:
        problems.append((node, f"YAML tag '{node.tag}' is not allowed in front matter"))
        return
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not (isinstance(key, yaml.ScalarNode) and key.tag.endswith(":str")):
                problems.append((key, "front matter keys must be plain strings"))
            elif key.value in keys:
                first = _where(keys[key.value])[0]
                problems.append((key, f"duplicate key '{key.value}' (first on line {first})"))
            else:
                keys[key.value] = key
            _check_tree(value, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_tree(item, problems)


def _first_anchor(text: str) -> yaml.Mark | None:
    """Where the first anchor or alias is: they make "billion laughs" expansions possible."""
    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event.start_mark
    return None


def _yaml_error(exc: yaml.YAMLError, file: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    hint = ""
    if "\t" in problem or "'\\t'" in problem:
        hint = " (a tab character: indent YAML with spaces)"
    elif "mapping values are not allowed" in problem:
        hint = " (a value containing ': ' must be quoted)"
    return Diagnostic(file, line, col, "bad-front-matter", f"YAML: {problem}{hint}")


def load_meta(yaml_text: str | None, file: str) -> tuple[NoteMeta, list[Diagnostic]]:
    """Load and check front matter. Any problem leaves those keys at their defaults."""
    meta = NoteMeta()
    if yaml_text is None or not yaml_text.strip():
        return meta, []
    try:
        root = _compose(SafeLoader, yaml_text)
    except yaml.YAMLError:
        # Report with the pure-Python loader: its marks point at the offending
        # character itself, and its messages are the documented ones.
        try:
            _compose(yaml.SafeLoader, yaml_text)
        except yaml.YAMLError as exc:
            return meta, [_yaml_error(exc, file)]
        return meta, [Diagnostic(file, 2, 1, "bad-front-matter", "YAML could not be read")]
    if root is None:
        return meta, []
    if not isinstance(root, yaml.MappingNode):
        line, col = _where(root)
        return meta, [Diagnostic(file, line, col, "bad-front-matter",
                                 "front matter must be a mapping of keys to values")]
    anchor = _first_anchor(yaml_text)
    if anchor is not None:
        return meta, [Diagnostic(file, anchor.line + 2, anchor.column + 1, "bad-front-matter",
                                 "YAML anchors and aliases are not allowed in front matter")]
    problems: list[tuple[yaml.Node, str]] = []
    _check_tree(root, problems)
    if problems:
        return meta, [Diagnostic(file, *_where(n), "bad-front-matter", msg) for n, msg in problems]
    diags: list[Diagnostic] = []
    meta.properties, meta.links = read_properties(root, yaml_text.split("\n"))
    for key_node, value_node in root.value:
        # One key that breaks the loader (a date past year 9999 in its zone…) loses only itself.
        problem = attempt(file, f"reading '{key_node.value}'", diags,
                          lambda: _apply_key(meta, key_node.value, value_node), None,
                          value_node.start_mark.line + 2)
        if problem:
            code = "date-out-of-range" if problem == OUT_OF_RANGE else "bad-front-matter"
            diags.append(Diagnostic(file, *_where(value_node), code, f"'{key_node.value}': {problem}"))
    return meta, diags


def _compose(loader_class, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    loader = SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _apply_key(meta: NoteMeta, key: str, node: yaml.Node) -> str | None:
    """Set one known key on `meta`; returns a problem description or None."""
    if key in ("title", "description", "permalink", "lang"):
        text = _scalar_text(node)
        if text is None:
            return "expected text"
        # A quoted "\e" or "\0" is legal YAML: it must not reach <title>, a heading or the feed.
        setattr(meta, key, plain_line(text))
    elif key in ("aliases", "alias"):
        items = _string_list(node, None)
        if items is None:
            return "expected a list of names"
        meta.aliases = meta.aliases + tuple(a for a in map(plain_line, items) if a)
    elif key in ("tags", "tag"):
        items = _string_list(node, _TAG_SPLIT)
        if items is None:
            return "expected a list of tags"
        tags = (t.strip().lstrip("#").strip("/") for t in items)
        meta.tags = meta.tags + tuple(re.sub(r"\s+", "-", t) for t in tags if t)
    elif key in ("cssclasses", "cssclass"):
        items = _string_list(node, _TAG_SPLIT)
        if items is None:
            return "expected a list of class names"
        meta.cssclasses = meta.cssclasses + tuple(c for c in items if c)
    elif key == "date":
        try:
            value = _construct(node)
        except (yaml.YAMLError, ValueError) as exc:
            return f"not a valid date ({exc}); the page shows no date"
        converted = to_utc(value)
        if converted is None and out_of_range(value):
            return OUT_OF_RANGE
        if converted is None:
            return "not a valid date (write it as YYYY-MM-DD); the page shows no date"
        meta.date, meta.date_has_time = converted
    elif key in ("draft", "publish", "dg-publish"):
        try:
            value = _construct(node)
        except (yaml.YAMLError, ValueError):  # `publish: 2024-02-30`: a date that is none
            value = None
        if not isinstance(value, bool):
            return "expected true or false"
        if key == "draft":
            meta.published = meta.published and not value
        else:  # Obsidian Publish's `publish`, Digital Garden's `dg-publish`
            meta.published = meta.published and value
            meta.opted_in = meta.opted_in or value
    else:
        try:
            meta.extra[key] = _construct(node)
        except ValueError:
            meta.extra[key] = _construct_lenient(node)
        except yaml.YAMLError as exc:
            return str(exc)
        if key.casefold() in DATE_KEYS and out_of_range(meta.extra[key]):
            return OUT_OF_RANGE  # kept as a property, never taken as the note's date
    return None


def _construct_lenient(node: yaml.Node) -> Any:
    """Construct `node`, keeping as text any timestamp-shaped scalar that is no real date
    (`2025-13-45`), as Obsidian does, instead of failing the whole value."""
    try:
        return _construct(node)
    except ValueError:
        if isinstance(node, yaml.SequenceNode):
            return [_construct_lenient(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            return {str(k.value): _construct_lenient(v) for k, v in node.value}
        return str(node.value)

