"""Attachments never run script on the site: SVG is rebuilt clean, HTML is published as text, symlinks are not followed."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from conftest import build, codes, page, write_vault
import sitegen.emit.writer
import sitegen.site
from sitegen.emit.svg import SvgError, clean_svg
from sitegen.emit.attachments import EMPTY_SVG

EVIL_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 20 20" onload="alert(1)">
  <script>alert(document.domain)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <rect id="box" width="20" height="20" fill="url(#g)" style="stroke:blue;fill:url(https://evil.example/a.svg#p)"/>
  <circle cx="5" cy="5" r="3" onclick="alert(2)" filter="url(https://evil.example/f.svg#f)"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/><use href="#box" x="1"/>
  <a xlink:href="javascript:alert(3)"><text x="1" y="15">ссылка</text></a>
  <a href="https://example.org/"><text>хорошая</text></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(4)"/></div></foreignObject>
  <image href="https://tracker.example/pixel.png"/>
  <image href="data:image/png;base64,iVBORw0KGgo="/>
  <animate attributeName="href" to="javascript:alert(5)"/>
  <set attributeName="onmouseover" to="alert(6)"/>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <style>@font-face { font-family: V; src: url("https://fonts.example/v.woff2") } text { font-family: V }</style>
  <inkscape:namedview/>
  <text>a<tspan>b</tspan>c<script>alert(7)</script>d</text>
</svg>
""".encode()


def _all_text(root: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(root.rglob("*")) if p.is_file())


def test_svg_is_rebuilt_without_anything_that_runs_or_loads():
    data, removed = clean_svg(EVIL_SVG)
    text = data.decode()
    for bad in ("<script", "onload", "onclick", "onerror", "foreignObject", "javascript:", "evil.example",
                "tracker.example", "fonts.example", "@import", "<animate", "<set", "inkscape", "DOCTYPE"):
        assert bad not in text, bad
    for kept in ('<linearGradient id="g">', 'fill="url(#g)"', "stroke:blue", '<use href="#box" x="1" />',
                 '<a href="https://example.org/">', "ссылка", "data:image/png;base64,iVBORw0KGgo=",
                 "text { font-family: V }", "<text>a<tspan>b</tspan>cd</text>"):
        assert kept in text, kept
    assert removed == ["<foreignObject>", "<script>", "a javascript:/data: link", "an event-handler attribute",
                       "an outside reference", "animation", "style that imports or hides a URL"]
    assert clean_svg(data) == (data, [])  # the result is already clean


@pytest.mark.parametrize("svg, why", [
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "declares XML entities"),
    (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     "declares XML entities"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect>', "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "root element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 500 + b"</g>" * 500 + b"</svg>", "nested"),
])
def test_svg_that_cannot_be_read_safely_is_refused(svg, why):
    with pytest.raises(SvgError, match=why):
        clean_svg(svg)


@pytest.mark.parametrize("css", ["fill: u\\72l(https://evil.example/)", "fill: url(https://evil.example/",
                                 "background: image-set('https://evil.example/a.png' 1x)"])
def test_css_that_could_hide_an_outside_url_is_dropped(css):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><rect style="{css}"/></svg>'.encode()
    assert b"evil" not in clean_svg(svg)[0]


def test_svg_attachments_are_published_clean_with_a_warning(site):
    plain = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
    result, out = site({"a.md": "![[evil.svg]] ![[plain.svg]] ![[broken.svg]] ![[zipped.svgz]]",
                        "evil.svg": EVIL_SVG, "plain.svg": plain, "broken.svg": b"<svg><g>",
                        "zipped.svgz": gzip.compress(EVIL_SVG)})
    published = (out / "files" / "evil.svg").read_bytes()
    assert b"<script" not in published and b"<rect" in published
    unzipped = gzip.decompress((out / "files" / "zipped.svgz").read_bytes())
    assert b"<script" not in unzipped and b"<rect" in unzipped
    assert b"<rect" in (out / "files" / "plain.svg").read_bytes()
    # Nothing of a refused SVG is published, and the page's image URL still works.
    assert (out / "files" / "broken.svg").read_bytes() == EMPTY_SVG
    said = {d.file: d.message for d in result.diagnostics if d.code == "unsafe-attachment"}
    assert said["evil.svg"].startswith("SVG published without <foreignObject>, <script>")
    assert said["broken.svg"].startswith("SVG not published (an empty image stands in for it): not well-formed XML")
    assert "plain.svg" not in said and "zipped.svgz" in said


def test_html_attachments_are_published_as_text_unless_trusted(site):
    files = {"a.md": "[[page.html]] ![[feed.xml]] [[doc.pdf]]",
             "page.html": "<html><script>alert(1)</script></html>",
             "feed.xml": '<x:html xmlns:x="http://www.w3.org/1999/xhtml"><x:script>alert(1)</x:script></x:html>',
             "doc.pdf": b"%PDF-1.4\n"}
    result, out = site(files)
    assert not (out / "files" / "page.html").exists() and not (out / "files" / "feed.xml").exists()
    assert (out / "files" / "page.html.txt").read_text() == files["page.html"]
    assert (out / "files" / "feed.xml.txt").exists() and (out / "files" / "doc.pdf").exists()
    html = page(out, "a/")
    assert 'href="../files/page.html.txt"' in html and 'href="../files/feed.xml.txt"' in html
    assert sorted(d.file for d in result.diagnostics if d.code == "unsafe-attachment") == ["feed.xml", "page.html"]
    result, out = site(dict(files, **{"sitegen.toml": "trust_html = true\n"}))
    assert (out / "files" / "page.html").read_text() == files["page.html"]
    assert "unsafe-attachment" not in codes(result)


def test_check_reports_attachments_too(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "![[x.svg]] [[p.htm]]", "x.svg": b"<svg", "p.htm": "<p>"})
    result = build(vault, None)
    assert sorted(d.file for d in result.diagnostics if d.code == "unsafe-attachment") == ["p.htm", "x.svg"]


def test_symlinks_into_excluded_or_hidden_folders_are_not_published(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "[[доступ]] ![[ключ.png]] [[тайна]]",
                                         "private/пароли.md": "пароль-123", "private/ключ.png": b"KEY-456",
                                         ".obsidian/тайна.md": "тайна-789", "ok/b.md": "видно"})
    (vault / "доступ.md").symlink_to(vault / "private" / "пароли.md")  # a file symlink
    (vault / "ключ.png").symlink_to(vault / "private" / "ключ.png")
    (vault / "зеркало").symlink_to(vault / "private", target_is_directory=True)  # a folder symlink
    (vault / "скрытое").symlink_to(vault / ".obsidian", target_is_directory=True)
    (vault / "тоже.md").symlink_to(vault / "ok" / "b.md")  # allowed: not hidden
    result = build(vault, tmp_path / "out")
    text = _all_text(tmp_path / "out")
    assert "пароль-123" not in text and "KEY-456" not in text and "тайна-789" not in text
    assert sorted(d.file for d in result.diagnostics if d.code == "symlink-excluded") == [
        "доступ.md", "зеркало", "ключ.png", "скрытое"]
    assert "видно" in page(tmp_path / "out", "тоже/")


def _swap(monkeypatch, swap) -> None:
    """Run `swap()` after the vault is scanned and the notes are read, just before files are copied."""
    real = sitegen.emit.writer.copied_files

    def copied_then_swapped(*args):
        files = real(*args)
        swap()
        return files

    monkeypatch.setattr(sitegen.emit.writer, "copied_files", copied_then_swapped)


def test_an_attachment_swapped_for_a_symlink_during_the_build_is_not_followed(tmp_path, monkeypatch):
    secret = write_vault(tmp_path / "home", {"id_rsa": "PRIVATE KEY"})
    vault = write_vault(tmp_path / "v", {"a.md": "![[pic.png]] ![[docs/b.pdf]]", "pic.png": b"PNG",
                                         "docs/b.pdf": b"%PDF"})
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "b.pdf").write_text("PRIVATE FOLDER")

    def swap():
        (vault / "pic.png").unlink()
        (vault / "pic.png").symlink_to(secret / "id_rsa")
        os.rename(vault / "docs", tmp_path / "docs-moved")
        (vault / "docs").symlink_to(tmp_path / "evil", target_is_directory=True)

    _swap(monkeypatch, swap)
    result = build(vault, tmp_path / "out", check_links=False)  # the swapped file is not published
    text = _all_text(tmp_path / "out")
    assert "PRIVATE" not in text
    said = {d.file: d.message for d in result.diagnostics if d.code == "unsafe-attachment"}
    assert "symlink" in said["pic.png"] and "symlink" in said["docs/b.pdf"]
    assert page(tmp_path / "out", "a/")  # the rest of the site is there


def test_a_note_swapped_for_a_symlink_after_the_scan_is_not_read(tmp_path, monkeypatch):
    secret = write_vault(tmp_path / "home", {"secret.md": "PRIVATE NOTE"})
    vault = write_vault(tmp_path / "v", {"a.md": "обычная", "b.md": "[[a]]"})
    real_scan = sitegen.site.scan_vault

    def scan_then_swap(*args):
        files = real_scan(*args)
        (vault / "a.md").unlink()
        (vault / "a.md").symlink_to(secret / "secret.md")
        return files

    monkeypatch.setattr(sitegen.site, "scan_vault", scan_then_swap)
    result = build(vault, tmp_path / "out")
    assert "PRIVATE NOTE" not in _all_text(tmp_path / "out")
    assert any(d.file == "a.md" and "symlink" in d.message for d in result.diagnostics)
