"""Defects a careful reader hit (issue 14): the explorer between 78rem and 80rem, printed
tables, the 404 page under a sub-path without base_url. Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import MENTOR, path_of, serve

pytestmark = pytest.mark.browser

TABLE_NOTE = "/регионы/обзор-регионов/"


def test_explorer_shows_at_1260px_where_the_css_reserves_its_column(browse, site):
    # CSS and script used to switch at 78rem and 80rem: an empty column, no menu button.
    page = browse.page(viewport={"width": 1260, "height": 800})
    page.goto(site.url(MENTOR.lstrip("/")))
    page.wait_for_function("document.querySelectorAll('#explorer a').length > 5")
    explorer = page.locator("#explorer")
    assert explorer.is_visible() and explorer.bounding_box()["width"] > 150
    assert not page.locator(".explorer-toggle").is_visible()  # the column shows it: no button needed
    browse.shot(page, "reader-1260px-explorer")
    narrow = browse.page(viewport={"width": 1240, "height": 800})
    narrow.goto(site.url(MENTOR.lstrip("/")))
    assert narrow.locator(".explorer-toggle").is_visible()


def test_printed_table_keeps_its_header_with_its_rows(browse, site):
    page = browse.page()
    page.goto(site.url(quote(TABLE_NOTE.lstrip("/"))))
    page.emulate_media(media="print")
    table = page.evaluate("""() => {
        const t = document.querySelector('.note-body table');
        const head = t.querySelector('thead');
        return [getComputedStyle(t).display, getComputedStyle(head).display,
                getComputedStyle(t.querySelector('tr')).breakInside];
    }""")
    assert table == ["table", "table-header-group", "avoid"]
    assert not page.locator(".site-header").is_visible()
    browse.shot(page, "reader-print-table", full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_404_under_a_sub_path_without_base_url_is_styled_and_links_home(browse, site, tmp_path):
    # The root-served build (no base_url) published under /sub/, as on a GitHub project page.
    (tmp_path / "sub").symlink_to(site.root, target_is_directory=True)
    served = serve(tmp_path, tmp_path / "sub" / "404.html", "/sub/")
    page = browse.page()
    try:
        response = page.goto(served.url("no-such-page"))
        assert response.status == 404
        # Styled: the skip link is moved off screen and the layout is a grid, as on every page.
        assert page.evaluate("getComputedStyle(document.querySelector('.layout')).display") == "grid"
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
        browse.shot(page, "reader-404-subpath")
        page.locator("main p a").first.click()
        page.wait_for_load_state()
        assert path_of(page.url) == "/sub/"
        assert page.evaluate("document.querySelectorAll('.note-body, .home, main h1').length") > 0
    finally:
        # The home page fetches nav.json after load: close the page first, so no request of
        # it lands after the filter below.
        page.close()
        # This test's own 127.0.0.1 server is not a request leaving the site.
        browse.requests[:] = [u for u in browse.requests if not u.startswith(served.origin + "/")]
        served.server.shutdown()
        served.server.server_close()
