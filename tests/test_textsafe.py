"""Control characters never reach a terminal or a JSON report raw; XML never gets a character it forbids."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import write_vault
from sitegen import cli
from sitegen.diagnostics import Diagnostic
from sitegen.textsafe import escape_control, json_safe, plain_line, xml_text
from conftest import page


@pytest.mark.parametrize("raw,shown", [
    ("plain тест", "plain тест"),
    ("a\nb", "a\\nb"),
    ("tab\there", "tab\\there"),
    ("\x1b[31mred", "\\x1b[31mred"),
    ("\x9b2J", "\\x9b2J"),  # the one-byte CSI
    ("\x7f", "\\x7f"),
    ("abc\u202edcba", "abc\\u202edcba"),  # a right-to-left override reorders what is shown
    ("line\u2028sep", "line\\u2028sep"),
])
def test_escape_control(raw, shown):
    assert escape_control(raw) == shown


def test_json_safe_keeps_the_value_and_escapes_the_rest():
    value = ["\x1b\x9b\u202e\n ок"]
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert not any(ch in text for ch in "\x1b\x9b\u202e\n")


@pytest.mark.parametrize("raw,kept", [
    ("a\x00b\x01c\x0bd\x1fe", "abcde"), ("ok\ttab\nnl\r", "ok\ttab\nnl\r"),
    ("\ufffe\uffff", ""), ("ё😀", "ё😀"),
])
def test_xml_text(raw, kept):
    assert xml_text(raw) == kept


def test_a_diagnostic_is_one_line_whatever_the_name():
    diag = Diagnostic("evil\nfake.md:1:1: error: forged\x1b[2J.md", 3, 4, "broken-link", "target 'x\ny'")
    line = diag.format()
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("evil\\nfake.md:1:1: error: forged\\x1b[2J.md:3:4: broken-link:")


def test_build_and_check_output_of_a_hostile_file_name(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"evil\nx.md:9:9: error: forged\x1b[2J.md": "[[nowhere\x1b]]",
                                         "ok.md": "fine"})
    cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search"])
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert all(not line.startswith("x.md:9:9") for line in err.splitlines())
    cli.main(["check", str(vault), "--format", "json"])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    files = {d["file"] for d in json.loads(out)}
    assert "evil\nx.md:9:9: error: forged\x1b[2J.md" in files  # the real name, escaped only in transit


def test_feed_and_sitemap_are_well_formed_with_control_characters(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "a\x01b.md": "---\ntitle: \"t\\x01i\\x0bt\\x1fle\"\ndescription: \"d\\x02\"\ndate: 2024-01-01\n"
                     "tags: [\"x\\x03y\"]\n---\nbody"})
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search",
                     "--base-url", "https://example.org/"]) in (0, 1)
    feed = ET.parse(tmp_path / "out" / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "ti tle" in titles  # the vertical tab separated words: a space; the others go
    ET.parse(tmp_path / "out" / "sitemap.xml")


@pytest.mark.parametrize("raw,clean", [
    ("Hello\x1b[31mRed\x07 bell\x00", "Hello[31mRed bell"),
    ("two\nlines\r\n", "two lines"), ("tab\there", "tab here"), ("a\u2028b", "a b"),
    ("  spaces  kept  ", "spaces  kept"), ("\x9b\x7f", ""), ("ё😀 \u202eRTL", "ё😀 \u202eRTL"),
])
def test_plain_line(raw, clean):
    assert plain_line(raw) == clean


# YAML double quotes turn \e, \a, \0, \n into the real characters.
HOSTILE_TITLE = '---\ntitle: "Evil\\e[2J\\a title\\0\\nsecond"\ndescription: "d\\e[31m\\x9b"\n' \
                'aliases: ["al\\e[1mias"]\n---\n# Body\n'


def test_control_characters_in_a_title_never_reach_the_page(site):
    result, out = site({"evil.md": HOSTILE_TITLE, "ok.md": "[[evil]] [[al[1mias]]"})
    html = page(out, "evil/")
    assert "<title>Evil[2J title second" in html and "<h1>Evil[2J title second</h1>" in html
    assert 'content="d[31m"' in html
    assert "broken-link" not in [d.code for d in result.diagnostics]  # the alias, cleaned, resolves
    for built in out.rglob("*"):
        if built.is_file() and built.suffix in (".html", ".xml", ".json"):
            text = built.read_text(encoding="utf-8")
            assert not any(ch in text for ch in "\x1b\x07\x00\x9b"), built


def test_a_file_name_with_control_characters_gives_a_clean_title(site):
    _, out = site({"\x1bname\x07.md": "x"})
    [html] = [p.read_text(encoding="utf-8") for p in out.glob("*name*/index.html")]
    assert "<title>name " in html and "<h1>name</h1>" in html
