"""Every generated name is safe: aliases, permalinks and tags follow the rules of note names,
names the site uses are reserved, and headings never take an id the theme uses."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from conftest import codes, page
from themeids import theme_ids

from sitegen.collect.slugs import MAX_COMPONENT_BYTES

L140 = "я" * 140  # 280 bytes in UTF-8


def long_components(out: Path) -> list[str]:
    return [str(p) for p in out.rglob("*") if len(p.name.encode("utf-8")) > MAX_COMPONENT_BYTES]


def redirect_target(html: str) -> str:
    return re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html).group(1)


def test_a_140_letter_cyrillic_alias_permalink_and_tag_build(site):
    result, out = site({
        "index.md": "Home.",
        "a.md": f"---\naliases: [{L140}]\n---\nAlias.",
        "b.md": f"---\npermalink: /{L140}/{L140}б\n---\nPermalink.",
        "c.md": f"Tagged #{L140} and #{L140}/{L140}б.",
    })
    assert result.notes == 4 and long_components(out) == []
    redirects = [p for p in out.rglob("index.html") if "http-equiv=\"refresh\"" in p.read_text()]
    targets = sorted(redirect_target(p.read_text()).rstrip("/").rsplit("/", 1)[-1] for p in redirects)
    assert targets == ["a", "b"]
    tag_pages = [p for p in (out / "tags").rglob("index.html") if p.parent != out / "tags"]
    assert len(tag_pages) == 2 and all("c/" in p.read_text() for p in tag_pages)
    assert "long-name" in codes(result)


def test_punctuation_and_dot_names_are_replaced_not_dropped(site):
    result, out = site({
        "index.md": "Home.",
        "a.md": "---\naliases: ['.', '..', '!!!', '—']\n---\nA.",
    })
    assert page(out, "").count("Home.") == 1  # the home page is still the home page
    redirects = [p for p in out.rglob("index.html") if 'http-equiv="refresh"' in p.read_text()]
    assert len(redirects) == 4 and all(redirect_target(p.read_text()) == "../a/" for p in redirects)
    for p in out.rglob("*"):
        assert p.resolve().is_relative_to(out.resolve()) and p.name not in (".", "..")


def test_an_alias_never_replaces_the_home_page(site):
    # No index.md: the home page is generated, and an alias whose slug is empty must not take it.
    result, out = site({"a.md": "---\naliases: ['!!!', '/']\n---\nA.", "b.md": "B."})
    home = page(out, "")
    assert "http-equiv=\"refresh\"" not in home and "b/" in home


def test_names_the_site_uses_are_reserved(site):
    reserved = ["index.html", "404.html", "static", "tags", "graph", "missing", "files", "search",
                "feed.xml", "sitemap.xml", "graph.json", "robots.txt"]
    files = {"index.md": "Home.", "pic.png": b"\x89PNG\r\n\x1a\n", "n.md": "![[pic.png]]"}
    for i, name in enumerate(reserved):
        files[f"alias{i}.md"] = f"---\naliases: ['{name}']\n---\nAlias {i}."
        files[f"perm{i}.md"] = f"---\npermalink: /{name}/sub\n---\nPermalink {i}."
    files["static.md"] = "A note named static."
    files["tags/x.md"] = "A note in a folder named tags."
    result, out = site(files)
    assert (out / "files" / "pic.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert (out / "static").is_dir() and not (out / "static" / "index.html").exists()
    assert "Home." in page(out, "") and 'href="tags/"' in page(out, "404.html")
    assert "refresh" not in page(out, "tags/") and "refresh" not in page(out, "graph/")
    moved = [d for d in result.diagnostics if d.code in ("reserved-url", "slug-collision")]
    # Names with a dot slugify apart (`feed-xml`); the folder names would land on the site's own.
    lands = [i for i, name in enumerate(reserved) if "." not in name]
    assert {d.file for d in moved} == {f"{kind}{i}.md" for i in lands for kind in ("perm", "alias")} | {"static.md", "tags"}
    assert "Permalink 7." in page(out, redirect_url(out, "search-2/sub/"))
    assert "A note named static." in page(out, "static-2/")


def redirect_url(out: Path, url: str) -> str:
    """The page a redirect at `url` leads to, as a site URL."""
    from urllib.parse import unquote
    target = unquote(redirect_target(page(out, url)))
    return str((Path("/") / url / target).resolve()).lstrip("/") + "/"


def test_a_permalink_over_an_attachment_is_a_warning(site):
    # `doc` has no suffix, so the permalink's folder would be the attachment's file.
    result, out = site({"index.md": "x", "doc": b"plain", "n.md": "[[doc]]",
                        "p.md": "---\npermalink: files/doc/x\n---\nP."})
    assert "reserved-url" in codes(result) and result.notes == 3
    assert (out / "files" / "doc").read_bytes() == b"plain"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def test_headings_never_take_an_id_the_theme_uses(site):
    ids = sorted(theme_ids())
    assert {"search", "content", "explorer", "search-input"} <= set(ids)
    body = "\n\n".join(f"## {name}\n\nText [[#{name}]]." for name in ids)
    result, out = site({"index.md": body, "note.md": body + "\n\n#tag", "other.md": "[[note#search]]"})
    for path in out.rglob("*.html"):
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        twice = [i for i, n in parser.ids.items() if n > 1]
        assert twice == [], f"{path.relative_to(out)} has repeated ids {twice}"
    assert 'href="../note/#search-1"' in page(out, "other/")
    assert "missing-heading" not in codes(result)
