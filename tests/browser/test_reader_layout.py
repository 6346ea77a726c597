"""What a careful reader hit on long and busy pages (issue 14): compact backlinks, the busy local
graph and its full-screen view, the explorer drawer with the keyboard, reduced motion, a printed
callout. Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

LONG = "/документы/положение-о-наставничестве/"  # 40-odd backlinks, the busiest local graph
PHONE = {"width": 360, "height": 740}
CALLOUT_TABLE_NOTE = "/практики/формы-наставничества/"  # a table and a callout


def open_note(browse, site, path, **options):
    page = browse.page(**options)
    page.goto(site.url(quote(path.lstrip("/"))))
    return page


def start_graph(page):
    """The local graph waits for the reader's first input; then for its caption (the layout is done)."""
    page.mouse.move(5, 300)
    page.mouse.wheel(0, 1)
    page.wait_for_function("document.querySelector('.graph-local .graph-caption')?.textContent.length > 0")


def test_long_backlinks_are_a_grouped_list_of_titles(browse, site):
    page = open_note(browse, site, LONG)
    section = page.locator(".backlinks")
    count = int(section.locator("h2 .count").inner_text())
    assert count > 30 and section.locator(".backlink-list > li > a").count() == count
    groups = section.locator(".backlinks-folder")
    assert groups.count() >= 4  # grouped by folder
    # Shorter than the note's own text (the cards were 3.4 times its height).
    heights = page.evaluate("""() => [document.querySelector('.backlinks').offsetHeight,
                                       document.querySelector('.note-body').offsetHeight]""")
    assert heights[0] < heights[1], heights
    # Contexts are folded; none repeats only its link's words.
    more = section.locator(".backlink-list details")
    assert more.count() > 5
    assert page.evaluate("[...document.querySelectorAll('.backlink-list details')].every(d => !d.open)")
    contexts = page.evaluate("[...document.querySelectorAll('.backlink-list p')].map(p => p.textContent.trim())")
    assert "Положение о наставничестве" not in contexts
    first = more.first
    # The disclosure is named by reference: "Context" and its entry's title, which is not repeated.
    name = first.locator("summary").evaluate(
        "s => s.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' ')")
    assert name == "Контекст " + first.evaluate("d => d.previousElementSibling.textContent")
    first.locator("summary").click()
    assert first.locator("p").is_visible()
    first.evaluate("d => d.closest('li').scrollIntoView({ block: 'center' })")
    browse.shot(page, "layout-long-backlinks")
    browse.shot(page, "layout-long-backlinks-section", clip=section.bounding_box(), full_page=True)


def test_phone_shows_the_contents_before_the_backlinks(browse, site):
    page = open_note(browse, site, LONG, viewport=PHONE)
    toc = page.locator(".toc-inline")
    assert toc.is_visible() and not page.locator(".sidebar .toc").is_visible()
    tops = page.evaluate("""() => [document.querySelector('.toc-inline').getBoundingClientRect().top,
                                    document.querySelector('.backlinks').getBoundingClientRect().top]""")
    assert tops[0] < tops[1]
    toc.scroll_into_view_if_needed()
    browse.shot(page, "layout-phone-contents-before-backlinks")


def node_colour_contrast(page) -> list[float]:
    """The contrast of every graph node colour against the graph's background, as the page computes them."""
    return page.evaluate("""() => {
        const css = getComputedStyle(document.querySelector('.graph-frame') || document.documentElement);
        const rgb = (value) => {
            const probe = document.createElement('span');
            probe.style.color = value;
            document.body.append(probe);
            const parts = getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
            probe.remove();
            return parts;
        };
        const lum = ([r, g, b]) => [r, g, b].map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        const ratio = (a, b) => {
            const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
            return (hi + 0.05) / (lo + 0.05);
        };
        const bg = rgb(css.backgroundColor);
        const names = ['--graph-node', '--graph-tag', '--graph-current',
                       ...Array.from({ length: 9 }, (_, i) => `--graph-c${i}`)];
        return names.map((name) => ratio(rgb(css.getPropertyValue(name).trim()), bg));
    }""")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_busy_local_graph_is_centred_readable_and_opens_full_screen(browse, site, theme):
    page = open_note(browse, site, LONG, theme=theme)
    start_graph(page)
    frame = page.locator(".graph-local .graph-frame")
    assert all(r >= 3 for r in node_colour_contrast(page)), node_colour_contrast(page)
    # The caption is for screen readers: in the tree, out of sight.
    caption = page.locator(".graph-local .graph-caption")
    assert caption.text_content() and caption.bounding_box()["height"] <= 1
    assert page.locator("[data-graph-depth]").input_value() == "1"
    page.wait_for_timeout(1500)  # the layout settles before the pixels are read
    # The current note is drawn in the middle of the frame, in --graph-current.
    centre = page.evaluate("""() => {
        const cv = document.querySelector('.graph-local canvas');
        const [w, h] = [cv.width, cv.height];
        const px = cv.getContext('2d').getImageData(Math.floor(w / 2), Math.floor(h / 2), 1, 1).data;
        const probe = document.createElement('span');
        probe.style.color = getComputedStyle(cv).getPropertyValue('--graph-current');
        document.body.append(probe);
        const want = getComputedStyle(probe).color.match(/\\d+/g).slice(0, 3).map(Number);
        return [[...px].slice(0, 3), want];
    }""")
    assert all(abs(a - b) <= 40 for a, b in zip(*centre)), centre
    browse.shot(page, f"layout-busy-local-graph-{theme}", clip=page.locator(".local-graph").bounding_box())
    # Full screen: the graph fills the window; Esc closes it and gives focus back to the button.
    button = page.locator("[data-graph-expand]")
    button.click()
    box = frame.bounding_box()
    assert box["width"] > 1100 and box["height"] > 600, box
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"
    for _ in range(6):  # Tab stays inside the full-screen graph
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.graph-expanded')")
    page.wait_for_timeout(800)
    browse.shot(page, f"layout-graph-full-screen-{theme}")
    page.keyboard.press("Escape")
    assert frame.bounding_box()["width"] < 400
    assert page.evaluate("document.activeElement.matches('[data-graph-expand]')")
    assert button.get_attribute("aria-pressed") == "false"


def test_graph_hover_names_the_note_in_full(browse, site):
    page = open_note(browse, site, LONG, viewport={"width": 1280, "height": 800})
    start_graph(page)
    page.locator("[data-graph-expand]").click()
    page.wait_for_timeout(1500)
    canvas = page.locator(".graph-local canvas")
    box = canvas.bounding_box()
    # Sweep the pointer until it rests on a node with a long title.
    found = ""
    for y in range(int(box["y"]) + 20, int(box["y"] + box["height"]) - 20, 12):
        for x in range(int(box["x"]) + 20, int(box["x"] + box["width"]) - 20, 12):
            page.mouse.move(x, y)
            title = canvas.get_attribute("title") or ""
            if len(title) > 40:
                found = title
                break
        if found:
            break
    assert found, "no node with a long title under the pointer"
    page.wait_for_timeout(100)
    browse.shot(page, "layout-graph-hover-full-label")


def frames_while_loading(page) -> int:
    """How many different pictures the local graph's canvas shows in its first two seconds."""
    return page.evaluate("""() => new Promise((resolve) => {
        const seen = new Set();
        const start = performance.now();
        const look = () => {
            const cv = document.querySelector('.graph-local canvas');
            if (cv) seen.add(cv.toDataURL());
            if (performance.now() - start < 2000) requestAnimationFrame(look); else resolve(seen.size);
        };
        look();
    })""")


def test_reduced_motion_shows_the_graph_without_animation(browse, site):
    still = open_note(browse, site, LONG, reduced_motion="reduce")
    still.mouse.move(5, 300)
    still.mouse.wheel(0, 1)
    still.wait_for_selector(".graph-local canvas")
    calm = frames_while_loading(still)
    moving = open_note(browse, site, LONG)
    moving.mouse.move(5, 300)
    moving.mouse.wheel(0, 1)
    moving.wait_for_selector(".graph-local canvas")
    animated = frames_while_loading(moving)
    # Blank, then the settled layout (the first positions may show once): never the frames between.
    assert calm <= 3 < animated, (calm, animated)
    browse.shot(still, "layout-reduced-motion-graph", clip=still.locator(".local-graph").bounding_box())


def test_explorer_drawer_with_the_keyboard(browse, site):
    page = open_note(browse, site, LONG, viewport={"width": 900, "height": 800})
    button = page.locator(".explorer-toggle")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#explorer .tree a').length > 5")
    page.wait_for_function("document.getElementById('explorer').contains(document.activeElement)")
    assert button.get_attribute("aria-expanded") == "true"
    # The drawer does not cover its own button.
    assert page.evaluate("""() => {
        const b = document.querySelector('.explorer-toggle').getBoundingClientRect();
        return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)?.closest('.explorer-toggle') !== null;
    }""")
    drawer, knob = page.locator("#explorer").bounding_box(), button.bounding_box()
    assert drawer["y"] >= knob["y"] + knob["height"]
    # Focus stays inside: through the whole drawer and round again, both ways.
    stops = page.evaluate("[...document.querySelectorAll('#explorer a, #explorer button')].filter(e => e.getClientRects().length).length")
    for key in ["Tab"] * (stops + 3) + ["Shift+Tab"] * 4:
        page.keyboard.press(key)
        assert page.evaluate("""document.getElementById('explorer').contains(document.activeElement)
                                || document.activeElement.matches('.explorer-toggle')""")
    browse.shot(page, "layout-keyboard-drawer")
    # Esc closes it from anywhere, and focus returns to the button.
    page.evaluate("document.querySelector('#explorer .tree a').focus()")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('.explorer-toggle')")
    page.locator("#explorer").wait_for(state="hidden")  # after its slide-out
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('explorer').contains(document.activeElement)")
    button.focus()  # on the button itself
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"


def test_printed_note_with_a_table_and_a_callout(browse, site):
    page = open_note(browse, site, CALLOUT_TABLE_NOTE)
    page.emulate_media(media="print")
    assert page.locator(".note-body table").count() and page.locator(".note-body .callout").count()
    styles = page.evaluate("""() => [getComputedStyle(document.querySelector('.note-body thead')).display,
                                      getComputedStyle(document.querySelector('.note-body .callout')).breakInside]""")
    assert styles == ["table-header-group", "avoid"]
    for hidden in (".backlinks", ".toc-inline", ".sidebar", ".site-header"):
        assert not page.locator(hidden).first.is_visible(), hidden
    browse.shot(page, "layout-print-table-callout", full_page=True)
