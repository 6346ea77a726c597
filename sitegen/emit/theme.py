"""Jinja2 themes: user overrides, then the chosen theme, then `default`; render one page to HTML.

Template contract (one context per page kind; every template gets `site`, `page`, `t`):

- `site`: title, description, language, base_url, base_path, mermaid_script, search, feed;
  `page`: kind, url, title, description, canonical, has_code, has_mermaid;
  `t`: interface strings (sitegen.i18n).
- note.html: `note` (title, url, date, date_iso, tags, aliases, description, lang,
  cssclasses, properties (key, type, html), html, toc, breadcrumbs, backlinks, prev, next).
- home.html: `note` (the home note, or None) and `overview` (root folder listing,
  tags, most_linked, recent, note_count).
- folder.html: `folder` (title, url, intro note or None, breadcrumbs, notes, subfolders).
- tags.html: `tags`; tag.html: `tag` (name, url, notes, children).
- missing.html: `missing` (target, wanted_by); 404.html; redirect.html: `target`.

Filters: `url` turns a site-relative URL into a relative, percent-encoded href
(it works at a domain root and under any sub-path); `asset` does the same for
files of the theme's `static/` folder.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined

from ..collect.slugs import encode_href
from ..syntax import ROOT

BUILTIN_THEMES = Path(__file__).resolve().parents[2] / "themes"


class ThemeError(Exception):
    pass


def theme_dir(name: str, vault: Path) -> Path:
    for base in (vault / ".sitegen" / "themes", BUILTIN_THEMES):
        if (base / name / "templates").is_dir():
            return base / name
    raise ThemeError(f"theme '{name}' not found in {vault / '.sitegen' / 'themes'} or {BUILTIN_THEMES}")


def site_href(url: str) -> str:
    return ROOT + (encode_href(url) if url else "./")


class Theme:
    def __init__(self, name: str, vault: Path, overrides: str = "") -> None:
        self.dir = theme_dir(name, vault)
        default = BUILTIN_THEMES / "default"
        search = []
        user = vault / overrides if overrides else vault / ".sitegen" / "templates"
        if user.is_dir():
            search.append(FileSystemLoader(str(user)))
        search.append(FileSystemLoader(str(self.dir / "templates")))
        if self.dir != default:
            search.append(FileSystemLoader(str(default / "templates")))
        search.append(PrefixLoader({"default": FileSystemLoader(str(default / "templates"))}))
        self.static_dirs = [d for d in (default / "static", self.dir / "static") if d.is_dir()]
        self.env = Environment(
            loader=ChoiceLoader(search), autoescape=True, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.filters["url"] = site_href
        self.env.filters["asset"] = lambda path: site_href("static/" + path)

    def render(self, template: str, context: dict) -> str:
        return self.env.get_template(template).render(context)

    def static_files(self) -> dict[str, Path]:
        """Relative path under `static/` → file; the chosen theme's files win over default's."""
        files: dict[str, Path] = {}
        for base in self.static_dirs:
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    files[path.relative_to(base).as_posix()] = path
        return dict(sorted(files.items()))

    def source_files(self) -> list[Path]:
        """Every file the theme is made of, for watch mode."""
        return sorted(p for d in [self.dir] + self.static_dirs for p in d.rglob("*") if p.is_file())
