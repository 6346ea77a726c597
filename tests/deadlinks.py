"""Find relative href/src in a built site that lead nowhere: a missing file, or a missing `#id` on a page.

`python tests/deadlinks.py SITE` prints them; the tests call `dead_links(site)`.
"""

from __future__ import annotations

import posixpath
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRS = {"href", "src", "poster"}
SKIP_PAGES = {"404.html"}  # served at any depth, so its relative links are written for the root only


class _Refs(HTMLParser):
    """Every URL attribute and every element id of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in URL_ATTRS and tag != "base":
                self.refs.append((tag, value))
            elif tag == "base" and name == "href":
                self.base = value


def _is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("//"))


def _target_file(site: Path, page: Path, path: str) -> Path:
    folder = posixpath.dirname(page.relative_to(site).as_posix())
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(folder, path)) if path else page.relative_to(site).as_posix()
    target = site / joined if joined != "." else site
    return target / "index.html" if target.is_dir() or path.endswith("/") else target


def dead_links(site: Path) -> list[str]:
    """`page: url (why)` for each relative link or source that does not resolve inside `site`."""
    parsed: dict[Path, _Refs] = {}

    def read(page: Path) -> _Refs:
        if page not in parsed:
            refs = _Refs()
            refs.feed(page.read_text(encoding="utf-8"))
            parsed[page] = refs
        return parsed[page]

    dead = []
    for page in sorted(site.rglob("*.html")):
        if page.name in SKIP_PAGES and page.parent == site:
            continue
        for tag, url in read(page).refs:
            if not _is_relative(url):
                continue
            parts = urlsplit(url)
            target = _target_file(site, page, unquote(parts.path))
            where = f"{page.relative_to(site).as_posix()}: <{tag}> {url}"
            if not target.is_file():
                dead.append(f"{where} (no file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in read(target).ids:
                dead.append(f"{where} (no id)")
    return dead


if __name__ == "__main__":
    found = dead_links(Path(sys.argv[1]))
    print("\n".join(found))
    print(f"{len(found)} dead", file=sys.stderr)
