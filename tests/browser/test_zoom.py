"""The reader's own font size and zoom: with a 24 px root font on a 360 px wide screen, and at
200% zoom of a 720 px window (360 CSS pixels), note pages scroll only downwards and nothing is
cut off. Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

import pytest

from .conftest import MENTOR
from .test_reader import overflow

pytestmark = pytest.mark.browser

PAGES = [MENTOR.lstrip("/"), "документы/положение-о-наставничестве/", "tags/", "graph/", ""]
BIG_FONT = "document.documentElement.style.fontSize = '24px'"  # as a reader's browser setting would


@pytest.mark.parametrize("how", ["font-24px", "zoom-200"])
def test_pages_fit_with_a_big_font_or_zoom(browse, site, how):
    if how == "font-24px":
        page = browse.page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        page.context.add_init_script(f"addEventListener('DOMContentLoaded', () => {{ {BIG_FONT} }})")
    else:  # 200% zoom of a 720 px window: 360 CSS pixels at a device scale of 2
        page = browse.page(viewport={"width": 360, "height": 400}, device_scale_factor=2)
    too_wide = {}
    for url in PAGES:
        page.goto(site.url(url))
        page.wait_for_load_state("networkidle")
        scroll_width, inner_width, wide = overflow(page)
        if scroll_width > inner_width:
            too_wide[url] = (scroll_width, wide)
    assert not too_wide, too_wide
    page.goto(site.url(PAGES[0]))
    browse.shot(page, f"zoom-{how}")
    browse.shot(page, f"zoom-{how}-full", full_page=True)
