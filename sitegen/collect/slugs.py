"""Pure functions from vault paths and headings to URL slugs, and from URLs to hrefs."""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from typing import Iterable
from urllib.parse import quote

from slugify import slugify as _transliterate

# Windows cannot create files or folders with these names, with or without an extension.
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{p}{n}" for p in ("com", "lpt") for n in "0123456789¹²³"]
)
# Every top-level name the site writes itself (emit/writer.py, emit/pages.py, the search
# index folder `search.index.INDEX_DIR`): a note, alias or permalink
# whose first URL component is one of these gets another URL, so it never replaces a page
# or file of the site. The one list: tests check the writer against it.
SYSTEM_NAMES = frozenset(
    ["index.html", "404.html", "tags", "files", "static", "graph", "missing", "search",
     "graph.json", "graph-view.json", "nav.json", "sitemap.xml", "feed.xml", "robots.txt"]
)
# Element ids the theme's templates and scripts use (themes/default, sitegen/live/live.js);
# a heading never takes one, so `## Search` cannot break the search button.
THEME_IDS = frozenset(
    ["all-tags", "backlinks-title", "by-folder", "child-tags", "content", "explorer", "folder-notes",
     "global-graph", "local-graph-title", "most-linked", "recent-notes", "search", "search-hint",
     "search-input", "search-results", "search-tag", "sitegen-problems", "tagged-notes", "toc-title",
     "toc-title-inline"]
)
MAX_COMPONENT_BYTES = 200

_NON_WORD = re.compile(r"[\W_]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def slugify(text: str, ascii: bool = False) -> str:
    """One URL component: NFC, lower-case, runs of spaces and punctuation become `-`.

    Cyrillic and other letters are kept as they are; `ascii=True` transliterates.
    """
    if ascii:
        return _transliterate(nfc(text), lowercase=True)
    return _NON_WORD.sub("-", nfc(text).lower()).strip("-")


@functools.lru_cache(maxsize=65536)
def heading_slug(text: str) -> str:
    """The id of a heading; the same function serves `[[Note#Heading]]` links to it."""
    return slugify(text) or "section"


def unique_heading_ids(texts: Iterable[str]) -> list[str]:
    """Ids for headings in document order; repeats get `-1`, `-2`, … as GitHub does."""
    seen: dict[str, int] = {}
    ids = []
    taken: set[str] = set(THEME_IDS)
    for text in texts:
        base = heading_slug(text)
        candidate = base
        n = seen.get(base, 0)
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        seen[base] = n
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def safe_component(slug: str, original: str) -> tuple[str, list[str]]:
    """Make one slug component safe on every file system; returns it with the problems fixed.

    Empty slugs get a name from a hash, Windows device names get a suffix, and
    components longer than MAX_COMPONENT_BYTES are cut on a character boundary
    plus a hash of the full component, so distinct long names stay distinct.
    """
    problems = []
    if not slug:
        slug = "note-" + _short_hash(original)
    if slug in RESERVED_NAMES or ("." in slug and slug.partition(".")[0] in RESERVED_NAMES):
        # Before the first dot: Windows reserves `aux.png_` as it does `aux.png` and `aux`.
        base, dot, rest = slug.partition(".")
        slug = base + "_" + dot + rest
        problems.append("reserved-name")
    # A character is at most 4 UTF-8 bytes: most slugs need no encoding to know they fit.
    if len(slug) * 4 > MAX_COMPONENT_BYTES and len(slug.encode("utf-8")) > MAX_COMPONENT_BYTES:
        digest = _short_hash(slug)
        cut = slug.encode("utf-8")[: MAX_COMPONENT_BYTES - 9].decode("utf-8", "ignore")
        slug = cut.rstrip("-") + "-" + digest
        problems.append("long-name")
    return slug, problems


def safe_slug_path(parts: Iterable[str], ascii: bool = False, fallback: str = "note") -> tuple[str, list[str]]:
    """Slug of a `/`-separated name (alias, permalink, nested tag) by the rules of note names.

    Each part is slugified and made safe (safe_component); a part that slugifies to
    nothing (`.`, `..`, `!!!`) gets `fallback-<hash>`, so it can never climb a folder.
    """
    out, problems = [], []
    for part in parts:
        slug = slugify(part, ascii)
        if not slug:
            slug = f"{fallback}-{_short_hash(part)}"
        slug, probs = safe_component(slug, part)
        out.append(slug)
        if probs:
            problems.extend(p for p in probs if p not in problems)
    return "/".join(out), problems


def unreserved(slug: str) -> str:
    """`slug`, or when its first component is a name the site uses itself, that component + `-2`."""
    first, sep, rest = slug.partition("/")
    if first.casefold() in SYSTEM_NAMES or not first:
        return f"{first or 'home'}-2{sep}{rest}"
    return slug


def path_slug(src_path: str, ascii: bool = False) -> tuple[str, list[str]]:
    """Slug of a vault path (folders and file stem); `.md` is dropped, attachments keep their suffix."""
    parts = src_path.split("/")
    stem = parts[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
        parts[-1] = stem
    out, problems = [], []
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and not src_path.lower().endswith(".md"):
            base, dot, ext = part.rpartition(".")
            # A name without a suffix (`LICENSE`) is its own base, not an empty one.
            slug = slugify(base, ascii) + dot + slugify(ext, True) if base else slugify(part, ascii)
        else:
            slug = slugify(part, ascii)
        slug, probs = safe_component(slug, part)
        out.append(slug)
        problems.extend(probs)
    return "/".join(out), problems


def folder_of(src_path: str) -> str:
    return posixpath.dirname(src_path)


def page_url(slug: str) -> str:
    """The site-root-relative URL of a page: `a/b/` for slug `a/b`, `` for the home page."""
    return slug + "/" if slug else ""


def output_file(url: str) -> str:
    """The file that serves a URL: directory URLs get `index.html`."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def root_prefix(url: str) -> str:
    """The relative path from a page at `url` back to the site root (`../../` for `a/b/`)."""
    return "../" * url.count("/")


_ASCII_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")


def _iri_char(ch: str, safe: frozenset[str]) -> str:
    """One character of an href: kept when it is safe ASCII or a non-ASCII letter, mark or digit."""
    if ch in safe or (ch > "\x7f" and unicodedata.category(ch)[0] in "LMN"):
        return ch
    return quote(ch, safe="")


def _iri_quote(text: str, safe: frozenset[str]) -> str:
    if (_KEPT_PATH if "/" in safe else _KEPT).fullmatch(text):
        return text  # the usual case, in one regex pass instead of a call per character
    return "".join(_iri_char(ch, safe) for ch in text)


_PATH_SAFE = _ASCII_SAFE | {"/"}
# Exactly the characters _iri_char keeps (`\w` is letters, digits and `_` of any script;
# checked over every code point in tests/test_slugs.py).
_KEPT = re.compile(r"[\w.~-]*")
_KEPT_PATH = re.compile(r"[\w.~/-]*")


@functools.lru_cache(maxsize=131072)
def encode_href(url: str) -> str:
    """A site URL (path and fragment) as an href in HTML, escaped exactly once.

    Letters, marks and digits of any script stay as they are (an IRI, as browsers show it):
    a Cyrillic href is half the bytes of its percent-encoded form, and pages carry hundreds.
    Spaces, punctuation, `%` and invisible characters are percent-encoded.
    """
    path, hash_, fragment = url.partition("#")
    out = _iri_quote(path, _PATH_SAFE)
    if hash_:
        out += "#" + _iri_quote(fragment, _ASCII_SAFE)
    return out


def ascii_href(url: str) -> str:
    """A site URL fully percent-encoded, for files read by machines (sitemap, feed, robots.txt)."""
    path, hash_, fragment = url.partition("#")
    out = quote(path, safe="/-_.~")
    if hash_:
        out += "#" + quote(fragment, safe="-_.~")
    return out


def unique_slugs(wanted: dict[str, str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Give each source a distinct slug, deterministically.

    `wanted` maps a source path to the slug it would like. Slugs compare
    case-insensitively (a case-insensitive file system would merge them). The
    source that sorts first keeps the slug; the others get `-2`, `-3`, … .
    """
    taken = {s.casefold() for s in reserved}
    keys = {src: slug.casefold() for src, slug in wanted.items()}
    if len(set(keys.values())) == len(keys) and taken.isdisjoint(keys.values()):
        # No two sources want one slug (the usual case): each keeps its own, in the order below.
        return {src: wanted[src] for src in sorted(keys, key=keys.__getitem__)}
    result: dict[str, str] = {}
    by_slug: dict[str, list[str]] = {}
    for src, slug in wanted.items():
        by_slug.setdefault(slug.casefold(), []).append(src)
    # First pass: uncontested slugs are settled before any suffix is chosen, so a
    # suffixed slug never steals a name another source wanted outright.
    for key, srcs in sorted(by_slug.items()):
        srcs.sort(key=lambda s: (s.casefold(), s))
        if key not in taken:
            result[srcs[0]] = wanted[srcs[0]]
            taken.add(key)
            srcs.pop(0)
    for key, srcs in sorted(by_slug.items()):
        for src in srcs:
            n = 2
            while f"{key}-{n}" in taken:
                n += 1
            result[src] = f"{wanted[src]}-{n}"
            taken.add(f"{key}-{n}")
    return result
