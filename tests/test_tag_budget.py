"""A vault of very many tags: one-note tags become entries on the tags index, not pages."""

from __future__ import annotations

import pytest

from conftest import page
from sitegen.collect import tagbudget
from sitegen.collect.tagbudget import MAX_TAG_PAGES
from test_live import apply_and_compare, live_site

MANY = " ".join(f"#т{i}" for i in range(MAX_TAG_PAGES)) + " #общий"


def test_past_the_budget_a_one_note_tag_is_an_entry_on_the_tags_index(site) -> None:
    result, out = site({"много.md": "Много тегов. " + MANY, "вторая.md": "#общий #общий/вложенный"})
    limits = [d for d in result.diagnostics if d.code == "tag-limit"]
    assert len(limits) == 1 and limits[0].severity == "warning"
    # 5,000 one-note tags, «общий», and «общий/вложенный» of one note: 5,002 tags, 5,001 without a page.
    assert "5,002 tags" in limits[0].message and "5,001" in limits[0].message
    assert (out / "tags" / "общий" / "index.html").exists()
    assert not (out / "tags" / "т0").exists() and not (out / "tags" / "общий" / "вложенный").exists()
    note = page(out, "много/")
    assert 'href="../tags/#tag-т0"' in note and 'href="../tags/общий/"' in note
    index = page(out, "tags/")
    assert index.count('id="tag-т') == MAX_TAG_PAGES and 'id="tag-общий/вложенный"' in index
    assert 'id="tag-общий"' not in index  # it has a page
    home = page(out, "")
    assert 'tags/общий/' in home and "#т0<" not in home  # the home lists the tags that have pages
    parent = page(out, "tags/общий/")
    assert 'href="../../tags/#tag-общий%2Fвложенный"' in parent  # a child without a page: its entry


def test_within_the_budget_every_tag_has_its_page(site) -> None:
    result, out = site({"a.md": " ".join(f"#т{i}" for i in range(50))})
    assert "tag-limit" not in [d.code for d in result.diagnostics]
    assert (out / "tags" / "т49" / "index.html").exists() and 'id="tag-' not in page(out, "tags/")


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(tagbudget, "MAX_TAG_PAGES", 3)


@pytest.mark.usefixtures("small_budget")
def test_a_tag_that_gains_or_loses_its_page_in_watch_mode_equals_a_full_build(tmp_path_factory) -> None:
    live = live_site(tmp_path_factory, "tags", {"a.md": "#x #y #z #w", "b.md": "#w"})
    steps = [[("b.md", "#w #x")],  # x gets a page
             [("b.md", "#w")],  # and loses it
             [("a.md", "#x #y")],  # under the budget again: every tag has a page
             [("a.md", "#x #y #z #v #u")]]
    for n, ops in enumerate(steps):
        apply_and_compare(live, n, ops)
