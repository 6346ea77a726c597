"""A note page's own HTML, CSS and JavaScript, as Chromium loads them, stay under 100 KB uncompressed.

Measured on the heaviest notes of the vault: every response body of type document, stylesheet or
script that the page loads by itself (site.js, the modules it imports at once, the graph worker),
waiting until the network is idle. Search loads only when the reader searches, and is
left out; JSON data (nav.json, graph-view.json) is not HTML, CSS or JS."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import path_of

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024
OWN = ("document", "stylesheet", "script")


def candidates(root, n: int = 5) -> list[str]:
    """The n note pages with the most bytes of HTML and stylesheets, as site-relative URLs."""
    sizes = {}
    css = {p.name: p.stat().st_size for p in (root / "static" / "css").glob("*.css")}
    for path in root.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'class="page-note"' not in html:
            continue
        sheets = re.findall(r'<link rel="stylesheet" href="[^"]*/([^/"]+\.css)">', html)
        sizes[path.parent.relative_to(root).as_posix() + "/"] = path.stat().st_size + sum(css[s] for s in sheets)
    assert len(sizes) > 50
    return sorted(sizes, key=sizes.get, reverse=True)[:n]


def loaded(page, url: str) -> dict[str, dict]:
    """URL → {bytes, after_load} for the page's own HTML, CSS and JS, until the network is idle."""
    responses, load = [], []
    page.on("load", lambda: load.append(True))
    page.on("response", lambda r: responses.append((r, bool(load))))
    page.goto(url, wait_until="commit")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # anything a lazy module starts once idle
    page.wait_for_load_state("networkidle")
    own = {}
    for r, after_load in responses:
        if r.request.resource_type in OWN and "/search/" not in r.url and r.status == 200:
            own[r.url] = {"bytes": len(r.body()), "after_load": after_load}
    return own


def test_note_pages_stay_under_100_kb(browse, site, artifacts):
    """At a desktop size (1280×800), with the sidebar's local graph in view. Its code is an extra
    that loads once the reader does something (see the next test), not with the page."""
    figures = {}
    for url in candidates(site.root):
        page = browse.page()
        own = loaded(page, site.url(url))
        assert any(u.endswith("/site.js") for u in own) and any(u.endswith("/style.css") for u in own)
        figures[url] = {
            "total": sum(f["bytes"] for f in own.values()),
            "by_load_event": sum(f["bytes"] for f in own.values() if not f["after_load"]),
            "files": {path_of(u): f for u, f in own.items()},
        }
        page.context.close()
    heaviest = max(figures, key=lambda u: figures[u]["total"])
    (artifacts / "weight.json").write_text(
        json.dumps({"budget": BUDGET, "heaviest": heaviest, "pages": figures}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    over = {u: f["total"] for u, f in figures.items() if f["total"] >= BUDGET}
    assert not over, (f"over {BUDGET} bytes: {over}; heaviest {heaviest}: "
                      f"{ {u: f['bytes'] for u, f in figures[heaviest]['files'].items()} }")


def test_the_local_graph_loads_once_the_reader_moves(browse, site):
    page = browse.page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(site.url(candidates(site.root, 1)[0]))
    page.wait_for_load_state("networkidle")
    assert not any(u.endswith("/graph.js") for u in scripts)
    page.mouse.move(400, 300)
    page.wait_for_function("document.querySelector('.local-graph canvas') !== null", timeout=10000)
    assert any(u.endswith("/graph.js") for u in scripts)
