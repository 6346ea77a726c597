"""Hover previews beyond notes: a tag or a folder shows the list of its notes; an external link
shows nothing (and nothing is fetched for it). Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

import pytest

from .conftest import MENTOR, TAG, path_of
from .test_reader import popover_of

pytestmark = pytest.mark.browser


def test_a_tag_previews_its_notes(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    tag = page.locator(".tag-list a.tag", has_text="#тип/роль").first
    assert path_of(tag.evaluate("a => a.href")) == TAG
    tag.hover()
    pop = popover_of(page)
    assert pop.locator(".popover-title").inner_text() == "#тип/роль"
    titles = pop.locator(".note-list a").all_inner_texts()
    assert "Наставник" in titles and "Наставляемый" in titles, titles
    browse.shot(page, "previews-tag")


def test_a_folder_previews_its_notes(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    crumb = page.locator(".breadcrumbs a").last  # the note's own folder, «Роли»
    crumb.hover()
    pop = popover_of(page)
    listed = " ".join(pop.inner_text().split())
    assert "Наставник" in listed and "Наставляемый" in listed, listed
    assert pop.locator(".folder-contents, .note-list").count()
    browse.shot(page, "previews-folder")


def test_an_external_link_has_no_preview(browse, site):
    page = browse.page()
    page.goto(site.url(MENTOR.lstrip("/")))
    # As the renderer marks a link to another site (the vault has none of its own).
    page.evaluate("""() => {
        const a = document.createElement('a');
        a.className = 'external'; a.href = 'https://example.org/page'; a.textContent = 'elsewhere';
        a.style.cssText = 'position:fixed;left:300px;top:300px;z-index:99;background:#fff';
        document.body.append(a);
    }""")
    # Previews load with the first internal link the pointer reaches: reach one first.
    page.locator(".note-body a.internal").first.hover()
    popover_of(page)
    page.mouse.move(5, 790)
    page.locator(".popover").wait_for(state="hidden")
    page.locator("a.external").hover()
    page.wait_for_timeout(900)  # well past the preview's delay
    assert page.locator(".popover:not([hidden])").count() == 0
    assert not [u for u in browse.requests if "example.org" in u]
