"""Raw HTML in notes: an allow-list sanitizer (nh3) over the rendered body, and a detector for warnings.

Nothing a note writes may run script or drive the theme's own scripts:

- iframes load only pages of this site (sitegen's PDF embeds) or hosts the
  site lists in `iframe_hosts` (see sitegen.syntax.hosts for how a `src` is read);
- `data-*` attributes are limited to the ones sitegen's renderer writes: the
  theme's scripts mount widgets from others (`data-graph`, `data-search-url`, …);
- no scripts, styles, event handlers, forms, `javascript:`/`data:` URLs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from .hosts import frame_allowed

MATHML = {
    "math", "mi", "mn", "mo", "ms", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mtext", "mspace", "mtable", "mtr", "mtd", "munder", "mover", "munderover",
    "mstyle", "semantics", "annotation", "mpadded", "mphantom", "menclose", "merror",
}
TAGS = nh3.ALLOWED_TAGS | MATHML | {
    "audio", "video", "source", "iframe", "input", "section", "figure", "figcaption", "s",
}
# The data attributes sitegen's own renderer writes (wikilinks and Markdown links:
# data-target, callouts: data-callout, tasks: data-task). The theme reads none of them.
DATA_ATTRIBUTES = {"data-target", "data-callout", "data-task"}
COMMON = {"class", "id", "title", "lang", "dir", "role", "aria-hidden", "aria-label"} | DATA_ATTRIBUTES
ATTRIBUTES = {
    "*": COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "width", "height", "poster"},
    "source": {"src", "type"},
    "iframe": {"src", "loading", "width", "height", "allow", "allowfullscreen", "referrerpolicy",
               "sandbox", "frameborder"},
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
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=8)
def _cleaner(iframe_hosts: tuple[str, ...]) -> nh3.Cleaner:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "style":
            return value if _FILTER_STYLE.match(value.strip()) else None
        if tag == "iframe" and attr == "src" and not frame_allowed(value, iframe_hosts):
            return None
        if tag == "input" and attr == "type" and value != "checkbox":
            return None
        return value

    return nh3.Cleaner(
        tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
        strip_comments=True, attribute_filter=attribute_filter,
    )


def clean_html(html: str, iframe_hosts: tuple[str, ...] = ()) -> str:
    """Keep what Markdown and sitegen produce; drop scripts, handlers, javascript:/data: URLs,
    iframes of hosts not in `iframe_hosts` and data attributes the renderer does not write."""
    return _cleaner(tuple(iframe_hosts)).clean(html)


_URL_ATTRS = {"href", "src", "poster", "action", "formaction", "xlink:href", "background", "cite"}
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
# Removed elements a reader would miss (everything else unknown keeps its text).
_REMOVED = {"object", "embed", "frame", "frameset", "applet", "svg", "form", "base", "meta", "link"}


class _Finder(HTMLParser):
    """Collects what in a fragment the sanitizer removes, worst first, for the warning."""

    def __init__(self, iframe_hosts: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.hosts = iframe_hosts
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append("<script>")
        elif tag == "style":
            self.found.append("<style>")
        elif tag in _REMOVED:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append("an event-handler attribute")
            elif name in _URL_ATTRS and _BAD_SCHEME.match(re.sub(r"[\t\n\r]", "", value)):
                self.found.append("a javascript:/data: URL")
            elif tag == "iframe" and name == "src" and not frame_allowed(value, self.hosts):
                self.found.append("an iframe of a host not in iframe_hosts")
            elif name == "srcdoc":
                self.found.append("an iframe srcdoc")
            elif name.startswith("data-") and name not in DATA_ATTRIBUTES:
                self.found.append(f"a {name} attribute")

    handle_startendtag = handle_starttag


def unsafe_html(fragment: str, iframe_hosts: tuple[str, ...] = ()) -> str:
    """What in this raw HTML the sanitizer will remove ("" if nothing a reader would miss)."""
    if "<" not in fragment:
        return ""
    finder = _Finder(tuple(iframe_hosts))
    try:
        finder.feed(fragment)
        finder.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        return "markup the sanitizer rewrites"
    return finder.found[0] if finder.found else ""
