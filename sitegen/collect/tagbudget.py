"""The tag budget: in a vault of very many tags, a tag only one note uses gets no page of its own."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .urls import TAGS_PREFIX

# A real vault has hundreds of tags; one made by a script can have 100,000, each a page that
# lists one note. Past this many distinct tags (parents of nested tags included), a tag of one
# note is an entry on the tags index instead: its links go to that entry (README).
MAX_TAG_PAGES = 5000
ANCHOR_PREFIX = "tag-"  # ids on the tags index never equal an id the theme uses


def anchor_url(url: str) -> str:
    """`tags/a/b/` → `tags/#tag-a/b`: the tag's entry on the tags index."""
    slug = url[len(TAGS_PREFIX) + 1:].rstrip("/")
    return f"{TAGS_PREFIX}/#{ANCHOR_PREFIX}{slug}"


def anchor_of(url: str) -> str:
    """The element id of a page-less tag's entry on the tags index ("" for a tag with a page)."""
    return url.partition("#")[2]


def has_page(tag) -> bool:
    return "#" not in tag.url


def apply_budget(tags: dict) -> list[Diagnostic]:
    """Take the pages of one-note tags away when the vault is over the budget (`tags` is
    changed in place: their `url` becomes an anchor); one `tag-limit` warning says so."""
    if len(tags) <= MAX_TAG_PAGES:
        return []
    single = [tag for tag in tags.values() if len(tag.notes) == 1]
    for tag in single:
        tag.url = anchor_url(tag.url)
    if not single:
        return []
    first = min(tag.notes[0] for tag in single)
    return [Diagnostic(first, 1, 1, "tag-limit",
                       f"the vault has {len(tags):,} tags, more than {MAX_TAG_PAGES:,}: the {len(single):,} "
                       f"used by one note only have no page of their own and link to their entry on the "
                       f"tags index")]
