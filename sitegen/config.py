"""Site configuration: defaults, the vault's optional sitegen.toml, then command-line overrides."""

from __future__ import annotations

import re

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from .collect.obsidian import PROPERTY_TYPES, ignore_filters, read_settings
from .diagnostics import Diagnostic
from .i18n import guess_language, strings
from .syntax.hosts import BadHost, parse_allowed
from .textsafe import plain_line

CONFIG_NAME = "sitegen.toml"
LANGUAGE_SAMPLE_NOTES = 2000  # notes read to guess the language, evenly spread over the vault
LANGUAGE_SAMPLE_BYTES = 4096  # from the start of each: front matter and the first paragraphs


class ConfigError(Exception):
    """A problem in sitegen.toml, already phrased as `file:line:col: code: message`."""


@dataclass(frozen=True)
class SiteConfig:
    title: str = ""  # "": "Заметки" / "Notes" in the site language
    base_url: str = ""
    language: str = ""  # "": from the notes' text (Cyrillic → "ru", otherwise "en")
    theme: str = "default"
    templates: str = ""  # a folder of template overrides, searched before the theme
    # Not published: a name matches a folder at any depth; an entry with "/" is a path from the root.
    exclude: tuple[str, ...] = ("templates", "Templates", "Шаблоны", "private")
    url_style: str = "unicode"  # or "ascii": transliterated slugs
    home: str = ""  # "": index.md, else Home.md / home.md, else README.md, else `permalink: /`
    trust_html: bool = False  # True: raw HTML in notes and HTML/SVG attachments are published as is
    iframe_hosts: tuple[str, ...] = ()  # hosts raw-HTML iframes may load ("www.youtube.com")
    mermaid_script: str = ""  # a vault file (copied into the site) or a URL that renders ```mermaid
    description: str = ""
    search: bool = True  # build the search index (sitegen.search)
    jobs: int = 0  # worker processes; 0 = one per CPU
    cache: bool = True  # reuse parsed notes and rendered bodies from earlier builds
    cache_dir: str = ""  # default: .sitegen-cache in the working directory; in sitegen.toml, in the vault
    git_dates: bool = True  # notes without dates in front matter take them from the vault's git history
    publish: str = "all"  # or "opt-in": only notes with `publish: true` or `dg-publish: true`
    hidden_properties: tuple[str, ...] = ()  # hidden from the properties panel, besides the defaults
    show_properties: tuple[str, ...] = ()  # shown even though hidden by default ("tags", …)
    # The keys below default to what the vault's .obsidian/ folder says (collect/obsidian.py).
    line_breaks: str = "obsidian"  # a newline in a paragraph is a line break; "strict": CommonMark
    property_types: dict = field(default_factory=dict, hash=False)  # key → Obsidian type
    template_paths: tuple[str, ...] = ()  # template folders and files: never published
    ignore_filters: tuple[str, ...] = ()  # Obsidian's "Excluded files": path prefixes or /regex/
    attachment_folder: str = ""  # Obsidian's attachment folder: its files stay embeddable
    # Not a key: problems met reading .obsidian/, reported with the build's diagnostics.
    settings_problems: tuple[Diagnostic, ...] = field(default=(), compare=False)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in `/` (`/project/` on GitHub Pages)."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    @property
    def ascii_urls(self) -> bool:
        return self.url_style == "ascii"


_FIELDS = {f.name: f for f in fields(SiteConfig) if f.name != "settings_problems"}
_CHOICES = {"language": ("ru", "en"), "url_style": ("unicode", "ascii"),
            "publish": ("all", "opt-in"), "line_breaks": ("obsidian", "strict")}


def _line_of(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(key):
            return n
    return 1


def load_config(vault: Path, overrides: dict | None = None) -> SiteConfig:
    """Read `<vault>/.obsidian/` and `<vault>/sitegen.toml` if present (the second wins);
    unknown keys and wrong types in sitegen.toml are errors."""
    config = SiteConfig()
    path = vault / CONFIG_NAME
    values: dict = {}
    settings = read_settings(vault)
    if path.is_file():
        text = path.read_text(encoding="utf-8-sig")
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", 1) or 1
            col = getattr(exc, "colno", 1) or 1
            raise ConfigError(f"{CONFIG_NAME}:{line}:{col}: bad-config: {exc.args[0].split(' (at')[0]}")
        for key, value in values.items():
            where = f"{CONFIG_NAME}:{_line_of(text, key)}:1"
            if key not in _FIELDS:
                known = ", ".join(sorted(_FIELDS))
                raise ConfigError(f"{where}: bad-config: unknown key '{key}' (known keys: {known})")
            default = getattr(config, key)
            if isinstance(default, dict):
                if not (isinstance(value, dict) and all(v in PROPERTY_TYPES for v in value.values())):
                    raise ConfigError(f"{where}: bad-config: '{key}' must be a table of property names "
                                      f"to types ({', '.join(PROPERTY_TYPES)})")
                values[key] = {**settings.values.get(key, {}), **value}
            elif isinstance(default, tuple):
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    raise ConfigError(f"{where}: bad-config: '{key}' must be a list of strings")
                values[key] = tuple(value)
                bad = ignore_filters(value)[2] if key == "ignore_filters" else []
                if bad:
                    raise ConfigError(f"{where}: bad-config: '{key}': {bad[0]} is not a valid regular expression")
            elif type(value) is not type(default):
                raise ConfigError(f"{where}: bad-config: '{key}' must be {type(default).__name__}")
            if key == "jobs" and value < 0:  # was taken as one process, silently
                raise ConfigError(f"{where}: bad-config: 'jobs' must be 0 (one per CPU) or a number of processes")
            if key in _CHOICES and value not in _CHOICES[key]:
                raise ConfigError(f"{where}: bad-config: '{key}' must be one of {_CHOICES[key]}")
    if path.is_file():
        values.update(_checked_paths(vault, values, lambda key: f"{CONFIG_NAME}:{_line_of(text, key)}:1"))
    values = {**settings.values, **values}
    from_cli = (overrides or {}).get("base_url") is not None
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if (overrides or {}).get("jobs") is not None and overrides["jobs"] < 0:
        raise ConfigError("--jobs: bad-config: 'jobs' must be 0 (one per CPU) or a number of processes")
    base_url = values.get("base_url") or ""
    if base_url and not is_url(base_url):
        # It becomes canonical links, the feed and the sitemap: `javascript:` or a bare path is never meant.
        where = "--base-url" if from_cli else f"{CONFIG_NAME}:{_line_of(text, 'base_url')}:1"
        raise ConfigError(f"{where}: bad-config: 'base_url' must be an http:// or https:// URL, "
                          f"not '{base_url}'")
    for key in ("title", "description"):  # shown in every <title>, heading and the feed
        if isinstance(values.get(key), str):
            values[key] = plain_line(values[key])
    return replace(config, **values, settings_problems=settings.problems)


# After the scheme, none of what cannot be in a URL as written: a newline in base_url wrote
# its own lines into robots.txt (`Disallow: /`), a quote or `<` would reach an attribute.
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>\\^`{|}]+")


def is_url(setting: str) -> bool:
    return _URL.fullmatch(setting) is not None


def _inside(vault: Path, setting: str) -> Path | None:
    """The real path of a vault-relative setting, or None when it leads out of the vault."""
    root = vault.resolve()
    real = (root / setting).resolve()
    return real if real == root or real.is_relative_to(root) else None


def _checked_paths(vault: Path, values: dict, where) -> dict:
    """A vault's sitegen.toml names only files inside the vault, and hosts a browser reads as written."""
    checked: dict = {}
    for entry in values.get("iframe_hosts", ()):
        try:
            parse_allowed(entry)
        except BadHost:
            raise ConfigError(f"{where('iframe_hosts')}: bad-config: 'iframe_hosts' entry '{entry}' is not a "
                              "host name (write it as `www.example.org` or `www.example.org:8080`)") from None
    theme = values.get("theme")
    if theme is not None and (not theme or theme in (".", "..") or any(c in theme for c in "/\\:")):
        raise ConfigError(f"{where('theme')}: bad-config: 'theme' must be a theme's folder name, "
                          f"not a path: '{theme}'")
    for key in ("templates", "mermaid_script", "cache_dir", "home"):
        setting = values.get(key)
        if not setting or (key == "mermaid_script" and is_url(setting)):
            continue
        if "://" in setting:
            raise ConfigError(f"{where(key)}: bad-config: '{key}' must be a vault file or an https:// URL")
        real = _inside(vault, setting)
        if real is None:
            raise ConfigError(f"{where(key)}: bad-config: '{key}' = '{setting}' leads outside the vault; "
                              "name a path inside it")
        if key == "cache_dir":
            checked[key] = str(real)  # the vault's setting is relative to the vault, not to the shell
        elif key == "mermaid_script" and not real.is_file():
            raise ConfigError(f"{where(key)}: bad-config: 'mermaid_script' = '{setting}' "
                              "is not a file in the vault")
    return checked


def resolve_language(config: SiteConfig, notes: dict[str, Path]) -> SiteConfig:
    """The config with `language` (and the default `title`) decided: when not configured, from
    the start of up to LANGUAGE_SAMPLE_NOTES notes, taken evenly in path order (deterministic)."""
    language = config.language
    if not language:
        srcs = sorted(notes)
        step = max(1, len(srcs) // LANGUAGE_SAMPLE_NOTES)
        language = guess_language(_starts(notes[s] for s in srcs[::step]))
    return replace(config, language=language, title=config.title or strings(language)["notes"])


def _starts(paths: Iterable[Path]) -> Iterable[bytes]:
    for path in paths:
        try:
            with open(path, "rb") as handle:
                yield handle.read(LANGUAGE_SAMPLE_BYTES)
        except OSError:
            continue  # reported when the note itself is read
