"""Raw HTML never runs script or mounts the theme's widgets: iframes only from allowed hosts, data-* only sitegen's own."""

from __future__ import annotations

import pytest

from conftest import page
from sitegen.syntax.hosts import BadHost, frame_allowed, frame_origin, normalize_host
from sitegen.syntax.sanitize import clean_html, unsafe_html

ALLOWED = ("www.youtube.com", "пример.рф", "media.example.org:8443")

# (src as written in a note, whether an iframe may load it with ALLOWED)
FRAME_SOURCES = [
    ("https://www.youtube.com/embed/x", True),
    ("HTTPS://WWW.YOUTUBE.COM/embed/x", True),
    ("https://www.youtube.com:443/embed/x", True),
    ("http://www.youtube.com/embed/x", True),
    ("//www.youtube.com/embed/x", True),
    ("https://www.youtube.com./embed/x", True),
    ("https://www.you%74ube.com/embed/x", True),  # the browser decodes the host too
    ("https://www.you\ttube.com/embed/x", True),  # tabs and newlines are dropped by browsers
    ("https://пример.рф/видео", True),
    ("https://xn--e1afmkfd.xn--p1ai/видео", True),
    ("https://ПРИМЕР.РФ/видео", True),
    ("https://media.example.org:8443/v", True),
    ("files/doc.pdf#page=2", True),  # a page of this site: sitegen's PDF embeds
    ("\ue000files/doc.pdf", True),
    ("../x/", True),
    ("/%5Cevil.com", True),  # an encoded backslash stays in the path
    ("https://evil.com/", False),
    ("//evil.com/", False),
    ("/\\evil.com/", False),
    (" //evil.com/", False),
    ("\t\n//evil.com/", False),
    ("\\\\evil.com/", False),
    ("https:\\\\evil.com/", False),
    ("https:evil.com/", False),
    ("https:/evil.com/", False),
    ("https:///evil.com/", False),
    ("https://www.youtube.com@evil.com/", False),
    ("https://www.youtube.com:443@evil.com/", False),
    ("https://evil.com\\@www.youtube.com/", False),
    ("https://evil.com#@www.youtube.com/", False),
    ("https://evil.com?@www.youtube.com/", False),
    ("https://www.youtube.com.evil.com/", False),
    ("https://youtube.com/embed/x", False),  # another host: listed hosts match exactly
    ("https://www.youtube.com:8080/", False),
    ("https://media.example.org/v", False),  # listed with its port only
    ("https://www.youtube.com:x/", False),
    ("https://ｗｗｗ.youtube.com/", False),  # full-width letters map to ASCII: refused, not guessed
    ("https://straße.example/", False),  # IDNA 2003 and browsers disagree on ß
    ("javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("about:blank", False),
    ("https://", False),
]


@pytest.mark.parametrize("src, allowed", FRAME_SOURCES)
def test_iframe_sources_are_read_as_a_browser_reads_them(src, allowed):
    assert frame_allowed(src, ALLOWED) is allowed


def test_nothing_but_this_site_without_an_allow_list():
    assert frame_allowed("https://www.youtube.com/embed/x", ()) is False
    assert frame_allowed("files/doc.pdf", ()) is True
    assert frame_origin("//evil.com:0443/") == ("evil.com", "")


@pytest.mark.parametrize("host", ["straße.de", "ｅｘａｍｐｌｅ.com", "a b.com", "x/y", "", "a%zz.com", "a@b"])
def test_hosts_that_do_not_read_back_as_written_are_refused(host):
    with pytest.raises(BadHost):
        normalize_host(host)


def test_sanitizer_keeps_allowed_frames_and_our_pdf_embeds():
    html = ('<iframe src="https://www.youtube.com/embed/x" allowfullscreen srcdoc="<script>x</script>"></iframe>'
            '<iframe src="//evil.com/"></iframe>'
            '<iframe class="embed-pdf" src="\ue000files/doc.pdf#page=2" title="doc" loading="lazy"></iframe>')
    cleaned = clean_html(html, ("www.youtube.com",))
    assert '<iframe src="https://www.youtube.com/embed/x" allowfullscreen="">' in cleaned
    assert "evil.com" not in cleaned and "srcdoc" not in cleaned and "<script" not in cleaned
    assert '<iframe class="embed-pdf" src="\ue000files/doc.pdf#page=2" title="doc" loading="lazy">' in cleaned
    assert "youtube" not in clean_html(html)  # default: no hosts at all


def test_data_attributes_are_only_the_renderers_own():
    html = ('<div class="graph" data-graph="global" data-s-label="x" data-id="a">g</div>'
            '<button data-search-url data-graph-zoom="in">b</button>'
            '<div class="callout" data-callout="note">c</div><li data-task="x">t</li>'
            '<a class="internal unresolved" data-target="Нет">Нет</a><article data-foreign-widget>p</article>')
    cleaned = clean_html(html)
    for widget in ("data-graph", "data-s-label", "data-id", "data-search-url", "data-foreign-widget"):
        assert widget not in cleaned
    assert 'data-callout="note"' in cleaned and 'data-task="x"' in cleaned and 'data-target="Нет"' in cleaned


@pytest.mark.parametrize("fragment, what", [
    ('<iframe src="//evil.com/">', "an iframe of a host not in iframe_hosts"),
    ('<iframe srcdoc="x">', "an iframe srcdoc"),
    ('<div data-graph="global">', "a data-graph attribute"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "a javascript:/data: URL"),
    ('<img src=x onerror=alert(1)>', "an event-handler attribute"),
    ("<script>alert(1)</script>", "<script>"),
    ('<svg><circle r="1"/></svg>', "<svg>"),
    ('<object data="x.swf">', "<object>"),
])
def test_detector_names_what_the_sanitizer_removes(fragment, what):
    assert unsafe_html(fragment) == what


@pytest.mark.parametrize("fragment", [
    '<iframe src="https://www.youtube.com/embed/x" allowfullscreen>', '<div data-callout="note">',
    '<b class="x">ok</b>', "no markup at all",
])
def test_detector_is_quiet_about_what_stays(fragment):
    assert unsafe_html(fragment, ("www.youtube.com",)) == ""


def _body(out, url: str) -> str:
    return page(out, url).split('<div class="note-body">')[1].split("</article>")[0]


NOTE = ("Видео:\n\n<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\"></iframe>\n\n"
        "Чужое:\n\n<iframe src=\"/\\evil.com/\"></iframe>\n\n"
        "<div class=\"graph graph-global\" data-graph=\"global\" data-s-label=\"x\">граф</div>\n\n"
        "![[doc.pdf#page=3]]\n")


def test_a_note_cannot_frame_other_sites_or_mount_widgets(site):
    result, out = site({"a.md": NOTE, "doc.pdf": b"%PDF-1.4\n"})
    body = _body(out, "a/")
    assert "youtube.com" not in body and "evil.com" not in body
    assert "data-graph" not in body and "data-s-label" not in body and "граф" in body
    assert '<iframe class="embed-pdf" src="../files/doc.pdf#page=3"' in body  # our own embed still works
    problems = {(d.line, d.message) for d in result.diagnostics if d.code == "unsafe-html"}
    assert (3, "raw HTML with an iframe of a host not in iframe_hosts is removed") in problems
    assert (7, "raw HTML with an iframe of a host not in iframe_hosts is removed") in problems
    assert (9, "raw HTML with a data-graph attribute is removed") in problems


def test_iframe_hosts_in_the_config_let_those_frames_through(site):
    result, out = site({"a.md": NOTE, "doc.pdf": b"%PDF-1.4\n",
                        "sitegen.toml": 'iframe_hosts = ["www.youtube.com"]\n'})
    body = _body(out, "a/")
    assert '<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>' in body
    assert "evil.com" not in body
    lines = sorted(d.line for d in result.diagnostics if d.code == "unsafe-html")
    assert lines == [7, 9]


def test_an_embedded_section_is_sanitized_with_the_same_hosts(site):
    files = {"a.md": "![[b#Видео]]", "sitegen.toml": 'iframe_hosts = ["www.youtube.com"]\n',
             "b.md": "## Видео\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n"
                     "<iframe src=\"https://evil.com/\"></iframe>\n"}
    _, out = site(files)
    body = _body(out, "a/")
    assert 'src="https://www.youtube.com/embed/abc"' in body and "evil.com" not in body


def test_a_bad_iframe_host_is_a_config_error(site):
    from sitegen.config import ConfigError

    with pytest.raises(ConfigError, match=r"sitegen.toml:1:1: bad-config: 'iframe_hosts' entry 'https://x.org/'"):
        site({"a.md": "x", "sitegen.toml": 'iframe_hosts = ["https://x.org/"]\n'})


def test_trusted_html_keeps_frames_and_data_attributes(site):
    _, out = site({"a.md": NOTE, "doc.pdf": b"%PDF-1.4\n", "sitegen.toml": "trust_html = true\n"},
                  check_links=False)  # trusted raw HTML is published as written, relative URLs too
    body = _body(out, "a/")
    assert "evil.com" in body and 'data-graph="global"' in body
