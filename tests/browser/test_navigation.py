"""Instant navigation in Chromium: a link the reader points at is fetched ahead, a click swaps the
page in place (the document is not loaded again), and back and forward restore the earlier page,
its scroll position and focus; with reduced motion there is no transition, and on any failure the
browser's own navigation takes over. Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

import pytest

from .conftest import MENTEE, MENTOR, path_of

pytestmark = pytest.mark.browser

# Set on the first document: still there after a swap, gone after a full load.
MARK = "window.__sameDocument = true"
SAME = "window.__sameDocument === true"


def swapped(page, title: str) -> None:
    """Wait until the page shows `title` and its view transition, if any, has finished."""
    page.wait_for_function(f"document.querySelector('main h1')?.textContent.trim() === {title!r}")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def open_mentor(browse, site, **options):
    page = browse.page(**options)
    page.goto(site.url(MENTOR.lstrip("/")))
    page.wait_for_load_state("networkidle")
    page.evaluate(MARK)
    return page


def test_click_swaps_the_page_and_back_restores_it_with_its_scroll(browse, site):
    page = open_mentor(browse, site)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(path_of(r.url)) if r.resource_type == "fetch" else None)
    documents: list[str] = []
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)

    # A link far down the page: the backlinks.
    link = page.locator(".backlink-list > li > a").first
    title = link.inner_text().strip()
    target = path_of(link.evaluate("a => a.href"))
    link.scroll_into_view_if_needed()
    page.evaluate("scrollBy(0, 120)")
    before = page.evaluate("scrollY")
    assert before > 300

    # Pointing at it fetches the page ahead of the click.
    link.hover()
    page.wait_for_function(f"performance.getEntriesByType('resource').some(e => decodeURI(e.name).endsWith({target!r}))")
    assert target in fetched
    link.click()
    page.wait_for_url(lambda url: path_of(url) == target)
    swapped(page, title)
    assert page.evaluate(SAME), "the click loaded a whole new document"
    assert not documents, documents
    assert fetched.count(target) == 1  # the prefetched copy was used
    assert page.title().startswith(title)
    assert page.evaluate("scrollY") == 0
    # Focus is on the new heading, where a screen reader starts reading.
    assert page.evaluate("document.activeElement.matches('main h1')")
    # Links outside the swapped part point from the new page's place.
    home = page.locator(".site-title").evaluate("a => a.href")
    assert path_of(home) == "/"
    assert page.locator(".explorer [aria-current=page]").evaluate_all("els => els.map(a => a.dataset.url)") in ([], [target.lstrip("/")])
    browse.shot(page, "navigation-1-swapped")

    # The new page's own scripts run: its local graph draws once the reader moves.
    page.mouse.move(600, 400)
    page.locator(".local-graph canvas").wait_for()

    page.go_back()
    page.wait_for_url(lambda url: path_of(url) == MENTOR)
    swapped(page, 'Наставник')
    assert page.evaluate(SAME)
    page.wait_for_function(f"Math.abs(scrollY - {before}) < 3")
    browse.shot(page, "navigation-2-back")

    page.go_forward()
    page.wait_for_url(lambda url: path_of(url) == target)
    swapped(page, title)
    assert page.evaluate(SAME) and page.evaluate("scrollY") == 0
    assert not documents, documents


def test_a_wikilink_to_a_section_opens_at_the_section(browse, site):
    page = open_mentor(browse, site)
    link = page.locator(".note-body a.internal", has_text="наставляемый").first
    assert path_of(link.evaluate("a => a.href")) == MENTEE
    link.click()
    page.wait_for_url(lambda url: path_of(url) == MENTEE)
    swapped(page, 'Наставляемый')
    assert page.evaluate(SAME)
    # A heading of the new page, reached through its contents, then back to the top with Back.
    anchor = page.locator(".note-body h2[id]").first
    anchor_id = anchor.get_attribute("id")
    page.evaluate("id => { location.hash = encodeURIComponent(id); }", anchor_id)
    page.wait_for_function("scrollY > 0")
    page.go_back()
    page.wait_for_function("scrollY === 0")
    assert path_of(page.url) == MENTEE and page.evaluate(SAME)
    page.go_back()
    swapped(page, 'Наставник')
    assert page.evaluate(SAME)


TRANSITIONS = """() => {
    window.__transitions = 0;
    const start = document.startViewTransition?.bind(document);
    if (start) document.startViewTransition = (cb) => { window.__transitions++; return start(cb); };
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_view_transition_only_when_motion_is_welcome(browse, site, motion):
    page = open_mentor(browse, site, reduced_motion=motion)
    assert page.evaluate("typeof document.startViewTransition") == "function"
    page.evaluate(TRANSITIONS)
    page.locator(".note-body a.internal", has_text="наставляемый").first.click()
    swapped(page, 'Наставляемый')
    assert page.evaluate(SAME)
    assert page.evaluate("window.__transitions") == (0 if motion == "reduce" else 1)


def test_a_failed_fetch_falls_back_to_a_full_load(browse, site):
    page = open_mentor(browse, site)
    # Fetches fail (as on a flaky connection); the browser's own navigation still works.
    page.route("**/*", lambda route: route.abort() if route.request.resource_type == "fetch" else route.continue_())
    page.locator(".note-body a.internal", has_text="наставляемый").first.click()
    page.wait_for_url(lambda url: path_of(url) == MENTEE)
    swapped(page, 'Наставляемый')
    assert not page.evaluate(SAME)
    page.go_back()
    page.wait_for_url(lambda url: path_of(url) == MENTOR)
