"""Which attachment names a browser opens as a page that can run script, and the name they are published under."""

from __future__ import annotations

import posixpath

# By name, whatever a host's own type table says: browsers run HTML, and parse any XML
# type (text/xml, application/*+xml) as a document in which XHTML elements run script.
ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt", ".rdf",
    ".rss", ".atom", ".mml", ".mathml", ".xbl", ".xul", ".kml", ".gpx", ".xsd", ".wsdl", ".opml",
    ".plist", ".xlf", ".xliff", ".xspf", ".dae", ".smil", ".smi",
})
TEXT_SUFFIX = ".txt"


def suffix(name: str) -> str:
    return posixpath.splitext(name)[1].lower()


def is_active(name: str) -> bool:
    """Whether a file of this name would be opened as a page (HTML/XML) on the site's origin."""
    return suffix(name) in ACTIVE_SUFFIXES


def published_name(slug: str, trust_html: bool) -> str:
    """`page.html` → `page.html.txt` (static hosts serve it as plain text) unless trusted."""
    return slug + TEXT_SUFFIX if is_active(slug) and not trust_html else slug
