"""Plan every URL before anything is written: notes, folders, attachments; collisions become warnings."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from .filetypes import published_name
from .slugs import SYSTEM_NAMES, path_slug, safe_component, safe_slug_path, slugify, unique_slugs

FILES_PREFIX = "files"
TAGS_PREFIX = "tags"


@dataclass
class UrlPlan:
    notes: dict[str, str] = field(default_factory=dict)  # note src → slug
    folders: dict[str, str] = field(default_factory=dict)  # vault folder → slug
    intros: dict[str, str] = field(default_factory=dict)  # vault folder → src of its folder note
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _ancestors(src: str) -> list[str]:
    parts = src.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _stem(src: str) -> str:
    return posixpath.basename(src)[:-3]


def plan_urls(notes: list[str], home: str = "index.md", ascii: bool = False) -> UrlPlan:
    """Slugs for published notes and the folders that hold them.

    A folder's own note (`F/index.md`, or `F.md` beside the folder) shares the
    folder's URL and becomes the intro of its folder page. Siblings that would get
    the same slug (case-insensitively) are told apart by `-2`, `-3`, … and warned about.
    """
    plan = UrlPlan()
    note_set = set(notes)
    folders = sorted({f for src in notes for f in _ancestors(src)}, key=lambda f: (f.count("/"), f))
    for folder in folders:
        beside = (posixpath.dirname(folder) + "/" if "/" in folder else "") + posixpath.basename(folder) + ".md"
        for candidate in (folder + "/index.md", beside):
            if candidate in note_set:
                plan.intros[folder] = candidate
                break
    intro_notes = set(plan.intros.values())
    if home in note_set:
        intro_notes.add(home)
        plan.notes[home] = ""

    children: dict[str, dict[str, tuple[str, str]]] = {}  # parent → key → (kind, name)
    for folder in folders:
        children.setdefault(posixpath.dirname(folder), {})["\x00" + folder] = ("folder", folder)
    for src in notes:
        if src not in intro_notes:
            children.setdefault(posixpath.dirname(src), {})[src] = ("note", src)

    for parent in [""] + folders:
        kids = children.get(parent, {})
        parent_slug = plan.folders.get(parent, "")
        wanted, problems = {}, {}
        for key, (kind, path) in kids.items():
            name = posixpath.basename(path) if kind == "folder" else _stem(path)
            slug, probs = safe_component(slugify(name, ascii), name)
            wanted[key], problems[key] = slug, probs
        chosen = unique_slugs(wanted, SYSTEM_NAMES if parent == "" else ())
        for key, slug in sorted(chosen.items()):
            kind, path = kids[key]
            full = f"{parent_slug}/{slug}" if parent_slug else slug
            (plan.folders if kind == "folder" else plan.notes)[path] = full
            where = plan.intros.get(path, path) if kind == "folder" else path
            for code in problems[key]:
                plan.diagnostics.append(Diagnostic(where, 1, 1, code, PROBLEM_TEXT[code]))
            if slug != wanted[key]:
                rivals = sorted(kids[k][1] for k, w in wanted.items()
                                if k != key and w.casefold() == wanted[key].casefold())
                taken = rivals[0] if rivals else "a page sitegen generates"
                plan.diagnostics.append(Diagnostic(
                    where, 1, 1, "slug-collision",
                    f"'{path}' and '{taken}' would share the URL {full.rsplit('/', 1)[0] + '/' if '/' in full else ''}"
                    f"{wanted[key]}/; '{path}' is served at {full}/ instead"))
    for folder, src in plan.intros.items():
        plan.notes[src] = plan.folders[folder]
    return plan


PROBLEM_TEXT = {
    "reserved-name": "the name is reserved on Windows (con, aux, nul, com1, …); its URL gets a `_` suffix",
    "long-name": "the name is over 200 bytes; its URL is shortened and given a hash",
}


def attachment_urls(srcs: list[str], ascii: bool = False, trust_html: bool = False) -> dict[str, str]:
    """URLs for the attachments that published notes use, under `files/` (HTML as `.txt`: filetypes.py)."""
    wanted = {src: published_name(path_slug(src, ascii)[0], trust_html) for src in srcs}
    return {src: f"{FILES_PREFIX}/{slug}" for src, slug in unique_slugs(wanted).items()}


def tag_urls(tags: list[str], ascii: bool = False) -> dict[str, str]:
    """`практика/наставничество` → `tags/практика/наставничество/`, distinct per tag."""
    wanted = {t: safe_slug_path(t.split("/"), ascii, "tag")[0] for t in tags}
    return {t: f"{TAGS_PREFIX}/{slug}/" for t, slug in unique_slugs(wanted).items()}
