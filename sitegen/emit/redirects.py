"""Redirect pages for aliases and permalinks: which URLs they may take, and what is wrong with them."""

from __future__ import annotations

from urllib.parse import unquote

from ..collect.meta import key_position
from ..collect.model import Model, Note
from ..collect.slugs import page_url, safe_slug_path, unreserved
from ..collect.urls import PROBLEM_TEXT
from ..diagnostics import Diagnostic
from ..faults import attempt


def redirects(model: Model) -> tuple[dict[str, str], list[Diagnostic]]:
    """URL → note src for every alias and permalink that does not shadow a real page."""
    taken = {n.url.casefold() for n in model.notes.values()}
    taken |= {page_url(s).casefold() for s in model.plan.folders.values()}
    taken |= {t.url.casefold() for t in model.tags.values()} | {"tags/", "missing/", "graph/"}
    out: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for src, note in model.notes.items():
        # One note's failure costs its redirects only: the note itself is still published.
        attempt(src, "planning the aliases and permalink", diags,
                lambda: _note_redirects(model, note, taken, out, diags), None)
    return out, diags


def _note_redirects(model: Model, note: Note, taken: set[str], out: dict[str, str],
                    diags: list[Diagnostic]) -> None:
    """Add one note's alias and permalink redirects to `out` (and the URLs to `taken`)."""
    src, ascii = note.src, model.config.ascii_urls
    wanted = [(a, safe_slug_path([a], ascii)) for a in note.meta.aliases]
    if note.meta.permalink.strip() == "/":  # Obsidian Publish's way to name the home page
        if src != model.config.home:
            diags.append(Diagnostic(src, *key_position(note.meta, "permalink"), "home-permalink",
                                    f"permalink '/' names the home page, but the home page is "
                                    f"'{model.config.home}'; ignored"))
    elif note.meta.permalink:
        parts = unquote(note.meta.permalink).replace("\\", "/").strip("/").split("/")
        if any(p in ("", ".", "..") for p in parts):
            diags.append(Diagnostic(src, *key_position(note.meta, "permalink"), "bad-permalink",
                                    f"permalink '{note.meta.permalink}' is not a plain path; ignored"))
        else:
            wanted.append((note.meta.permalink, safe_slug_path(parts, ascii)))
    for name, (slug, problems) in wanted:
        for code in problems:
            diags.append(Diagnostic(src, 1, 1, code, f"'{name}': {PROBLEM_TEXT[code]}"))
        free = unreserved(slug)
        if free != slug:
            diags.append(Diagnostic(src, 1, 1, "reserved-url",
                                    f"'{name}' would land on /{slug}/, which the site uses itself; "
                                    f"it redirects from /{free}/ instead"))
        url = page_url(free)
        if out.get(url) == src:
            continue  # two spellings of one alias
        if url.casefold() in taken:
            if url.casefold() != note.url.casefold():
                diags.append(Diagnostic(src, 1, 1, "alias-collision",
                                        f"'{name}' would redirect from {url}, which is another page"))
            continue
        taken.add(url.casefold())
        out[url] = src
