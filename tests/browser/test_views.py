"""A reader walks a base page and a canvas page of tests/vaults/books: no JS errors, axe-clean, 360 px wide."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site import build_site

from .conftest import AXE, Browse, serve
from .test_accessibility import SUMMARY
from .test_reader import PHONE, overflow

pytestmark = pytest.mark.browser

BOOKS = Path(__file__).parent.parent / "vaults" / "books"
PAGES = {"base": "bases/books.base/", "canvas": "reading-plan.canvas/", "home": ""}


@pytest.fixture(scope="module")
def books_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("books-browser") / "site"
    build_site(BOOKS, out, load_config(BOOKS, {"search": False, "cache": False, "jobs": 1}))
    served = serve(out, out / "404.html")
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def walk(browser, books_site, artifacts):
    b = Browse(browser, books_site, artifacts)
    yield b
    b.close()
    assert not b.errors, f"uncaught JavaScript errors: {b.errors}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_views_are_axe_clean(walk, books_site, npm_tools, name, theme):
    page = walk.page(theme=theme)
    page.goto(books_site.url(PAGES[name]))
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(SUMMARY)
    walk.shot(page, f"views-axe-{name}-{theme}")
    serious = [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("name", list(PAGES))
def test_views_fit_360px(walk, books_site, name):
    page = walk.page(**PHONE)
    page.goto(books_site.url(PAGES[name]))
    scroll_width, inner_width, wide = overflow(page)
    assert inner_width == 360 and scroll_width <= inner_width, wide
    walk.shot(page, f"views-360-{name}", full_page=True)
    if name == "canvas":  # the reading-order list: cards in flow, no board positions
        assert page.locator(".canvas-edges").is_hidden()


def test_canvas_board_pans_and_zooms_with_the_keyboard(walk, books_site):
    page = walk.page()
    page.goto(books_site.url(PAGES["canvas"]))
    frame = page.locator("[data-canvas-zoom]")
    assert page.locator(".canvas-edges").is_visible()  # the board, laid out at build time
    box = page.locator("#canvas-24d770-3").bounding_box()
    frame.focus()
    page.keyboard.press("+")
    assert "scale(1.25)" in page.locator(".canvas").first.get_attribute("style")
    page.keyboard.press("ArrowLeft")
    moved = page.locator("#canvas-24d770-3").bounding_box()
    assert moved["width"] > box["width"] * 1.2
    page.keyboard.press("0")
    assert page.locator("#canvas-24d770-3").bounding_box() == box  # back to the whole board
    page.get_by_role("button", name="Zoom in").click()
    assert "scale(1.25)" in page.locator(".canvas").first.get_attribute("style")
    walk.shot(page, "views-canvas-zoomed")


def test_base_rows_link_to_their_notes(walk, books_site):
    page = walk.page()
    page.goto(books_site.url(PAGES["base"]))
    page.get_by_role("region", name="All books").get_by_role("link", name="Solaris").first.click()
    page.wait_for_url("**/books/solaris/")
    assert page.locator("h1").first.inner_text() == "Solaris"


def test_edges_run_above_groups_and_below_cards(walk, books_site):
    page = walk.page()
    page.goto(books_site.url(PAGES["canvas"]))
    # A point of the red edge (Dune → Later) between the Dune card and the border of the
    # "Next up" group: what is painted there must be the edge, not the group's background.
    point = page.evaluate("""() => {
        const path = document.querySelector('.canvas-page .canvas-edge.canvas-color-1 path');
        const at = path.getPointAtLength(path.getTotalLength() * 0.15);
        const point = new DOMPoint(at.x, at.y).matrixTransform(path.getScreenCTM());
        const group = document.querySelector('.canvas-page .canvas-group').getBoundingClientRect();
        return {x: point.x, y: point.y, inside: point.x > group.left && point.x < group.right
                && point.y > group.top && point.y < group.bottom};
    }""")
    assert point["inside"]
    shot = page.screenshot(clip={"x": point["x"] - 3, "y": point["y"] - 3, "width": 6, "height": 6})
    red = page.evaluate("""async (data) => {
        const image = new Image();
        image.src = 'data:image/png;base64,' + data;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width; canvas.height = image.height;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        let red = 0;
        for (let i = 0; i < pixels.length; i += 4)
            if (pixels[i] > 150 && pixels[i + 1] < 130 && pixels[i + 2] < 130) red++;
        return red;
    }""", base64.b64encode(shot).decode("ascii"))
    assert red > 0, "the edge is hidden behind the group"
