"""Site configuration: defaults, the vault's optional sitegen.toml, then command-line overrides."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

CONFIG_NAME = "sitegen.toml"


class ConfigError(Exception):
    """A problem in sitegen.toml, already phrased as `file:line:col: code: message`."""


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Заметки"
    base_url: str = ""
    language: str = "ru"
    theme: str = "default"
    templates: str = ""  # a folder of template overrides, searched before the theme
    exclude: tuple[str, ...] = ("templates", "Templates", "Шаблоны", "private")
    url_style: str = "unicode"  # or "ascii": transliterated slugs
    home: str = "index.md"
    trust_html: bool = False  # True: raw HTML in notes is not sanitized
    mermaid_script: str = ""  # a vault file (copied into the site) or a URL that renders ```mermaid
    description: str = ""
    search: bool = True  # index the site with Pagefind
    jobs: int = 0  # worker processes; 0 = one per CPU
    cache: bool = True  # reuse parsed notes and rendered bodies from earlier builds
    cache_dir: str = ""  # default: .sitegen-cache in the working directory
    # "obsidian": a single newline inside a paragraph is a line break, as in Obsidian's
    # default; "strict": CommonMark soft breaks (Obsidian's "Strict line breaks" setting).
    line_breaks: str = "obsidian"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in `/` (`/project/` on GitHub Pages)."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    @property
    def ascii_urls(self) -> bool:
        return self.url_style == "ascii"


_FIELDS = {f.name: f for f in fields(SiteConfig)}
_CHOICES = {"language": ("ru", "en"), "url_style": ("unicode", "ascii"),
            "line_breaks": ("obsidian", "strict")}


def _line_of(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(key):
            return n
    return 1


def load_config(vault: Path, overrides: dict | None = None) -> SiteConfig:
    """Read `<vault>/sitegen.toml` if present; unknown keys and wrong types are errors."""
    config = SiteConfig()
    path = vault / CONFIG_NAME
    values: dict = {}
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
            if isinstance(default, tuple):
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    raise ConfigError(f"{where}: bad-config: '{key}' must be a list of strings")
                values[key] = tuple(value)
            elif type(value) is not type(default):
                raise ConfigError(f"{where}: bad-config: '{key}' must be {type(default).__name__}")
            if key in _CHOICES and value not in _CHOICES[key]:
                raise ConfigError(f"{where}: bad-config: '{key}' must be one of {_CHOICES[key]}")
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return replace(config, **values)
