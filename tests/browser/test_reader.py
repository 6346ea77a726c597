"""A reader's path through the built vault site in Chromium: home, search with Russian stemming,
a wikilink, backlinks, hover previews, the graph, the dark theme, a phone-sized screen.
Each step leaves a screenshot in tests/artifacts/browser/."""

from __future__ import annotations

import re

import pytest

from .conftest import AGREEMENT, MENTEE, MENTOR, QUERY, path_of

pytestmark = pytest.mark.browser


def settle(page) -> None:
    """Wait until what JavaScript adds on load is there (explorer, graphs), so screenshots show it."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.querySelectorAll('.graph-caption')].every(c => c.textContent)")
    page.wait_for_timeout(700)  # the graph layout animates


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_reader_path_home_search_wikilink_backlinks(browse, site):
    page = browse.page()

    # 1. The home page.
    response = page.goto(site.url())
    assert response.status == 200
    assert page.locator("main h1").first.is_visible()
    assert page.title().endswith("Практики волонтёрского образования")
    settle(page)
    browse.shot(page, "01-home")

    # 2. Search for an inflected form; the best result is a note that has only other forms of the word.
    page.click(".search-button")
    dialog = page.locator("dialog#search")
    page.wait_for_function("document.getElementById('search').open")  # search.js loads on the click
    page.wait_for_function("document.activeElement?.id === 'search-input'")  # keys typed before are lost
    page.locator("#search-input").press_sequentially(QUERY)
    # Results show as the reader types: wait for the ones of the whole word.
    page.wait_for_function("document.getElementById('search').dataset.shown === document.getElementById('search-input').value")
    first = page.locator("#search-results a.search-result").first
    first.wait_for()
    assert path_of(first.get_attribute("href")) == MENTOR
    assert first.locator(".search-result-title").inner_text() == "Наставник"
    browse.shot(page, "02-search-results")
    first.click()
    page.wait_for_url(lambda url: path_of(url) == MENTOR)
    assert page.locator(".layout .note-header h1").inner_text() == "Наставник"
    # The page, not the search dialog (closed, its results kept for the next search).
    text = page.locator(".layout").inner_text()
    assert QUERY not in words(text) and QUERY not in page.locator(".layout").inner_html().lower()
    other_forms = {w for w in words(text) if w.startswith("наставник")} - {QUERY}
    assert {"наставник", "наставники"} <= other_forms, other_forms
    assert not dialog.evaluate("d => d.open")
    settle(page)
    browse.shot(page, "02-search-opened-result")

    # 3. Follow a wikilink in the note body.
    link = page.locator(".note-body a.internal", has_text="наставляемый").first
    assert path_of(link.evaluate("a => a.href")) == MENTEE
    link.click()
    page.wait_for_url(lambda url: path_of(url) == MENTEE)
    assert page.locator(".layout .note-header h1").inner_text() == "Наставляемый"
    settle(page)
    browse.shot(page, "03-wikilink-target")

    # 4. The source note is among the target's backlinks.
    backlink = page.locator(".backlink-list > li > a", has_text=re.compile(r"^Наставник$"))
    assert backlink.count() == 1
    assert path_of(backlink.evaluate("a => a.href")) == MENTOR
    backlink.evaluate("a => a.scrollIntoView({ block: 'center' })")
    assert backlink.is_visible()
    browse.shot(page, "04-backlinks")


def popover_of(page):
    pop = page.locator(".popover:not([hidden])")
    pop.wait_for(state="visible")
    return pop


def test_hover_preview_shows_the_target(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    assert page.evaluate("matchMedia('(hover: hover) and (pointer: fine)').matches")
    link = page.locator(".note-body a.internal", has_text="наставляемый").first
    link.hover()
    pop = popover_of(page)
    assert pop.locator(".popover-title").inner_text() == "Наставляемый"
    preview = " ".join(pop.inner_text().split())
    browse.shot(page, "05-hover-preview")

    # The preview holds the target's own text: compare with the target page itself.
    target = browse.page()
    target.goto(site.url(MENTEE.lstrip("/")))
    first_paragraph = " ".join(target.locator(".note-body p").first.inner_text().split())
    assert len(first_paragraph) > 20 and first_paragraph in preview

    # Moving away closes it.
    page.mouse.move(5, 790)
    pop.wait_for(state="hidden")


def test_hover_preview_scrolls_to_a_cyrillic_heading(browse, site):
    page = browse.page()
    page.goto(site.url(AGREEMENT.lstrip("/")))
    link = page.locator('.note-body a.internal[href$="#права"]').first
    assert link.evaluate("a => decodeURIComponent(new URL(a.href).hash)") == "#права"
    assert path_of(link.evaluate("a => a.href")) == MENTOR
    link.scroll_into_view_if_needed()
    link.hover()
    pop = popover_of(page)
    assert pop.locator(".popover-title").inner_text() == "Наставник"
    heading = pop.locator(".popover-target")
    heading.wait_for()
    assert heading.get_attribute("data-preview-id") == "права"
    assert heading.inner_text().strip() == "Права"
    # Scrolled so that the heading sits at the top of the preview, not at the note's start.
    scroll, offset = pop.evaluate("""p => {
        const h = p.querySelector('.popover-target');
        return [p.scrollTop, h.getBoundingClientRect().top - p.getBoundingClientRect().top];
    }""")
    assert scroll > 50 and 0 <= offset < 40, (scroll, offset)
    assert not pop.locator("[id]").count()  # ids inside the preview would clash with the page's
    browse.shot(page, "05-hover-preview-heading")


# Pixels of the graph canvas that are drawn on (it is cleared to transparent), and how many of them
# are in the node palette's colours (the theme's --graph-c0 … --graph-c7, as #rrggbb).
CANVAS_PIXELS = """canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const css = getComputedStyle(canvas);
    const palette = Array.from({ length: 8 }, (_, i) => {
        const hex = css.getPropertyValue(`--graph-c${i}`).trim().slice(1);
        return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
    });
    let drawn = 0; const hits = palette.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        drawn++;
        if (data[i + 3] < 250) continue;
        palette.forEach(([r, g, b], k) => {
            if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 12) hits[k]++;
        });
    }
    return { drawn, total: data.length / 4, colours: hits.filter((n) => n > 20).length, hits };
}"""


def test_graph_page_draws_the_notes(browse, site):
    page = browse.page()
    page.goto(site.url("graph/"))
    canvas = page.locator("#global-graph canvas")
    canvas.wait_for()
    caption = page.locator("#graph-caption-global")
    page.wait_for_function("document.querySelector('#graph-caption-global')?.textContent.length > 0")
    page.locator("#global-graph .graph-status").wait_for(state="detached")
    page.wait_for_timeout(1500)  # let the layout settle a little for the screenshot
    notes = len(page.request.get(site.url("graph-view.json")).json()["ids"])
    m = re.match(r"(\d+) замет\w+\D+(\d+) связ", caption.inner_text())
    assert m, caption.inner_text()
    assert int(m.group(1)) == notes and notes > 50 and int(m.group(2)) > notes
    pixels = canvas.evaluate(CANVAS_PIXELS)
    assert pixels["drawn"] > 0.01 * pixels["total"], pixels
    assert pixels["colours"] >= 4, pixels  # nodes coloured by folder
    browse.shot(page, "06-graph")


def test_dark_theme_is_kept_after_reload(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    html = page.locator("html")
    assert html.get_attribute("data-theme") is None  # follows the (light) system at first
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.locator(".theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert html.get_attribute("data-theme") == "dark" and toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert html.get_attribute("data-theme") == "dark"
    assert page.evaluate("localStorage.getItem('sitegen-theme')") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(dark) < 0.2 < luminance(light), (dark, light)
    browse.shot(page, "07-dark-after-reload")


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def overflow(page) -> list:
    """[scrollWidth, innerWidth, the widest elements that stick out]."""
    return page.evaluate("""() => {
        const w = innerWidth, out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && r.width > 0) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right));
        }
        return [document.documentElement.scrollWidth, w, out.slice(0, 5)];
    }""")


def test_note_at_360px_has_no_horizontal_scroll(browse, site):
    page = browse.page(**PHONE)
    page.goto(site.url(MENTOR.lstrip("/")))
    scroll_width, inner_width, wide = overflow(page)
    assert inner_width == 360
    assert scroll_width <= inner_width, wide
    browse.shot(page, "08-note-360px")
    browse.shot(page, "08-note-360px-full", full_page=True)


def test_every_note_fits_360px(browse, site):
    """The same check over every note of the vault and the home page (tables, code, long words)."""
    urls = [""] + sorted(p.parent.relative_to(site.root).as_posix() + "/" for p in site.root.rglob("index.html")
                         if 'class="page-note"' in p.read_text(encoding="utf-8"))
    assert len(urls) > 50  # the vault's own content tests ask for at least 50 notes
    page = browse.page(**PHONE)
    too_wide = {}
    for url in urls:
        page.goto(site.url(url), wait_until="load")
        scroll_width, inner_width, wide = overflow(page)
        if scroll_width > inner_width:
            too_wide[url] = (scroll_width, wide)
    assert not too_wide, too_wide
