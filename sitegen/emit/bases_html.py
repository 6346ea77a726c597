"""A base's views as HTML (table, cards, list): cells as links, tag links, dates in the site language, chips."""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import escape

from ..collect.slugs import encode_href
from ..i18n import format_date
from ..syntax import ROOT
from ..syntax.tags import tag_key
from ..views.query import BaseResult, Column, Row, ViewResult
from ..views.values import Date, FileRecord, Image, Link, format_number, to_text

_TAG_COLUMNS = ("note.tags", "file.tags")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


class CellWriter:
    """Turns Bases values into HTML; `url_of(src)` is a vault path's site URL or None."""

    def __init__(self, url_of: Callable[[str], "str | None"], tag_url: Callable[[str], "str | None"],
                 language: str, names: Callable[[str], str]):
        self.url_of, self.tag_url, self.language, self.names = url_of, tag_url, language, names

    def href(self, src: str | None) -> str | None:
        url = self.url_of(src) if src else None
        return None if url is None else ROOT + encode_href(url)

    def link(self, value: Link) -> str:
        text = value.display if value.display is not None else (
            self.names(value.resolved) if value.resolved else value.target)
        if value.is_url:
            if value.target.lower().startswith(_SAFE_SCHEMES):
                return f'<a class="external" href="{escape(value.target)}">{escape(text)}</a>'
            return f"<span>{escape(text)}</span>"
        href = self.href(value.resolved)
        if href is None:
            return f'<span class="internal unresolved">{escape(text)}</span>'
        return f'<a class="internal" href="{escape(href + value.subpath)}">{escape(text)}</a>'

    def tag(self, name: str) -> str:
        url = self.tag_url(name)
        text = escape("#" + name.lstrip("#"))
        return f'<a class="tag" href="{escape(url)}">{text}</a>' if url else f'<span class="tag">{text}</span>'

    def value(self, value: Any, tags: bool = False) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, list):
            items = "".join(f"<li>{self.value(v, tags)}</li>" for v in value)
            return f'<ul class="base-chips">{items}</ul>'
        if isinstance(value, bool):
            return "✓" if value else "✗"
        if isinstance(value, (int, float)):
            return escape(format_number(value))
        if isinstance(value, Date):
            return escape(format_date(value.value, self.language, value.has_time))
        if isinstance(value, Link):
            return self.link(value)
        if isinstance(value, FileRecord):
            return self.link(Link(value.path, value.path))
        if isinstance(value, str) and tags:
            return self.tag(value)
        return str(escape(to_text(value)))


def _cells(writer: CellWriter, columns: list[Column], row: Row) -> list[str]:
    return [writer.value(v, c.id in _TAG_COLUMNS) for c, v in zip(columns, row.cells)]


def _summary_row(writer: CellWriter, view: ViewResult, summaries, label: str) -> str:
    if not summaries:
        return ""
    by_column = {s.column: s for s in summaries}
    cells = []
    for column in view.columns:
        found = by_column.get(column.id)
        cells.append(f'<td><span class="base-summary-name">{escape(found.name)}</span> '
                     f"{writer.value(found.value)}</td>" if found else "<td></td>")
    return f'<tfoot><tr class="base-summary" aria-label="{escape(label)}">{"".join(cells)}</tr></tfoot>'


def _table(writer: CellWriter, view: ViewResult, strings: dict) -> str:
    head = "".join(f'<th scope="col">{escape(c.name)}</th>' for c in view.columns)
    bodies = []
    for group in view.groups:
        rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in _cells(writer, view.columns, row))
                       + "</tr>" for row in group.rows)
        caption = ""
        if view.grouped:
            name = writer.value(group.key) or escape(strings.get("base_no_value", "—"))
            caption = (f'<tr class="base-group"><th scope="rowgroup" colspan="{len(view.columns)}">'
                       f"{name}</th></tr>")
        bodies.append(f"<tbody>{caption}{rows}</tbody>")
    foot = _summary_row(writer, view, view.summaries, strings.get("base_summary", "Summary"))
    return (f'<div class="base-table-wrap" tabindex="0" role="region" aria-label="{escape(view.spec.name)}">'
            f'<table class="base-table"><thead><tr>{head}</tr></thead>{"".join(bodies)}{foot}</table></div>')


def _card_image(writer: CellWriter, value: Any) -> str:
    source = value.source if isinstance(value, Image) else value
    if isinstance(source, list):
        source = source[0] if source else None
    url = None
    if isinstance(source, Link):
        url = source.target if source.is_url and source.target.startswith(_SAFE_SCHEMES[:2]) \
            else writer.href(source.resolved)
    elif isinstance(source, str) and source.startswith(_SAFE_SCHEMES[:2]):
        url = source
    if not url:
        return '<div class="base-card-image base-card-noimage"></div>'
    return f'<div class="base-card-image"><img src="{escape(url)}" alt="" loading="lazy"></div>'


def _entries(writer: CellWriter, view: ViewResult, cards: bool) -> str:
    out = []
    for group in view.groups:
        items = []
        for row in group.rows:
            cells = _cells(writer, view.columns, row)
            parts = []
            for column, cell in zip(view.columns, cells):
                if not cell:
                    continue
                if column.id == "file.name":
                    parts.append(f'<p class="base-entry-title">{cell}</p>')
                else:
                    parts.append(f'<p class="base-entry-prop"><span class="base-entry-label">'
                                 f'{escape(column.name)}</span> {cell}</p>')
            image = _card_image(writer, row.image) if cards and view.spec.image else ""
            items.append(f'<li class="base-{"card" if cards else "item"}">{image}{"".join(parts)}</li>')
        heading = ""
        if view.grouped:
            heading = f'<p class="base-group-name">{writer.value(group.key) or "—"}</p>'
        out.append(f'{heading}<ul class="base-{"cards" if cards else "list"}">{"".join(items)}</ul>')
    return "".join(out)


def render_view(writer: CellWriter, view: ViewResult, strings: dict, title: bool = True) -> str:
    """One view: its name, its rows in its layout (unknown layouts as a table), its notices."""
    if view.spec.type == "cards":
        body = _entries(writer, view, True)
    elif view.spec.type == "list":
        body = _entries(writer, view, False)
    else:
        body = _table(writer, view, strings)
    if not view.rows:
        body = f'<p class="base-empty">{escape(strings.get("base_empty", "No results"))}</p>'
    notices = "".join(f"<li>{escape(d.message)} ({d.line}:{d.col})</li>" for d in view.notices)
    notice = f'<div class="base-notices" role="note"><ul>{notices}</ul></div>' if notices else ""
    shown = len(view.rows)
    key = "base_count_one" if shown == 1 and "base_count_one" in strings else "base_count"
    count = escape(strings.get(key, "{n} results").format(n=shown))
    name = f'<p class="base-view-name">{escape(view.spec.name)} <span class="base-count">{count}</span></p>' \
        if title else ""
    return (f'<section class="base-view base-view-{escape(view.spec.type)}" '
            f'aria-label="{escape(view.spec.name)}">{name}{notice}{body}</section>')


def render_base(writer: CellWriter, result: BaseResult, strings: dict, view: str | None = None,
                all_views: bool = False) -> str:
    """All views (a base page), the named one, or the first one (an embed)."""
    views = result.views if all_views else [v for v in [result.view(view)] if v is not None]
    if not views:
        message = strings.get("base_no_view", "No view named {name}").format(name=view or "")
        return f'<div class="base base-missing" role="note">{escape(message)}</div>\n'
    return '<div class="base">' + "".join(render_view(writer, v, strings) for v in views) + "</div>\n"


def writer_for(model) -> CellWriter:
    """A CellWriter over a collected model's URLs and tags."""
    def url_of(src: str) -> str | None:
        if src in model.notes or src in model.views or src in model.files:
            return model.url_of(src)
        return None

    def tag_url(name: str) -> str | None:
        tag = model.tags.get(tag_key(name.lstrip("#")))
        return None if tag is None else ROOT + encode_href(tag.url)

    def names(src: str) -> str:
        if src in model.notes:
            return model.notes[src].title
        return src.rsplit("/", 1)[-1]
    return CellWriter(url_of, tag_url, model.config.language, names)
