"""Raw HTML in notes: an allow-list sanitizer (nh3) over the rendered body, and a detector for warnings."""

from __future__ import annotations

import re

import nh3

MATHML = {
    "math", "mi", "mn", "mo", "ms", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mtext", "mspace", "mtable", "mtr", "mtd", "munder", "mover", "munderover",
    "mstyle", "semantics", "annotation", "mpadded", "mphantom", "menclose", "merror",
}
TAGS = nh3.ALLOWED_TAGS | MATHML | {
    "audio", "video", "source", "iframe", "input", "section", "figure", "figcaption", "s",
}
COMMON = {"class", "id", "title", "lang", "dir", "role", "aria-hidden", "aria-label"}
ATTRIBUTES = {
    "*": COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "width", "height", "poster"},
    "source": {"src", "type"},
    "iframe": {"src", "loading", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "math": {"display", "xmlns"},
    "annotation": {"encoding"},
}
# Presentation attributes latex2mathml emits (accents, matrices, sizes, fonts).
_MATH_ATTRS = {"accent", "accentunder", "mathvariant", "mathsize", "columnalign", "columnlines",
               "rowlines", "rowspacing", "columnspacing", "frame", "minsize", "maxsize", "stretchy",
               "fence", "separator", "lspace", "rspace", "displaystyle", "scriptlevel", "width",
               "height", "depth", "linethickness", "notation", "form", "symmetric", "movablelimits"}
for _tag in MATHML - {"math", "annotation"}:
    ATTRIBUTES[_tag] = _MATH_ATTRS
# Tables from markdown-it use style="text-align:…"; only that property survives.
_FILTER_STYLE = re.compile(r"^text-align:\s*(left|right|center)$")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        return value if _FILTER_STYLE.match(value.strip()) else None
    if tag == "iframe" and attr == "src" and ":" in value.split("/")[0]:
        return None  # our PDF embeds only: an iframe never loads another site
    if tag == "input" and attr == "type" and value != "checkbox":
        return None
    return value


def clean_html(html: str) -> str:
    """Keep what Markdown and sitegen produce; drop scripts, handlers, javascript:/data: URLs."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


_DANGER = [
    (re.compile(r"<\s*script", re.I), "<script>"),
    (re.compile(r"<\s*(iframe|object|embed|frame)", re.I), "an embedded frame"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"(javascript|vbscript|data)\s*:", re.I), "a javascript:/data: URL"),
    (re.compile(r"<\s*style", re.I), "<style>"),
]


def unsafe_html(fragment: str) -> str:
    """What in this raw HTML the sanitizer will remove ("" if nothing dangerous)."""
    for pattern, what in _DANGER:
        if pattern.search(fragment):
            return what
    return ""
