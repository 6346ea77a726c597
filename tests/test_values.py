"""One typed property value rendered as HTML, for every type (a table), plus which keys the panel shows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sitegen.collect.properties import TypedValue
from sitegen.emit.values import ValueRefs, is_shown, render_value

LINKS = {"Frank Herbert": "/people/frank-herbert/", "cover.png": "/files/cover.png"}
TAGS = {"sci-fi": "/tags/sci-fi/"}


def html(value: TypedValue, language: str = "en") -> str:
    return render_value(value, ValueRefs(LINKS.get, TAGS.get, language))


@pytest.mark.parametrize("value,expected", [
    (TypedValue("text", "plain <b>"), "plain &lt;b&gt;"),
    (TypedValue("text", "[[Frank Herbert]]"),
     '<a class="internal" href="/people/frank-herbert/">Frank Herbert</a>'),
    (TypedValue("text", "by [[Frank Herbert|F. H.]], not [[Nobody]]"),
     'by <a class="internal" href="/people/frank-herbert/">F. H.</a>, not '
     '<a class="internal unresolved" data-target="Nobody">Nobody</a>'),
    (TypedValue("text", "https://example.org/a?b=1&c"),
     '<a class="external" href="https://example.org/a?b=1&amp;c">https://example.org/a?b=1&amp;c</a>'),
    (TypedValue("text", "javascript:alert(1)"), "javascript:alert(1)"),
    (TypedValue("multitext", ("Mark Hamill", "[[Frank Herbert]]")),
     '<ul class="chips"><li class="chip">Mark Hamill</li><li class="chip">'
     '<a class="internal" href="/people/frank-herbert/">Frank Herbert</a></li></ul>'),
    (TypedValue("tags", ("sci-fi", "unknown")),
     '<ul class="chips"><li><a class="tag" href="/tags/sci-fi/">sci-fi</a></li><li>unknown</li></ul>'),
    (TypedValue("number", 7), '<span class="number">7</span>'),
    (TypedValue("number", 3.0), '<span class="number">3</span>'),
    (TypedValue("number", 2.75), '<span class="number">2.75</span>'),
    (TypedValue("checkbox", True), '<input type="checkbox" disabled checked aria-label="yes">'),
    (TypedValue("checkbox", False), '<input type="checkbox" disabled aria-label="no">'),
    (TypedValue("date", dt.date(2020, 8, 21)), '<time datetime="2020-08-21">21 August 2020</time>'),
    (TypedValue("datetime", dt.datetime(2020, 8, 21, 10, 30)),
     '<time datetime="2020-08-21T10:30:00">21 August 2020, 10:30</time>'),
    (TypedValue("multitext", ()), ""),
])
def test_render_value(value, expected):
    assert html(value) == expected


def test_dates_and_labels_follow_the_site_language():
    assert html(TypedValue("date", dt.date(2020, 8, 21)), "ru") == \
        '<time datetime="2020-08-21">21 августа 2020</time>'
    assert 'aria-label="да"' in html(TypedValue("checkbox", True), "ru")


@pytest.mark.parametrize("hidden,shown,key,visible", [
    ((), (), "author", True),
    ((), (), "tags", False),
    ((), (), "Description", False),
    ((), ("tags",), "tags", True),
    (("author",), (), "Author", False),
    (("*",), ("rating",), "rating", True),
    (("*",), ("rating",), "author", False),
])
def test_which_keys_the_panel_shows(hidden, shown, key, visible):
    config = SimpleNamespace(hidden_properties=hidden, show_properties=shown)
    assert is_shown(key, config) is visible
