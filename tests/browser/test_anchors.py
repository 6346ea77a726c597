"""Heading anchor links: a '#' that shows when the reader points at the heading or tabs to it,
links to the heading's own address, and opens the page at that heading."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from .conftest import MENTOR

pytestmark = pytest.mark.browser


def test_heading_anchor_shows_on_hover_and_focus_and_links_to_the_heading(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    heading = page.locator(".note-body h2", has_text="Права").first
    anchor = heading.locator("a.heading-anchor")
    opacity = lambda: float(anchor.evaluate("a => getComputedStyle(a).opacity"))  # noqa: E731
    page.mouse.move(5, 790)
    assert opacity() < 0.1  # out of the way while reading
    heading.hover()
    page.wait_for_function("a => getComputedStyle(a).opacity === '1'", arg=anchor.element_handle())
    browse.shot(page, "anchor-hover")
    page.mouse.move(5, 790)
    anchor.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    page.wait_for_function("a => getComputedStyle(a).opacity === '1'", arg=anchor.element_handle())
    href = anchor.evaluate("a => a.href")
    assert unquote(href).endswith(f"{MENTOR}#права")
    # The copied address opens the page at that heading.
    other = browse.page()
    other.goto(href)
    top = other.locator(".note-body h2", has_text="Права").first.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 200, top
