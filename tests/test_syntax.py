"""Syntax fixtures: each file in tests/fixtures/syntax is one plugin's cases, in markdown-it's fixture format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from sitegen.syntax.headings import drop_anchors
from sitegen.syntax.markdown import parse_note, render_blocks
from sitegen.collect.slugs import encode_href, slugify
from sitegen.syntax import EMBED_CLOSE, EMBED_OPEN, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "syntax"


def fake_resolve(target: str, markdown: bool = False) -> dict | None:
    """A vault where every target exists except those starting with `missing`.

    Notes live at `/<slug>/`, files (a target with an extension) at `/<name>`.
    """
    path, _, fragment = target.partition("#")
    path = path.strip()
    if path.lower().startswith("missing") or ":" in path:
        return None
    name = path.rpartition("/")[2]
    if "." in name and not name.lower().endswith(".md"):
        url = path
    else:
        parts = [slugify(p) for p in path.removesuffix(".md").split("/")]
        url = "/".join(p for p in parts if p) + "/" if path else ""
    if fragment:
        url += "#" + (fragment if fragment.startswith("^") else slugify(fragment.split("#")[-1]))
    return {"href": ROOT + encode_href(url)}


def fake_tag_href(tag: str) -> str:
    return ROOT + encode_href("tags/" + "/".join(slugify(p) for p in tag.split("/")) + "/")


def render(text: str) -> str:
    parsed = parse_note(text, 1)
    # The fixtures pin the Obsidian syntax; each heading's self-link is tested in test_reading.py.
    html = drop_anchors(render_blocks(parsed, fake_resolve, fake_tag_href).html)
    html = html.replace(ROOT, "/")
    return re.sub(EMBED_OPEN + r"(\d+)" + EMBED_CLOSE, r"<!-- embed \1 -->", html)


def _cases():
    for path in sorted(FIXTURES.glob("*.md")):
        for line, title, text, expected in read_fixture_file(path):
            yield pytest.param(text, expected, id=f"{path.stem}:{line}:{title}")


@pytest.mark.parametrize("text,expected", list(_cases()))
def test_fixture(text: str, expected: str) -> None:
    assert render(text) == expected
