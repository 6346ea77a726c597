"""Link resolution, as Obsidian does it: parse a link target and find the note or file it names.

Pure functions only; the rules, in order (tested as a table in tests/test_links.py):

1. Normalise: NFC, `\\` to `/`, percent-decoding for Markdown links, a trailing
   `.md` dropped; compare with full Unicode case folding.
2. A target with a `/`: from the vault root, then relative to the linking note's
   folder (`../` allowed inside the vault), then as the tail of a longer path.
3. A bare name: the note with that file name; several: the one in the linking
   note's folder, else the shortest path, else the first by path (ambiguous).
4. Then aliases, with the same tie-break.
5. Attachments (any other file) by name with extension, by the same rules.
6. Otherwise unresolved. A target that would leave the vault, a URL, a drive
   letter or a UNC path is never looked up at all.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import unquote

from .slugs import nfc

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:")


def fold(text: str) -> str:
    """Case-insensitive comparison key: NFC plus full Unicode case folding."""
    return nfc(text).casefold()


@dataclass(frozen=True)
class LinkTarget:
    """A parsed link target: `path#H1#H2` or `path#^block`."""

    path: str
    headings: tuple[str, ...] = ()
    block: str = ""

    @property
    def anchor_text(self) -> str:
        """What follows `#` as Obsidian shows it: the last heading, or `^block`."""
        if self.block:
            return "^" + self.block
        return self.headings[-1] if self.headings else ""


@functools.lru_cache(maxsize=65536)
def parse_target(raw: str, markdown: bool = False) -> LinkTarget:
    """Split `Note#H1#H2`, `Note#^id`, `#Heading` into a LinkTarget.

    Markdown link destinations are percent-decoded first (`Моя%20заметка.md`).
    """
    text = unquote(raw) if markdown else raw
    text = nfc(text).replace("\\", "/")
    path, hashed, fragment = text.partition("#")
    path = path.strip()
    if path.lower().endswith(".md"):
        path = path[:-3]
    if not hashed:
        return LinkTarget(path)
    fragment = fragment.strip()
    if fragment.startswith("^"):
        return LinkTarget(path, (), fragment[1:].strip())
    headings = tuple(h.strip() for h in fragment.split("#") if h.strip())
    return LinkTarget(path, headings)


def is_external(href: str) -> bool:
    """A Markdown link destination that is not a vault path (URL, `//host`, mailto).

    `#Heading` is not external: like `[[#Heading]]` it names a heading of the same note.
    """
    return bool(_SCHEME.match(href)) or href.startswith("//") or not href


@dataclass(frozen=True)
class Resolution:
    """Where a link target leads. `src` is a vault path, or None when unresolved.

    `problem` names why it is unresolved or doubtful: "ambiguous", "outside",
    "unpublished", "missing"; `candidates` lists the notes an ambiguous link chose from.
    """

    src: str | None
    kind: str = "note"  # "note" or "attachment"
    problem: str = ""
    candidates: tuple[str, ...] = ()


MISSING = Resolution(None, problem="missing")
OUTSIDE = Resolution(None, problem="outside")


def _stem(src: str) -> str:
    return src[:-3] if src.lower().endswith(".md") else src


@dataclass
class NameIndex:
    """Lookup tables from folded names, paths and aliases to vault paths."""

    note_paths: dict[str, list[str]] = field(default_factory=dict)
    note_names: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    file_paths: dict[str, list[str]] = field(default_factory=dict)
    file_names: dict[str, list[str]] = field(default_factory=dict)
    _tails: dict[int, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    _memo: dict[tuple[str, str], Resolution] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        notes: Iterable[str],
        attachments: Iterable[str] = (),
        aliases: dict[str, list[str]] | None = None,
    ) -> "NameIndex":
        index = cls()
        for src in sorted(notes):
            stem = _stem(src)
            index.note_paths.setdefault(fold(stem), []).append(src)
            index.note_names.setdefault(fold(posixpath.basename(stem)), []).append(src)
        for src in sorted(attachments):
            index.file_paths.setdefault(fold(src), []).append(src)
            index.file_names.setdefault(fold(posixpath.basename(src)), []).append(src)
        for src, names in sorted((aliases or {}).items()):
            for name in names:
                bucket = index.aliases.setdefault(fold(name), [])
                if src not in bucket:
                    bucket.append(src)
        return index

    def _by_tail(self, table: dict[str, list[str]], key: str) -> list[str]:
        # Every proper tail of every path, indexed once: `a/sub/note` under `sub/note`.
        tails = self._tails.get(id(table))
        if tails is None:
            tails = {}
            for path, srcs in table.items():
                parts = path.split("/")
                for i in range(1, len(parts) - 1):
                    tails.setdefault("/".join(parts[i:]), []).extend(srcs)
            self._tails[id(table)] = tails
        return sorted(tails.get(key, ()))

    @property
    def empty(self) -> bool:
        """No note, alias or file to find: every lookup is missing (most vaults hide nothing)."""
        return not (self.note_paths or self.aliases or self.file_paths)

    def lookup(self, path: str, from_src: str) -> Resolution:
        """Resolve a normalised target path (no `#`, no `.md`) from the note `from_src`."""
        if not path:
            return Resolution(from_src)
        if "/" not in path and "\x00" not in path and not _SCHEME.match(path):
            # A bare name: its answer does not depend on the linking note's folder unless several
            # notes share it, so a miss is known at once, without a memo entry per name.
            key = fold(path)
            if key not in self.note_names and key not in self.aliases and key not in self.file_names:
                return MISSING
        # Only the linking note's folder matters, so answers are shared per folder.
        key = (path, posixpath.dirname(from_src))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._lookup(path, from_src)
        return found

    def _lookup(self, path: str, from_src: str) -> Resolution:
        if not path:
            return Resolution(from_src)
        if _DRIVE.match(path) or path.startswith("//") or "\x00" in path:
            return OUTSIDE
        if _SCHEME.match(path):
            return MISSING  # a URL is never a wikilink target; it is just not a note
        if "/" in path:
            return self._lookup_path(path, from_src)
        key = fold(path)
        for table, kind in ((self.note_names, "note"), (self.aliases, "note"),
                            (self.file_names, "attachment")):
            if key in table:
                return pick(table[key], from_src, kind)
        # `[[Note.md]]` style with a non-md suffix never reaches here: files keep their suffix.
        return MISSING

    def _lookup_path(self, path: str, from_src: str) -> Resolution:
        rooted = path.startswith("/")
        wanted = []
        root_form = posixpath.normpath(path.lstrip("/"))
        if not root_form.startswith(".."):
            wanted.append(root_form)
        if not rooted:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path))
            if not rel.startswith("..") and rel not in wanted:
                wanted.append(rel)
        if not wanted:
            return OUTSIDE
        for candidate in wanted:
            key = fold(candidate)
            if key in self.note_paths:
                return pick(self.note_paths[key], from_src, "note")
            if key in self.file_paths:
                return pick(self.file_paths[key], from_src, "attachment")
        if rooted or path.startswith("."):
            return MISSING
        # Obsidian also accepts a path's tail: `[[sub/Note]]` finds `a/sub/Note.md`.
        key = fold(root_form)
        for table, kind in ((self.note_paths, "note"), (self.file_paths, "attachment")):
            found = self._by_tail(table, key)
            if found:
                return pick(found, from_src, kind)
        return MISSING


def pick(candidates: list[str], from_src: str, kind: str) -> Resolution:
    """Choose among notes that share a name: same folder, else shortest path, else first by path."""
    if len(candidates) == 1:
        return Resolution(candidates[0], kind)
    folder = posixpath.dirname(from_src)
    same = [c for c in candidates if posixpath.dirname(c) == folder]
    if len(same) == 1:
        return Resolution(same[0], kind)
    pool = same or candidates
    best = min(pool, key=lambda c: (c.count("/"), fold(c), c))
    return Resolution(best, kind, "ambiguous", tuple(sorted(candidates, key=lambda c: (fold(c), c))))


def resolve(
    target: LinkTarget,
    from_src: str,
    published: NameIndex,
    unpublished: NameIndex | None = None,
) -> Resolution:
    """Resolve among published notes; fall back to unpublished ones only to say why it fails."""
    found = published.lookup(target.path, from_src)
    if found.src is None and found.problem == "missing" and unpublished is not None and not unpublished.empty:
        hidden = unpublished.lookup(target.path, from_src)
        if hidden.src is not None:
            return Resolution(None, problem="unpublished", candidates=(hidden.src,))
    return found


def find_heading(headings: list[tuple], wanted: tuple[str, ...]) -> str | None:
    """The id of the heading a `#H1#H2` chain names, or None.

    `headings` is the target's (level, text, id[, written]) list in document order: a
    heading is named by its text or by its Markdown as written. The last heading of the
    chain decides; earlier ones, when given, choose among repeats by requiring them as
    ancestors, as Obsidian's subheading links do.
    """
    from .slugs import heading_slug

    def names(head: tuple) -> set[str]:
        return {heading_slug(head[1])} | ({heading_slug(head[3])} if len(head) > 3 and head[3] else set())

    last = heading_slug(wanted[-1])
    matches = [i for i, head in enumerate(headings) if last in names(head)]
    if not matches:
        return None
    parents = [heading_slug(h) for h in wanted[:-1]]
    for i in matches:
        level = headings[i][0]
        chain: set[str] = set()
        for head in reversed(headings[:i]):
            if head[0] < level:
                chain |= names(head)
                level = head[0]
        if all(p in chain for p in parents):
            return headings[i][2]
    return headings[matches[0]][2]
