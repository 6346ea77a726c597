"""The built site in Chromium beyond the reader's path: under a sub-path, without JavaScript, by
keyboard, and with no request leaving 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from .conftest import MENTEE, MENTOR, QUERY, TAG, path_of, same_origin

pytestmark = pytest.mark.browser


def search(page, query: str):
    """Open the search dialog with its button, type, and wait for the results."""
    page.click(".search-button")
    page.locator("#search-input").press_sequentially(query)
    first = page.locator("#search-results a.search-result").first
    first.wait_for()
    # Results for a prefix typed before the index loaded can show first: wait for the whole word's.
    page.wait_for_function("""stem => [...document.querySelectorAll('#search-results a.search-result mark')]
        .some(m => m.textContent.toLowerCase().startsWith(stem))""", arg=query[:6].lower())
    return first


# ---- Requests


def test_no_request_leaves_localhost(browse, site):
    """Every request of every page kind, with search, previews and the graph in use, is same-origin."""
    page = browse.page()
    for url in ("", MENTOR.lstrip("/"), TAG.lstrip("/"), "tags/", "graph/", "missing/", "нет-такой-страницы/"):
        page.goto(site.url(url))
        page.wait_for_load_state("networkidle")
    page.goto(site.url(MENTOR.lstrip("/")))
    search(page, QUERY)
    page.keyboard.press("Escape")
    page.locator(".note-body a.internal").first.hover()
    page.locator(".popover:not([hidden])").wait_for()
    page.wait_for_load_state("networkidle")
    assert len(browse.requests) > 40
    assert any("/search/meta.json" in u for u in browse.requests) and any("graph-view.json" in u for u in browse.requests)
    assert browse.foreign() == [], browse.foreign()


# ---- Under a sub-path


def test_site_under_a_sub_path(browse_sub, subsite):
    """Built with --base-url http://127.0.0.1:PORT/sub/ and served from the folder above: search finds,
    links resolve, nothing falls outside /sub/."""
    page = browse_sub.page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    assert page.goto(subsite.url()).status == 200
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") != "static"
    first = search(page, QUERY)
    assert path_of(first.evaluate("a => a.href")) == "/sub" + MENTOR
    browse_sub.shot(page, "sub-path-search")
    first.click()
    page.wait_for_url(lambda url: path_of(url) == "/sub" + MENTOR)
    assert page.locator(".layout .note-header h1").inner_text() == "Наставник"
    page.locator(".note-body a.internal", has_text="наставляемый").first.click()
    page.wait_for_url(lambda url: path_of(url) == "/sub" + MENTEE)
    assert page.locator(".backlink-list > li > a", has_text=re.compile("^Наставник$")).count() == 1

    # Every link on the home page and on a note stays under /sub/ and answers 200.
    checked = set()
    for url in ("", MENTOR.lstrip("/")):
        page.goto(subsite.url(url))
        page.wait_for_load_state("networkidle")  # the explorer is filled in from nav.json
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href.split('#')[0])")
        for href in set(hrefs) - checked:
            assert same_origin(href, subsite.origin) and path_of(href).startswith("/sub/"), href
            assert page.request.get(href).status == 200, href
            checked.add(href)
    assert len(checked) > 40

    # The 404 page resolves its links and styles from /sub/ (it has a <base>) at any depth.
    response = page.goto(subsite.url("нет/такой/страницы/"))
    assert response.status == 404
    assert page.locator("main h1").is_visible()
    home = page.locator("main a", has_text=re.compile("главн", re.I)).first
    assert path_of(home.evaluate("a => a.href")) == "/sub/"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") != "static"
    browse_sub.shot(page, "sub-path-404")
    assert failed == [f"404 {page.url}"], failed  # only the page that is not there


# ---- Without JavaScript


def test_note_without_javascript(browse, site):
    page = browse.page(js=False)
    page.goto(site.url(MENTEE.lstrip("/")))
    assert page.locator("html").get_attribute("class") in (None, "")  # the inline theme script did not run
    backlink = page.locator(".backlink-list > li > a", has_text=re.compile("^Наставник$"))
    assert backlink.is_visible() and backlink.get_attribute("href")
    tags = page.locator(".note-header .tag-list a.tag")
    assert tags.count() >= 1 and tags.first.is_visible()
    assert [t.strip() for t in tags.all_inner_texts()][0].startswith("#")
    # What needs JavaScript is hidden, and says so.
    assert not page.locator(".search-button").is_visible()
    notice = page.locator(".site-header .noscript-note")
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    graph_notice = page.locator(".local-graph .noscript-note")
    assert graph_notice.is_visible() and "JavaScript" in graph_notice.inner_text()
    assert not page.locator(".graph-controls").first.is_visible()
    browse.shot(page, "nojs-note", full_page=True)
    # Plain links work.
    backlink.click()
    page.wait_for_url(lambda url: path_of(url) == MENTOR)
    page.locator(".note-header a.tag").first.click()
    page.wait_for_url(lambda url: path_of(url).startswith("/tags/"))
    assert page.locator(".note-list a.internal").count() >= 1

    page.goto(site.url("graph/"))
    notice = page.locator("#global-graph .noscript-note")
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    assert page.locator("#global-graph canvas").count() == 0
    browse.shot(page, "nojs-graph")


# ---- Table of contents


def test_contents_mark_the_last_section_after_jumping_to_the_end(browse, site):
    page = browse.page()
    page.goto(site.url(MENTEE.lstrip("/")))
    page.wait_for_timeout(300)
    page.evaluate("scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' })")
    page.wait_for_timeout(500)
    last = page.locator(".toc a").last
    assert page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 2")
    browse.shot(page, "toc-after-jump-to-end")
    assert last.get_attribute("aria-current") == "location", page.locator(".toc [aria-current]").inner_text()


# ---- Keyboard


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#content"]
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # shown on focus, not left off-screen
    browse.shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    # Focus is now on <main>, or (where <main> is not focusable) the sequential focus start point is:
    # then the next Tab lands on the first focusable thing inside it, not back in the header.
    if page.evaluate("document.activeElement.id") != "content":
        page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)")


def test_ctrl_k_opens_search_and_escape_closes_it(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    dialog = page.locator("dialog#search")
    assert not dialog.evaluate("d => d.open")
    page.locator(".note-body a.internal").first.focus()
    page.keyboard.press("Control+k")
    page.wait_for_function("document.getElementById('search').open")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("наставник")
    page.locator("#search-results a.search-result").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('search-result')")
    browse.shot(page, "keyboard-ctrl-k")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('search').open")
    assert not dialog.is_visible()
    # Focus goes back to where it was.
    assert page.evaluate("document.activeElement.matches('.note-body a.internal')")


def test_keys_typed_while_the_search_code_loads_are_kept(browse, site):
    """A reader who presses Ctrl+K and types at once, on a slow line, loses no letter: the dialog
    takes keys before its code has arrived, keeps them when it arrives, and focus goes back on Esc."""
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    page.wait_for_load_state("networkidle")
    held = []
    page.route("**/js/search.js", lambda route: held.append(route))  # held until the word is typed
    page.locator(".note-body a.internal").first.focus()
    page.keyboard.press("Control+k")
    page.keyboard.type("настав")
    assert held, "search.js was requested"
    assert page.evaluate("document.getElementById('search-input').value") == "настав"
    for route in held:
        route.continue_()
    first = page.locator("#search-results a.search-result").first
    first.wait_for()  # the code has arrived and searched for what was typed
    page.keyboard.type("ник")  # the reader goes on typing: nothing typed before is selected and lost
    assert page.evaluate("document.getElementById('search-input').value") == "наставник"
    page.wait_for_function("document.querySelector('#search-results a.search-result')"
                           "?.textContent.includes('Наставник')")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('search').open")
    assert page.evaluate("document.activeElement.matches('.note-body a.internal')")


def test_graph_canvas_is_focusable_and_keyboard_driven(browse, site):
    page = browse.page()
    page.goto(site.url("graph/"))
    canvas = page.locator("#global-graph canvas")
    canvas.wait_for()
    assert canvas.get_attribute("tabindex") == "0" and canvas.get_attribute("role") == "img"
    assert canvas.get_attribute("aria-label")
    page.locator("[data-graph-zoom=fit]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"
    assert page.evaluate("document.activeElement.closest('#global-graph') !== null")
    browse.shot(page, "keyboard-graph-focus")
