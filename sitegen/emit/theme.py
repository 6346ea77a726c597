"""Jinja2 themes: user overrides, then the chosen theme, then `default`; render one page to HTML.

Template contract (one context per page kind; every template gets `site`, `page`, `t`):

- `site`: title, description, language, base_url, base_path, mermaid_script, search, feed,
  has_missing;
  `page`: kind, url, title, description, canonical, has_code, has_mermaid;
  `t`: interface strings (sitegen.i18n).
- note.html: `note` (title, url, date, date_iso, tags, aliases, description, lang,
  cssclasses, properties (key, type, html), html, toc, breadcrumbs, backlinks, prev, next).
- home.html: `note` (the home note, or None) and `overview` (root folder listing,
  tags, most_linked, recent, note_count).
- folder.html: `folder` (title, url, intro note or None, breadcrumbs, notes, subfolders).
- tags.html: `tags` (name, url, count, depth, anchor: the id of a tag's entry when it has
  no page of its own, else ""); tag.html: `tag` (name, url, notes, children).
- missing.html: `missing` (target, wanted_by), `missing_more` (title, url, count: the
  names a note links to beyond those listed); 404.html; redirect.html: `target`.

Filters: `url` turns a site-relative URL into a relative, percent-encoded href
(it works at a domain root and under any sub-path); `asset` does the same for
files of the theme's `static/` folder. The global `static_text(path)` returns a
static file's text (the 404 page inlines its CSS when no base_url says where the site lives).
"""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError, TemplateSyntaxError)
from jinja2.sandbox import SandboxedEnvironment

from ..collect.slugs import encode_href
from ..syntax import ROOT

BUILTIN_THEMES = Path(__file__).resolve().parents[2] / "themes"


# The messages the theme's scripts show, by the data-s-* name a page may still give instead:
# written once per site as static/js/strings.js, not into every page (local graph, search).
SCRIPT_STRINGS = {
    "graph": {"sSummary": "graph_summary", "sNotes": "graph_notes", "sLinks": "graph_links",
              "sError": "graph_error", "sAlt": "local_graph_alt", "sExpand": "graph_expand",
              "sCollapse": "graph_collapse"},
    "search": {"sLoading": "search_loading", "sEmpty": "search_no_results", "sCount": "search_count",
               "sError": "search_error"},
}


def script_strings(strings: dict[str, str]) -> str:
    """static/js/strings.js: the scripts' messages in the site's language, as an ES module."""
    data = {part: {name: strings[key] for name, key in names.items()} for part, names in SCRIPT_STRINGS.items()}
    return "export default " + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n"


class ThemeError(Exception):
    pass


def theme_dir(name: str, vault: Path) -> Path:
    for base in (vault.resolve() / ".sitegen" / "themes", BUILTIN_THEMES):
        if (base / name / "templates").is_dir():
            return base / name
    raise ThemeError(f"theme '{name}' not found in {vault / '.sitegen' / 'themes'} or {BUILTIN_THEMES}")


def site_href(url: str) -> str:
    return ROOT + (encode_href(url) if url else "./")


def _inside(path: Path, base: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == base or real.is_relative_to(base)


class VaultLoader(FileSystemLoader):
    """Templates from the vault: a file (or folder) that is a symlink out of the vault is refused."""

    def __init__(self, folder: Path, vault: Path) -> None:
        super().__init__(str(folder))
        self.vault = vault

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not _inside(Path(filename), self.vault):
            raise ThemeError(f"template {template} in {self.searchpath[0]} is a symlink to a file "
                             "outside the vault; not used")
        return source, filename, uptodate


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DictFirst:
    """`card.url` on a plain dict is its item, found without the failed attribute lookup and
    exception Jinja goes through first (a third of the time of a listing of 100,000 tags).
    The same value Jinja would find: a dict's only attributes are its methods."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _Environment(_DictFirst, Environment):
    pass


class _SandboxedEnvironment(_DictFirst, SandboxedEnvironment):
    pass


class Theme:
    def __init__(self, name: str, vault: Path, overrides: str = "") -> None:
        vault = vault.resolve()
        self.dir = theme_dir(name, vault)
        default = BUILTIN_THEMES / "default"
        user = vault / overrides if overrides else vault / ".sitegen" / "templates"
        # Templates that come with the vault are the vault's content, not sitegen's code:
        # they render in Jinja's sandbox, which refuses `__class__`-style attribute access.
        from_vault = [d for d in (user, self.dir / "templates") if d.is_dir() and not _inside(d, BUILTIN_THEMES)]
        for folder in from_vault:
            if not _inside(folder, vault):
                raise ThemeError(f"template folder {folder} leads outside the vault; not used")
        search: list = [VaultLoader(folder, vault) for folder in from_vault]
        if self.dir / "templates" not in from_vault:
            search.append(FileSystemLoader(str(self.dir / "templates")))
        if self.dir != default:
            search.append(FileSystemLoader(str(default / "templates")))
        search.append(PrefixLoader({"default": FileSystemLoader(str(default / "templates"))}))
        self.static_dirs = [d for d in (default / "static", self.dir / "static") if d.is_dir()]
        self.sandboxed = bool(from_vault)
        kind = _SandboxedEnvironment if self.sandboxed else _Environment
        self.env = kind(
            loader=ChoiceLoader(search), autoescape=True, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            # A build never sees a template change (serve makes a new Theme when one does):
            # without this, every {% include %} of every page stats its file again.
            auto_reload=False,
        )
        self.env.filters["url"] = site_href
        self.env.filters["asset"] = lambda path: site_href("static/" + path)
        self.env.globals["static_text"] = self.static_text

    def render(self, template: str, context: dict) -> str:
        try:
            return self.env.get_template(template).render(context)
        except ThemeError:
            raise
        except Exception as exc:  # a template's mistake is a one-line error, never a traceback
            raise ThemeError(_template_problem(template, exc)) from None

    def static_files(self) -> dict[str, Path]:
        """Relative path under `static/` → file; the chosen theme's files win over default's.
        A vault theme's symlinks are skipped: its files are copied only from inside the vault."""
        files: dict[str, Path] = {}
        for base in self.static_dirs:
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files[path.relative_to(base).as_posix()] = path
        return dict(sorted(files.items()))

    def static_text(self, path: str) -> str:
        """A static file's text, for inlining where no relative link can reach it (404.html)."""
        found = self.static_files().get(path)
        return found.read_text(encoding="utf-8") if found else ""

    def source_files(self) -> list[Path]:
        """Every file the theme is made of, for watch mode."""
        return sorted(p for d in [self.dir] + self.static_dirs for p in d.rglob("*") if p.is_file())


def _template_problem(template: str, exc: Exception) -> str:
    """`file:line: what` for an exception raised while rendering `template`."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}: template error: {exc.message}"
    where = template
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".js")) and os.path.exists(frame.filename):
            where = f"{frame.filename}:{frame.lineno}"  # Jinja maps template frames to their source
    what = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
    return f"{where}: template error: {what}"
