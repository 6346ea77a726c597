"""Render one typed property value as HTML, and the rows of a note's properties panel.

API (also for any view that shows notes by their properties):

- `render_value(value, refs)` → HTML for one `TypedValue` (sitegen.collect.properties):
  text with its `[[links]]` as links (a whole-value URL as an external link), lists and
  aliases as chips, tags as chips linked to their tag pages, numbers, checkboxes (disabled),
  dates and dates with time in the site language inside `<time>`. Every piece of text is
  escaped; hrefs start with ROOT like every internal href.
- `note_refs(model, src)` → the `ValueRefs` that resolve links as written in note `src`
  (through the model's resolved property links) and tags to tag pages.
- `is_shown(key, config)` and `property_rows(model, src)`: what the panel under a note's
  title shows (visible keys, non-empty values, in the note's order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from markdown_it.common.utils import escapeHtml

from ..collect.model import Model, href_of
from ..collect.properties import TypedValue, wikilinks_in
from ..collect.slugs import encode_href
from ..i18n import format_date, strings
from ..syntax import ROOT
from ..syntax.tags import tag_key
from ..syntax.wikilinks import render_unresolved
from .reading import CREATED_KEYS, MODIFIED_KEYS

# Keys sitegen shows elsewhere on the page (title, aliases, tags, date, the meta description)
# or that only steer publishing and styling.
HIDDEN_BY_DEFAULT = frozenset({
    "title", "aliases", "alias", "tags", "tag", "cssclasses", "cssclass", "publish", "dg-publish",
    "draft", "permalink", "description", "date", "lang",
}) | frozenset(CREATED_KEYS + MODIFIED_KEYS)  # shown under the title (emit/reading.py)
_URL_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class ValueRefs:
    """What a value needs from the site: hrefs for link targets and tags, and the language."""

    link: Callable[[str], str | None]  # wikilink target as written → href, None if unresolved
    tag: Callable[[str], str | None]  # tag as written → href of its tag page, None if none
    language: str


def _text_html(text: str, refs: ValueRefs) -> str:
    stripped = text.strip()
    if stripped.lower().startswith(_URL_SCHEMES) and not any(c.isspace() for c in stripped):
        return f'<a class="external" href="{escapeHtml(stripped)}">{escapeHtml(stripped)}</a>'
    out, pos = [], 0
    for start, end, target, label, _ in wikilinks_in(text):
        out.append(escapeHtml(text[pos:start]))
        href = refs.link(target)
        out.append(render_unresolved(label, target) if href is None else
                   f'<a class="internal" href="{escapeHtml(href)}">{escapeHtml(label)}</a>')
        pos = end
    out.append(escapeHtml(text[pos:]))
    return "".join(out)


def _when(value: dt.date, refs: ValueRefs) -> str:
    text = format_date(value, refs.language)
    if isinstance(value, dt.datetime):
        text += value.strftime(", %H:%M")
    return f'<time datetime="{value.isoformat()}">{escapeHtml(text)}</time>'


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))


def render_value(value: TypedValue, refs: ValueRefs) -> str:
    """HTML for one typed value (see the module docstring); "" for an empty one."""
    kind, data = value.type, value.value
    if value.empty:
        return ""
    if kind == "tags":
        chips = []
        for tag in data:
            href = refs.tag(tag)
            inner = (f'<a class="tag" href="{escapeHtml(href)}">{escapeHtml(tag)}</a>' if href
                     else escapeHtml(tag))
            chips.append(f"<li>{inner}</li>")
        return f'<ul class="chips">{"".join(chips)}</ul>'
    if kind in ("multitext", "aliases"):
        return ('<ul class="chips">' + "".join(f'<li class="chip">{_text_html(item, refs)}</li>'
                                               for item in data) + "</ul>")
    if kind == "number":
        return f'<span class="number">{_number(data)}</span>'
    if kind == "checkbox":
        label = strings(refs.language)["yes" if data else "no"]
        return f'<input type="checkbox" disabled{" checked" if data else ""} aria-label="{label}">'
    if kind in ("date", "datetime"):
        return _when(data, refs)
    return _text_html(str(data), refs)


def note_refs(model: Model, src: str) -> ValueRefs:
    """Links resolved as written in note `src`; tags to their tag pages."""
    hrefs = {l.fact.target: href_of(model, l) for l in model.links.get(src, ())
             if l.fact.kind == "property"}

    def tag(name: str) -> str | None:
        found = model.tags.get(tag_key(name))
        return ROOT + encode_href(found.url) if found else None

    return ValueRefs(hrefs.get, tag, model.config.language)


def is_shown(key: str, config) -> bool:
    """Keys in `show_properties` always; otherwise neither hidden by default nor listed in
    `hidden_properties` ("*" there hides every key not in `show_properties`)."""
    folded = key.casefold()
    if folded in {k.casefold() for k in config.show_properties}:
        return True
    hidden = {k.casefold() for k in config.hidden_properties}
    return "*" not in hidden and folded not in hidden and folded not in HIDDEN_BY_DEFAULT


def property_rows(model: Model, src: str) -> list[dict]:
    """The properties panel of a note: `key`, `type` and `html` of each shown, non-empty value."""
    note = model.notes[src]
    refs = None
    rows = []
    for key, value in note.values.items():
        if value.empty or not is_shown(key, model.config):
            continue
        refs = refs or note_refs(model, src)
        rows.append({"key": key, "type": value.type, "html": render_value(value, refs)})
    return rows
