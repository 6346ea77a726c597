"""The vault's .obsidian/ settings as config values: each settings file's parser as a table, then load_config."""

from __future__ import annotations

import json

import pytest

from conftest import write_vault
from sitegen.collect.obsidian import (
    ignore_filters, parse_app, parse_templater, parse_template_file, parse_templates, parse_types,
    settings_from_texts, vault_path,
)
from sitegen.config import ConfigError, load_config


@pytest.mark.parametrize("app,values", [
    ({}, {}),
    ({"strictLineBreaks": True}, {"line_breaks": "strict"}),
    ({"strictLineBreaks": False}, {"line_breaks": "obsidian"}),
    ({"attachmentFolderPath": "Meta/Attachments"}, {"attachment_folder": "Meta/Attachments"}),
    ({"attachmentFolderPath": "/Attachments/"}, {"attachment_folder": "Attachments"}),
    ({"attachmentFolderPath": "/"}, {}),  # the vault root: no folder to single out
    ({"attachmentFolderPath": "./"}, {}),  # beside each note
    ({"attachmentFolderPath": "./assets"}, {}),  # a subfolder of each note's folder
    ({"userIgnoreFilters": ["Archive/", "/\\.excalidraw\\.md$/", " "]},
     {"ignore_filters": ("Archive/", "/\\.excalidraw\\.md$/")}),
    ({"promptDelete": False, "vimMode": True}, {}),
])
def test_app_json(app, values):
    assert parse_app(json.dumps(app)) == values


@pytest.mark.parametrize("parse,data,paths", [
    (parse_templates, {"folder": "Templates"}, ["Templates"]),
    (parse_templates, {"folder": "Meta/Templates/"}, ["Meta/Templates"]),
    (parse_templates, {"folder": "/"}, []),
    (parse_templates, {"dateFormat": "DD-MM-YYYY"}, []),
    (parse_templater, {"templates_folder": "", "folder_templates": [
        {"folder": "Characters", "template": "_templates/character.md"}, {"folder": "", "template": ""}],
        "file_templates": [{"regex": ".*", "template": ""}]}, ["_templates/character.md"]),
    (parse_templater, {"templates_folder": "Meta/Templater"}, ["Meta/Templater"]),
    (parse_template_file, {"folder": "Daily", "template": "Templates/Daily Note Template"},
     ["Templates/Daily Note Template.md"]),
    (parse_template_file, {"folder": "Daily"}, []),
])
def test_template_settings(parse, data, paths):
    assert parse(json.dumps(data)) == paths


def test_types_json_keeps_only_obsidian_types():
    text = json.dumps({"types": {"rating": "number", "tags": "tags", "odd": "geo", "x": 5}})
    assert parse_types(text) == {"rating": "number", "tags": "tags"}


def test_bad_file_is_reported_at_its_position_and_the_others_still_apply():
    settings = settings_from_texts({
        "app.json": '{\n  "strictLineBreaks": true,\n  oops\n}',
        "templates.json": '{"folder": "Templates"}',
        "types.json": '{"types": ["not", "an", "object"]}',
    })
    assert settings.values == {"template_paths": ("Templates",)}
    found = [(d.file, d.line, d.col, d.code) for d in settings.problems]
    assert found == [(".obsidian/app.json", 3, 3, "bad-settings"), (".obsidian/types.json", 1, 1, "bad-settings")]


def test_invalid_regex_filter_is_reported_and_skipped():
    settings = settings_from_texts({"app.json": '{"userIgnoreFilters": ["Drafts/", "/([a-z/"]}'})
    assert [(d.line, d.col, d.code) for d in settings.problems] == [(1, 35, "bad-settings")]
    prefixes, patterns, bad = ignore_filters(settings.values["ignore_filters"])
    assert prefixes == ("drafts/",) and patterns == () and bad == ["/([a-z/"]


def test_vault_paths():
    assert [vault_path(p) for p in ("/", "", "a/b/", "\\a\\b", "../x", "a/../b")] == ["", "", "a/b", "a/b", "", "b"]


def vault_with(tmp_path, files):
    return write_vault(tmp_path / "v", {"index.md": "Home", **files})


def test_load_config_reads_the_settings_and_sitegen_toml_wins(tmp_path):
    vault = vault_with(tmp_path, {
        ".obsidian/app.json": json.dumps({"strictLineBreaks": True, "attachmentFolderPath": "Files",
                                           "userIgnoreFilters": ["Drafts/"]}),
        ".obsidian/templates.json": json.dumps({"folder": "Meta/Templates"}),
        ".obsidian/plugins/templater-obsidian/data.json": json.dumps({"templates_folder": "Tpl"}),
        ".obsidian/types.json": json.dumps({"types": {"rating": "number", "year": "number"}}),
        "sitegen.toml": 'line_breaks = "obsidian"\n[property_types]\nyear = "text"\n',
    })
    config = load_config(vault)
    assert config.line_breaks == "obsidian"  # sitegen.toml overrides app.json
    assert config.attachment_folder == "Files" and config.ignore_filters == ("Drafts/",)
    assert config.template_paths == ("Meta/Templates", "Tpl")
    assert config.property_types == {"rating": "number", "year": "text"}


def test_without_obsidian_folder_obsidian_defaults(tmp_path):
    config = load_config(vault_with(tmp_path, {}))
    assert (config.line_breaks, config.template_paths, config.ignore_filters, config.property_types) == \
        ("obsidian", (), (), {})


@pytest.mark.parametrize("toml,message", [
    ('publish = "some"', "'publish' must be one of"),
    ('line_breaks = "soft"', "'line_breaks' must be one of"),
    ('ignore_filters = ["/(/"]', "not a valid regular expression"),
    ('[property_types]\nrating = "stars"', "'property_types' must be a table"),
    ('hidden_properties = "rating"', "must be a list of strings"),
])
def test_bad_new_keys_in_sitegen_toml(tmp_path, toml, message):
    with pytest.raises(ConfigError, match=message):
        load_config(vault_with(tmp_path, {"sitegen.toml": toml}))


def test_pathological_settings_are_reported_not_raised():
    for text in ("[" * 100000, '"a string"', "null", "\ufffd{"):
        problems = settings_from_texts({"app.json": text, "types.json": text}).problems
        assert [d.code for d in problems] == ["bad-settings", "bad-settings"]
