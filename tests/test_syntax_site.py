"""Markdown as Obsidian shows it, in a built site: line breaks, block ids, missing anchors, Markdown links, raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build, codes, page, write_vault
from deadlinks import dead_links
from sitegen.config import ConfigError, load_config

HERE = Path(__file__).parent


def body_of(html: str) -> str:
    return html.split('<div class="note-body">')[1].split("</article>")[0]


def test_a_single_newline_is_a_line_break_unless_strict(site):
    files = {"a.md": "Строка один\nстрока два\n\n- пункт\n  продолжение\n\n```\nкод\nкод\n```\n"}
    _, out = site(files)
    body = body_of(page(out, "a/"))
    assert "Строка один<br>\nстрока два" in body and "пункт<br>\nпродолжение" in body
    assert "<code>код\nкод\n</code>" in body  # code keeps its newlines, with no <br>
    _, out = site(dict(files, **{"sitegen.toml": 'line_breaks = "strict"\n'}))
    assert "<br>" not in body_of(page(out, "a/"))


def test_a_changed_line_break_setting_never_reuses_cached_bodies(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "один\nдва\n"})
    cache_dir = str(tmp_path / "cache")
    build(vault, tmp_path / "one", cache=True, cache_dir=cache_dir)
    assert "один<br>" in page(tmp_path / "one", "a/")
    (vault / "sitegen.toml").write_text('line_breaks = "strict"\n', encoding="utf-8")
    build(vault, tmp_path / "two", cache=True, cache_dir=cache_dir)
    assert "один\nдва" in page(tmp_path / "two", "a/")


def test_line_breaks_takes_only_its_two_values(tmp_path):
    vault = write_vault(tmp_path / "v", {"sitegen.toml": 'line_breaks = "soft"\n'})
    with pytest.raises(ConfigError, match="line_breaks"):
        load_config(vault)


BLOCKS = {
    "Blocks.md": (
        "Абзац ^para\n\nДве строки\nи метка под ними\n^below\n\n- a\n- b\n^lazy-list\n\n"
        "> цитата\n^quote\n\n> [!hint]\n> Тело выноски ^callout\n\n## Раздел ^head\n\nТекст раздела.\n\n"
        "| a |\n|---|\n| 1 |\n^table\n\n![[pic.png]]\n^pic\n"),
    "pic.png": b"\x89PNG",
    "Links.md": "".join(f"[[Blocks#^{i}]] ![[Blocks#^{i}]]\n\n"
                        for i in ("para", "below", "lazy-list", "quote", "callout", "head", "table", "pic")),
}


def test_links_and_embeds_reach_every_block_id_form(site):
    result, out = site(BLOCKS)
    assert "missing-block" not in codes(result)
    target = body_of(page(out, "blocks/"))
    assert "^" not in re.sub(r"<[^>]+>", "", target)  # no id is ever shown as text
    links = body_of(page(out, "links/"))
    for ident in ("para", "below", "lazy-list", "quote", "callout", "table", "pic"):
        assert f'href="../blocks/#%5E{ident}"' in links and f'id="^{ident}"' in target
    # An id on a heading is that heading: the link lands on its slug, the embed shows its section.
    assert 'href="../blocks/#раздел"' in links
    captions = re.findall(r'<div class="embed-title"><a [^>]*>([^<]*)</a>', links)
    assert captions == ["Blocks › Абзац", "Blocks › Две строки и метка под ними", "Blocks › a b",
                        "Blocks › цитата", "Blocks › Тело выноски", "Blocks › Раздел", "Blocks › a 1",
                        "Blocks"]  # an image has no words: the note's title alone, never `^pic`
    assert "Текст раздела." in links.split("Blocks › Раздел")[1]


def test_a_heading_with_a_link_in_it_is_reached_by_the_link_obsidian_writes(site):
    # Obsidian's autocomplete links `## [[Python Operators|Operators]] return values` as
    # `#Python Operators Operators return values`: the brackets and the pipe become spaces.
    files = {"Ops.md": "# Ops\n\n## [[Python Operators|Operators]] return values\n\nText.\n",
             "Python Operators.md": "x\n",
             "Use.md": "[[Ops#Python Operators Operators return values|one]] "
                       "[[Ops#Operators return values|two]]\n"}
    result, out = site(files)
    assert [d.format() for d in result.diagnostics if d.file == "Use.md"] == []
    body = body_of(page(out, "use/"))
    assert body.count('href="../ops/#operators-return-values"') == 2


def test_links_to_a_missing_part_go_to_the_note_and_embeds_show_a_notice(site):
    files = dict(BLOCKS, **{"Gone.md": "[[Blocks#^paro]] [[Blocks#Раздл]]\n\n![[Blocks#^paro]]\n\n![[Blocks#Нет такого]]\n"})
    result, out = site(files, language="ru")
    problems = {d.format() for d in result.diagnostics if d.file == "Gone.md"}
    assert problems == {
        "Gone.md:1:1: missing-block: 'Blocks.md' has no block ^paro; did you mean '^para'?",
        "Gone.md:1:18: missing-heading: 'Blocks.md' has no heading 'Раздл'; did you mean 'Раздел'?",
        "Gone.md:3:1: missing-block: 'Blocks.md' has no block ^paro; did you mean '^para'?",
        "Gone.md:5:1: missing-heading: 'Blocks.md' has no heading 'Нет такого'",
    }
    body = body_of(page(out, "gone/"))
    assert body.count('href="../blocks/"') == 4  # both links and both notices: the note, no fragment
    notices = re.findall(r'<div class="embed embed-missing"[^>]*>(.*?)</div>', body)
    assert notices == ['<a class="internal" href="../blocks/">Blocks</a> — в этой заметке нет «^paro»',
                       '<a class="internal" href="../blocks/">Blocks</a> — в этой заметке нет «Нет такого»']
    assert "Абзац" not in body and "Тело выноски" not in body  # never the whole note


def test_markdown_links_into_the_vault_resolve_or_are_unresolved(site):
    files = {
        "Folder/Note name.md": "## Part\n",
        "a.md": ("[1](Folder/Note%20name) [2](<Folder/Note name>) [3](Folder/Note%20name.md#Part) "
                 "[4](Nowhere) [5](files/report.pdf) ![alt|250](pic.png) ![none](gone.png) "
                 "![250x100](https://example.org/p.png)\n"),
        "pic.png": b"\x89PNG",
    }
    result, out = site(files)
    broken = sorted(d.message for d in result.diagnostics if d.code == "broken-link")
    assert broken == ["embed target 'gone.png' matches no note or file",
                      "link target 'Nowhere' matches no note or file",
                      "link target 'files/report.pdf' matches no note or file"]
    body = body_of(page(out, "a/"))
    note = "../folder/note-name/"
    assert body.count(f'href="{note}"') == 2 and f'href="{note}#part"' in body
    assert '<a class="internal unresolved" data-target="Nowhere">4</a>' in body
    assert '<a class="internal unresolved" data-target="files/report.pdf">5</a>' in body
    assert '<a class="internal unresolved" data-target="gone.png">none</a>' in body
    assert re.search(r'<img src="[^"]*pic.png" alt="alt" width="250">', body)
    assert '<img src="https://example.org/p.png" alt="" width="250" height="100">' in body
    missing = page(out, "missing/")
    assert all(name in missing for name in ("Nowhere", "files/report.pdf", "gone.png"))


def test_a_stray_script_tag_in_prose_removes_only_itself(site):
    note = ("# Статья\n\nПро JavaScript: тег\nподключается так: <script> и дальше\nтекст виден.\n\n"
            "<style> тоже упоминается\n\n## Вывод\n\nКонец статьи.\n")
    result, out = site({"a.md": note})
    html = page(out, "a/")
    body = body_of(html)
    assert "текст виден." in body and "тоже упоминается" in body and "Конец статьи." in body
    assert "<script" not in body and "<style" not in body
    assert '<h2 id="вывод">Вывод<a class="heading-anchor" href="#вывод"' in body and 'href="#вывод"' in html  # on the page and in the contents
    problems = [d.format() for d in result.diagnostics if d.code == "unsafe-html"]
    assert problems == ["a.md:4:1: unsafe-html: raw HTML with <script> is removed",
                        "a.md:7:1: unsafe-html: raw HTML with <style> is removed"]


def test_callout_titles_are_not_translated(site):
    _, out = site({"a.md": "> [!hint]\n> текст\n\n> [!tip]\n> текст\n"})
    titles = re.findall(r'class="callout-title-inner">([^<]*)<', page(out, "a/"))
    assert titles == ["Hint", "Tip"]


@pytest.mark.parametrize("name", sorted(p.name for p in (HERE / "vaults").iterdir() if p.is_dir()))
def test_no_scenario_vault_has_a_dead_relative_link(name, tmp_path):
    out = tmp_path / "site"
    build(HERE / "vaults" / name, out, check_links=False)
    assert dead_links(out) == []


def test_the_dead_link_walker_finds_dead_files_and_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a> <a href="../a/#here">here</a> <a href="#gone">gone</a> '
        '<img src="pic.png"> <a href="https://example.org/x">x</a> <p id="here"></p>', encoding="utf-8")
    assert dead_links(tmp_path) == ["a/index.html: <a> ../b/ (no file)", "a/index.html: <a> #gone (no id)",
                                    "a/index.html: <img> pic.png (no file)"]
