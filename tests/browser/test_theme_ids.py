"""Headings named after the theme's own ids (`## Search`, `## Content`…) leave the theme's widgets working."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site import build_site

from .conftest import Browse, serve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from themeids import theme_ids  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def id_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("theme-ids")
    vault, out = root / "vault", root / "site"
    vault.mkdir()
    headings = "\n\n".join(f"## {name.replace('-', ' ').title()}\n\nНаставник и {name}." for name in sorted(theme_ids()))
    (vault / "index.md").write_text("# Главная\n\n" + headings, encoding="utf-8")
    (vault / "Наставник.md").write_text("# Наставник\n\n" + headings + "\n\n#роль", encoding="utf-8")
    build_site(vault, out, load_config(vault, {"search": True, "cache": False, "jobs": 1}))
    served = serve(out, out / "404.html")
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_the_search_button_works_beside_a_search_heading(browser, id_site, artifacts):
    browse = Browse(browser, id_site, artifacts)
    try:
        page = browse.page()
        page.goto(id_site.url("наставник/"))
        assert page.evaluate("document.querySelectorAll('[id=search]').length") == 1
        page.click(".search-button")
        page.wait_for_function("document.getElementById('search').open")
        page.locator("#search-input").press_sequentially("наставник")
        page.locator("#search-results a.search-result").first.wait_for()
        # The explorer is still the theme's, not a heading.
        assert page.evaluate("document.getElementById('explorer').tagName") != "H2"
        browse.shot(page, "theme-ids-search")
    finally:
        browse.close()
    assert not browse.errors, browse.errors
