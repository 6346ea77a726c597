"""Bad inputs from the catalogue: hostile markup, hostile paths, broken files. No crash, no leak, a located message."""

from __future__ import annotations

import re

import pytest

from conftest import codes, page


def body_of(html: str) -> str:
    return html.split('<div class="note-body">')[1].split("</article>")[0]


@pytest.mark.parametrize("markdown", [
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)", "[x](javascript&#x3A;alert(1))", "[x](&#74;avascript:alert(1))",
    "[t](javascript&colon;alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
])
def test_script_urls_never_become_links(site, markdown):
    _, out = site({"a.md": markdown})
    body = body_of(page(out, "a/")).lower()
    assert "href=\"javascript" not in body and "href=\"vbscript" not in body
    assert "href=\"data:" not in body and "href=\"file:" not in body


@pytest.mark.parametrize("markdown,forbidden", [
    ('[a](/x "t\\" onmouseover=\\"alert(1)")', "onmouseover=\""),
    ('![a" onerror="x](img.png)', 'onerror="x"'),
    ("<http://example.com/'onmouseover='alert(1)'/>", "href='"),  # double-quoted, so quotes stay data
    ('```js" onmouseover="alert(1)\ncode\n```', 'onmouseover="alert'),
    ('```"><script>alert(1)</script>\ncode\n```', "<script>"),
    ("# <img src=x onerror=alert(1)>", "onerror"),
    # The stray <noscript> goes on its own; the rest is one `<p title>` whose value is text.
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<img"),
    ("<svg onload=alert(1)>", "onload"),
    ("<iframe srcdoc='<script>alert(1)</script>'></iframe>", "srcdoc"),
])
def test_attribute_breakouts_are_escaped(site, markdown, forbidden):
    _, out = site({"a.md": markdown}, check_links=False)  # raw `<img src=x>` stays as written
    assert forbidden not in body_of(page(out, "a/"))


@pytest.mark.parametrize("markdown", [
    "<![", "<!-- never closed", "<div>not closed", "</div></div>", "<div><span>",
    "[" * 10000, ">" * 10000 + " deep", "- " * 2000 + "x", "*_" * 40000, "[]( \"" * 800,
    "\"" * 100000, "?c_" * 100000, "`" * 5000, "%%" * 3000, "==" * 3000, "[[" * 3000 + "]]" * 3000,
])
def test_pathological_markdown_builds(site, markdown):
    result, out = site({"a.md": markdown, "b.md": "[[a]]"})
    assert (out / "a" / "index.html").exists() and (out / "b" / "index.html").exists()
    assert "bad-markdown" not in codes(result)


def test_traversal_links_are_errors_and_never_read(site, tmp_path):
    (tmp_path / "secret.txt").write_text("TOP SECRET")
    result, out = site({"a.md": "[[../secret.txt]] ![[../../secret.txt]] [x](../secret.txt) ![[/etc/passwd]]"})
    outside = [d.format() for d in result.diagnostics if d.code == "link-outside-vault"]
    assert outside == [
        "a.md:1:1: link-outside-vault: link target '../secret.txt' is outside the vault; not followed",
        "a.md:1:19: link-outside-vault: embed target '../../secret.txt' is outside the vault; not followed",
        "a.md:1:41: link-outside-vault: link target '../secret.txt' is outside the vault; not followed",
    ]
    assert "broken-link" in codes(result)  # /etc/passwd is read as a vault-root path that is missing
    assert "TOP SECRET" not in "".join(p.read_text(errors="ignore") for p in out.rglob("*") if p.is_file())
    assert not list(out.rglob("passwd"))


@pytest.mark.parametrize("permalink", ["../../../tmp/pwned", "..", "%2e%2e%2f%2e%2e%2f", "/../../x", "a/./b"])
def test_permalinks_cannot_leave_the_site(site, tmp_path, permalink):
    result, out = site({"a.md": f"---\npermalink: '{permalink}'\n---\nx"})
    assert "bad-permalink" in codes(result)
    assert not (tmp_path / "tmp").exists() and not (tmp_path / "pwned").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "vault"]


def test_names_that_differ_only_in_normalization(site):
    result, out = site({"Cafe\u0301.md": "NFD", "Café.md": "NFC", "b.md": "[[Café]]"})
    assert "slug-collision" in codes(result)
    assert "internal unresolved" not in page(out, "b/")


def test_trailing_dots_and_spaces_in_names(site):
    _, out = site({"Draft .md": "один", "notes./x.md": "два", "b.md": "[[Draft ]] [[notes./x]]"})
    assert "один" in page(out, "draft/") and "два" in page(out, "notes/x/")


def test_long_and_reserved_names(site):
    long_name = ("Длинное название " * 7).strip()  # 220 bytes: a legal file name, too long a URL
    result, out = site({f"{long_name}.md": "длинная", "CON.md": "con", "b.md": f"[[{long_name}]] [[CON]]"})
    assert "long-name" in codes(result) and "reserved-name" in codes(result)
    assert all(len(p.name.encode()) <= 200 for p in out.rglob("*"))
    assert "длинная" in "".join(p.read_text() for p in out.rglob("index.html"))


@pytest.mark.parametrize("content", ["", "   \n\n  ", "---\ntitle: Только свойства\n---\n"])
def test_empty_notes_render_a_page(site, content):
    result, out = site({"Пустая.md": content})
    html = page(out, "пустая/")
    assert re.search(r"<h1>(Пустая|Только свойства)</h1>", html)
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_huge_note_is_skipped_with_a_message(site, monkeypatch):
    monkeypatch.setattr("sitegen.collect.vault.MAX_NOTE_BYTES", 1000)
    result, out = site({"big.md": "x" * 2000, "small.md": "[[big]]"})
    assert "big.md:1:1: file-too-large" in " ".join(d.format() for d in result.diagnostics)
    assert (out / "small" / "index.html").exists()


def test_utf16_with_bom_is_accepted(site):
    _, out = site({"u.md": "\ufeffПривет из UTF-16".encode("utf-16")})
    assert "Привет из UTF-16" in page(out, "u/")


@pytest.mark.parametrize("data", [b"\xff\xfeabc", b"\xff\xfe\x00\xd8a\x00"], ids=["odd-length", "lone-surrogate"])
def test_a_utf16_mark_on_other_bytes_is_an_encoding_problem(site, data):
    result, out = site({"u.md": data, "ok.md": "x"})
    found = [d.format() for d in result.diagnostics]
    assert any(d.startswith("u.md:1:") and "bad-encoding: not valid UTF-16 at byte" in d for d in found), found
    assert (out / "ok" / "index.html").exists()


def test_private_use_markers_cannot_be_forged(site):
    _, out = site({"a.md": "Текст \ue000 и \ue0020\ue003 конец", "b.md": "x"})
    html = page(out, "a/")
    assert "\ue000" not in html and "\ue002" not in html and "Текст" in html
