"""The vault's own Obsidian settings (`.obsidian/`), turned into the sitegen config values they imply.

What is read, and the config key it sets (sitegen.toml still wins over all of them):

- `app.json`: `strictLineBreaks` → `line_breaks` ("strict" when true, else "obsidian"),
  `attachmentFolderPath` → `attachment_folder` (only a fixed vault folder; "/" and the
  note-relative "./…" forms name no single folder), `userIgnoreFilters` → `ignore_filters`.
- `templates.json` (`folder`), Templater's `plugins/templater-obsidian/data.json`
  (`templates_folder`, and the template files of `folder_templates` / `file_templates`),
  `daily-notes.json` and `zk-prefixer.json` (`template`) → `template_paths`: never published.
- `types.json` (`types`) → `property_types`.

The `parse_*` functions are pure: they take one file's JSON text and return the values it
implies, or raise SettingsProblem with the position. A missing file means Obsidian's default
(nothing set); a broken one is reported and ignored, the rest still apply.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic

CONFIG_FOLDER = ".obsidian"
TEMPLATER = "plugins/templater-obsidian/data.json"
# The types Obsidian stores in types.json ("multitext" is what its menu calls "List").
PROPERTY_TYPES = ("text", "multitext", "number", "checkbox", "date", "datetime", "tags", "aliases")


class SettingsProblem(Exception):
    """A settings file that cannot be used as it is; `line`/`col` point into it."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line, self.col = line, col


@dataclass(frozen=True)
class VaultSettings:
    """Config values implied by `.obsidian/`, and the problems met reading it."""

    values: dict = field(default_factory=dict)
    problems: tuple[Diagnostic, ...] = ()


def _load(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SettingsProblem(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise SettingsProblem("JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise SettingsProblem("expected a JSON object")
    return data


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SettingsProblem(f"'{key}' must be a string")
    return value


def vault_path(setting: str) -> str:
    """A folder or file path as Obsidian stores it (`/Meta/Templates/`) → `Meta/Templates`;
    "" for the vault root."""
    path = posixpath.normpath(setting.replace("\\", "/").strip().strip("/")) if setting.strip("/ ") else ""
    return "" if path in (".", "") or path.startswith("..") else path


def parse_app(text: str) -> dict:
    data = _load(text)
    values: dict = {}
    if "strictLineBreaks" in data:
        if not isinstance(data["strictLineBreaks"], bool):
            raise SettingsProblem("'strictLineBreaks' must be true or false")
        values["line_breaks"] = "strict" if data["strictLineBreaks"] else "obsidian"
    folder = _text(data, "attachmentFolderPath").strip()
    # "./" and "./assets" are relative to each note: no one folder to single out.
    if folder and not folder.startswith("."):
        path = vault_path(folder)
        if path:
            values["attachment_folder"] = path
    filters = data.get("userIgnoreFilters", [])
    if not (isinstance(filters, list) and all(isinstance(f, str) for f in filters)):
        raise SettingsProblem("'userIgnoreFilters' must be a list of strings")
    if filters:
        values["ignore_filters"] = tuple(f for f in filters if f.strip())
    return values


def parse_templates(text: str) -> list[str]:
    """The core Templates plugin's folder."""
    folder = vault_path(_text(_load(text), "folder"))
    return [folder] if folder else []


def parse_templater(text: str) -> list[str]:
    """Templater's templates folder and every template file its folder/file rules name."""
    data = _load(text)
    paths = [vault_path(_text(data, "templates_folder"))]
    for key in ("folder_templates", "file_templates"):
        rules = data.get(key) or []
        if not isinstance(rules, list):
            raise SettingsProblem(f"'{key}' must be a list")
        for rule in rules:
            if isinstance(rule, dict) and isinstance(rule.get("template"), str):
                paths.append(vault_path(rule["template"]))
    return [p for p in paths if p]


def parse_template_file(text: str) -> list[str]:
    """daily-notes.json and zk-prefixer.json: `template` names one note, `.md` optional."""
    path = vault_path(_text(_load(text), "template"))
    if not path:
        return []
    return [path if path.lower().endswith(".md") else path + ".md"]


def parse_types(text: str) -> dict[str, str]:
    types = _load(text).get("types", {})
    if not isinstance(types, dict):
        raise SettingsProblem("'types' must be an object of property names to types")
    # A type this sitegen does not know is left to inference, as an unknown type would be.
    return {k: v for k, v in types.items() if isinstance(v, str) and v in PROPERTY_TYPES}


# file in .obsidian/ → (parser, how its result becomes config values)
_FILES = (
    ("app.json", parse_app, lambda v: v),
    ("templates.json", parse_templates, lambda v: {"template_paths": v}),
    (TEMPLATER, parse_templater, lambda v: {"template_paths": v}),
    ("daily-notes.json", parse_template_file, lambda v: {"template_paths": v}),
    ("zk-prefixer.json", parse_template_file, lambda v: {"template_paths": v}),
    ("types.json", parse_types, lambda v: {"property_types": v}),
)


SETTINGS_FILES = tuple(f"{CONFIG_FOLDER}/{name}" for name, _, _ in _FILES)  # vault-relative


def _position(text: str, needle: str) -> tuple[int, int]:
    at = max(text.find(needle), 0)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def settings_from_texts(texts: dict[str, str]) -> VaultSettings:
    """Pure: `.obsidian/`-relative file name → JSON text, to the config values they imply."""
    values: dict = {}
    templates: list[str] = []
    problems = []
    for name, parse, as_values in _FILES:
        if name not in texts:
            continue
        try:
            found = as_values(parse(texts[name]))
        except SettingsProblem as exc:
            problems.append(Diagnostic(f"{CONFIG_FOLDER}/{name}", exc.line, exc.col, "bad-settings",
                                       f"{exc}; this file is ignored"))
            continue
        templates += found.pop("template_paths", [])
        for bad in ignore_filters(found.get("ignore_filters", ()))[2]:
            line, col = _position(texts[name], json.dumps(bad))
            problems.append(Diagnostic(f"{CONFIG_FOLDER}/{name}", line, col, "bad-settings",
                                       f"excluded-files filter {bad} is not a valid regular expression; "
                                       "it is ignored"))
        values.update(found)
    if templates:
        values["template_paths"] = tuple(sorted(set(templates)))
    return VaultSettings(values, tuple(problems))


def read_settings(vault: Path) -> VaultSettings:
    """Read the settings files that exist; no `.obsidian/` folder means Obsidian's defaults."""
    folder = vault / CONFIG_FOLDER
    if not folder.is_dir():
        return VaultSettings()
    texts = {}
    for name, _, _ in _FILES:
        try:
            data = (folder / name).read_bytes()
        except OSError:  # missing, or not a file: Obsidian's default
            continue
        texts[name] = data.decode("utf-8-sig", errors="replace")
    return settings_from_texts(texts)


# Obsidian's "Excluded files": a `/regex/` or a path prefix.
_REGEX_FILTER = re.compile(r"^/(.+)/([a-z]*)$")


def ignore_filters(filters) -> tuple[tuple[str, ...], tuple[re.Pattern, ...], list[str]]:
    """Split Excluded-files filters into folded path prefixes and compiled regexes; the
    third item lists the filters that are not valid regexes (they are skipped)."""
    prefixes, patterns, bad = [], [], []
    for raw in filters:
        match = _REGEX_FILTER.match(raw.strip())
        if match:
            flags = re.IGNORECASE if "i" in match.group(2) else 0
            try:
                patterns.append(re.compile(match.group(1), flags))
            except re.error:
                bad.append(raw)
        else:
            # Prefixes are compared case-insensitively, like sitegen's own `exclude`:
            # on a case-insensitive disk Obsidian would hide those files too.
            prefixes.append(raw.strip().lstrip("/").casefold())
    return tuple(p for p in prefixes if p), tuple(patterns), bad
