"""Defaults a new user expects, and the vault's own .obsidian/ settings, seen in the built site."""

from __future__ import annotations

import json

import pytest

from conftest import codes, page

ENGLISH = {
    "Notes/Dune.md": "---\ndate: 2022-11-21\n---\nA desert planet and [[Arrakis]].\n",
    "Notes/Arrakis.md": "The planet of [[Dune]].\n",
}
RUSSIAN = {
    "Заметки/Дюна.md": "---\ndate: 2022-11-21\n---\nПустынная планета и [[Арракис]].\n",
    "Заметки/Арракис.md": "Планета из книги [[Дюна]].\n",
}


def test_site_language_comes_from_the_notes(site):
    _, out = site(ENGLISH)
    html = page(out, "notes/dune/")
    assert '<html lang="en"' in html and "Backlinks" in html and "21 November 2022" in html
    assert "<title>Dune — Notes</title>" in html  # the default site title follows the language


def test_cyrillic_notes_give_a_russian_site(site):
    _, out = site(RUSSIAN)
    html = page(out, "заметки/дюна/")
    assert '<html lang="ru"' in html and "Обратные ссылки" in html and "21 ноября 2022" in html
    assert "<title>Дюна — Заметки</title>" in html


def test_configured_language_wins_and_note_lang_stays(site):
    files = dict(ENGLISH, **{"sitegen.toml": 'language = "ru"\n',
                             "Notes/Polski.md": "---\nlang: pl\n---\nTekst.\n"})
    _, out = site(files)
    assert '<html lang="ru"' in page(out, "notes/dune/")
    assert 'lang="pl"' in page(out, "notes/polski/")


@pytest.mark.parametrize("files,home_text", [
    ({"index.md": "From index.", "Home.md": "From Home.", "README.md": "From readme."}, "From index."),
    ({"Home.md": "From Home.", "README.md": "From readme."}, "From Home."),
    ({"home.md": "From home.", "README.md": "From readme."}, "From home."),
    ({"Readme.md": "From readme.", "Other.md": "x"}, "From readme."),
    ({"Start.md": "---\npermalink: /\n---\nFrom start.", "Other.md": "x"}, "From start."),
])
def test_home_page_choice(site, files, home_text):
    result, out = site(files)
    assert home_text in page(out, "")
    assert "bad-permalink" not in codes(result)


def test_home_page_in_a_subfolder_is_not_chosen(site):
    _, out = site({"Docs/Home.md": "Nested home.", "Other.md": "Other."})
    assert "Nested home." not in page(out, "")


def test_permalink_slash_beside_an_index_is_a_note_and_a_warning_at_the_key(site):
    result, out = site({"index.md": "Index.", "Start.md": "---\ntitle: S\npermalink: /\n---\nStart."})
    assert "Index." in page(out, "")
    assert "Start." in page(out, "start/")
    [diag] = result.diagnostics  # a warning: not a failure without --strict, but never silent
    assert (diag.file, diag.line, diag.col, diag.code, diag.severity) == \
        ("Start.md", 3, 12, "home-permalink", "warning")


def test_permalink_with_a_leading_slash(site):
    result, out = site({"index.md": "x", "Guide.md": "---\npermalink: /help/guide\n---\nGuide."})
    assert "bad-permalink" not in codes(result)
    assert "url=../../guide/" in page(out, "help/guide/")


def test_publish_opt_in(site):
    files = {"index.md": "---\npublish: true\n---\nHome: [[A]], [[B]], [[C]].",
             "A.md": "---\npublish: true\n---\nA.", "B.md": "---\ndg-publish: true\n---\nB.",
             "C.md": "C, not opted in.", "sitegen.toml": 'publish = "opt-in"\n'}
    result, out = site(files)
    assert (out / "a" / "index.html").exists() and (out / "b" / "index.html").exists()
    assert not (out / "c").exists()
    assert [(d.file, d.code) for d in result.diagnostics] == [("index.md", "link-to-unpublished")]


def test_publish_all_is_the_default(site):
    _, out = site({"index.md": "[[C]]", "C.md": "C.", "D.md": "---\ndg-publish: false\n---\nD."})
    assert (out / "c" / "index.html").exists() and not (out / "d").exists()


def test_default_excluded_names_match_at_any_depth(site):
    files = {"index.md": "x", "Projects/templates/Book.md": "t", "Projects/Private/Plan.md": "p",
             "Projects/Шаблоны/Т.md": "т", "Projects/private.md": "a note named private", "Projects/A.md": "a"}
    result, out = site(files)
    assert result.notes == 3  # index, Projects/private.md, Projects/A.md
    assert (out / "projects" / "private" / "index.html").exists()


def test_exclude_with_a_slash_is_a_path_from_the_root(site):
    files = {"index.md": "x", "Archive/2020/a.md": "a", "Notes/Archive/2020/b.md": "b", "Notes/c.md": "c",
             "sitegen.toml": 'exclude = ["Archive/2020"]\n'}
    result, out = site(files)
    assert not (out / "archive").exists()
    assert (out / "notes" / "archive" / "2020" / "b" / "index.html").exists()


def obsidian(settings: dict[str, dict]) -> dict[str, str]:
    return {f".obsidian/{name}": json.dumps(data) for name, data in settings.items()}


def test_templates_folders_from_the_settings_are_not_published(site):
    files = {
        "index.md": "x",
        "Meta/Templates/Book.md": "---\ncreated: <% tp.date.now() %>: x\n---\n{{title}}",
        "Meta/Tpl/Quest.md": "---\nwhen: <% tp.file.title %>: y\n---\nq",
        "Rules/character.md": "---\nname: <% x %>: z\n---\nc",
        "Rules/Keep.md": "kept",
        **obsidian({"templates.json": {"folder": "Meta/Templates"},
                    "plugins/templater-obsidian/data.json": {
                        "templates_folder": "Meta/Tpl",
                        "folder_templates": [{"folder": "Rules", "template": "Rules/character.md"}]}}),
    }
    result, out = site(files)
    assert result.notes == 2 and (out / "rules" / "keep" / "index.html").exists()
    assert "bad-front-matter" not in codes(result)  # Templater syntax is never parsed


def test_sitegen_toml_can_publish_the_templates_again(site):
    files = {"index.md": "x", "Meta/Templates/Book.md": "A book template.",
             "sitegen.toml": "template_paths = []\nexclude = []\n",
             **obsidian({"templates.json": {"folder": "Meta/Templates"}})}
    result, _ = site(files)
    assert result.notes == 2


def test_excluded_files_hide_notes_but_not_their_attachments(site):
    files = {"index.md": "![[map.png]] [[Idea]] [[Board.excalidraw]]",
             "Drafts/Idea.md": "an idea", "Drafts/map.png": b"\x89PNG", "Board.excalidraw.md": "drawing",
             **obsidian({"app.json": {"userIgnoreFilters": ["Drafts/", "/\\.excalidraw\\.md$/"]}})}
    result, out = site(files)
    assert result.notes == 1
    assert (out / "files" / "drafts" / "map.png").exists()
    assert sorted(d.code for d in result.diagnostics) == ["broken-link", "broken-link"]


def test_attachment_folder_inside_an_excluded_folder_stays_embeddable(site):
    files = {"index.md": "![[cover.png]] [[Secret]]", "private/files/cover.png": b"\x89PNG",
             "private/Secret.md": "secret", "private/files/Hidden.md": "hidden",
             **obsidian({"app.json": {"attachmentFolderPath": "private/files"}})}
    result, out = site(files)
    assert result.notes == 1 and (out / "files" / "private" / "files" / "cover.png").exists()
    assert codes(result) == ["broken-link"]  # the note in the excluded folder is still excluded


def test_a_broken_settings_file_warns_and_the_site_still_builds(site):
    files = {"index.md": "x", ".obsidian/app.json": "{ not json", **obsidian({"types.json": {"types": {}}})}
    result, out = site(files)
    assert [(d.file, d.line, d.code) for d in result.diagnostics] == [(".obsidian/app.json", 1, "bad-settings")]
    assert (out / "index.html").exists()
