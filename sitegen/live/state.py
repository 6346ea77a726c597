"""The state a build leaves for the next one to resume from (sitegen.live.resume), as data.

JSON made by sitegen.datacodec, never code: a damaged or foreign file can only fail to
decode, and then the build is a full one. The note records are in SHARDS files of their own
(live-records/, each named by the digest of its bytes), so an edit rewrites a small part.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..collect.notefile import NoteRecord
from ..collect.resolving import Link
from ..collect.vault import VaultFiles
from ..datacodec import DataError, from_data, to_data
from ..diagnostics import Diagnostic
from ..search.extract import NoteSearch
from ..search.saved import SavedIndex

FILE_NAME = "live.json"
OLD_FILES = ("live.pickle",)  # what earlier versions left: never read, removed on the next save
VERSION = 5
SHARD_DIR = "live-records"
SHARDS = 64


@dataclass
class SavedFiles:
    """A VaultFiles as data."""

    notes: dict[str, str] = field(default_factory=dict)
    attachments: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class SavedState:
    """What the next build needs to update this one's site (see the module docstring)."""

    version: int
    salt: str
    vault: str
    out: str
    digests: dict[str, str]
    output: dict[str, list[int]]  # sitegen.emit.unchanged.output_state
    files: SavedFiles
    records: dict[str, NoteRecord]  # every note's, search terms left out
    record_keys: dict[str, str]  # src → key in the cache's records table
    body_keys: dict[str, str]  # published src → key in the cache's bodies table
    # Each published note's links as resolved, in the order of its facts (sitegen.collect.resolving):
    # (target or "", kind, anchor, lost). Collecting takes them instead of resolving every link again.
    links: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    link_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)
    failing_bodies: list[str] = field(default_factory=list)  # notes whose cached body holds a render failure
    # The records are kept in SHARDS files beside this one, named by their content's digest, so a
    # one-edit build writes one of them again, not every record (see write): (name, records in it).
    record_shards: list[tuple[str, int]] = field(default_factory=list)
    # Last, where tests/test_resume.py finds it.
    search: SavedIndex | None = None  # the search index's state, with search on (sitegen.search.saved)


def save(cache_dir: Path, salt: str, digests: dict[str, str], clean: bool, state: dict | None,
         vault: Path, out: Path, files: VaultFiles, records: dict[str, NoteRecord],
         record_keys: dict[str, str], body_keys: dict[str, str], search: SavedIndex | None = None,
         links: dict[str, list[Link]] | None = None, link_diagnostics: dict[str, list[Diagnostic]] | None = None,
         failing_bodies: list[str] = ()) -> None:
    """Keep what the next build resumes from; `clean`: the build wrote no notice page and refused
    no file (such problems are only found by writing every page, so those builds are not resumed)."""
    saved = None
    if clean and state is not None:
        saved = SavedState(VERSION, salt, str(vault), str(out), digests, state, saved_files(files),
                           records, record_keys, body_keys, saved_links(links or {}),
                           dict(link_diagnostics or {}), sorted(failing_bodies), search=search)
    write(cache_dir, saved)


def saved_links(links: dict[str, list[Link]]) -> dict[str, list[tuple[str, str, str, str]]]:
    """The resolved links as data (see SavedState.links)."""
    return {src: [(l.target or "", l.kind, l.anchor, l.lost) for l in found] for src, found in links.items()}


def resolved_links(saved: SavedState, records: dict[str, NoteRecord]) -> dict[str, tuple[list[Link], list[Diagnostic]]]:
    """The saved links of each note whose record still has as many link facts; a note left
    out is resolved again by collect (slower, never wrong)."""
    out = {}
    for src, found in saved.links.items():
        record = records.get(src)
        if record is None:
            continue
        facts = record.facts.links + record.meta.links
        if len(facts) != len(found):
            continue
        out[src] = ([Link(fact, target or None, kind, anchor, lost)
                     for fact, (target, kind, anchor, lost) in zip(facts, found)],
                    list(saved.link_diagnostics.get(src, ())))
    return out


def saved_files(files: VaultFiles) -> SavedFiles:
    return SavedFiles({s: str(p) for s, p in files.notes.items()},
                      {s: str(p) for s, p in files.attachments.items()}, list(files.diagnostics))


_LINKS = [f.name for f in fields(SavedState)].index("links")


def write(cache_dir: Path, saved: SavedState | None, raw: dict | None = None) -> None:
    """Write `saved` (None: forget the last state), or leave no state at all. `raw`: records
    as they were read, by src, still valid (encoding every record again costs more than the
    rest of the write)."""
    path = cache_dir / FILE_NAME
    temp = path.with_name(path.name + ".tmp")
    try:
        for name in OLD_FILES:
            (cache_dir / name).unlink(missing_ok=True)
        if saved is None or set(saved.body_keys) - set(saved.record_keys):
            path.unlink(missing_ok=True)
            return
        cache_dir.mkdir(parents=True, exist_ok=True)
        shards = _write_shards(cache_dir / SHARD_DIR, saved, raw or {})
        data = to_data(replace(saved, records={}, links={}, record_shards=shards))
        # Tuples of text, which the JSON encoder writes as they are (to_data would copy each of
        # the 100,000 links of a 10,000-note vault into a list first); load checks them.
        data[_LINKS] = saved.links
        # dumps, not dump: only the one-shot encoder is the C one (5 times faster here).
        temp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path)
        saved.record_shards = shards
        kept = {f"{name}.json" for name, _ in shards}
        for leftover in (cache_dir / SHARD_DIR).iterdir():  # the last state's shards that changed
            if leftover.name not in kept:
                leftover.unlink(missing_ok=True)
    except (OSError, DataError):  # a front matter value JSON cannot hold, or the disk is full
        for leftover in (temp, path):  # the next build is a full one: slower, never wrong
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass  # the cache path is a file, or not writable: there is nothing to remove


def _shard(src: str) -> int:
    return zlib.crc32(src.encode("utf-8")) % SHARDS


def _write_shards(folder: Path, saved: SavedState, raw: dict) -> list[tuple[str, int]]:
    """Write the shards whose records changed; the others stay as the last state left them
    (same notes, each one's record as read: the same bytes, so the same name)."""
    groups: list[dict] = [{} for _ in range(SHARDS)]
    for src, record in saved.records.items():
        groups[_shard(src)][src] = record
    old = saved.record_shards if len(saved.record_shards) == SHARDS else [("", -1)] * SHARDS
    folder.mkdir(parents=True, exist_ok=True)
    shards = []
    for (name, count), group in zip(old, groups):
        if not (name and count == len(group) and all(s in raw for s in group) and (folder / f"{name}.json").is_file()):
            blob = json.dumps({s: raw[s] if s in raw else to_data(replace(r, search=NoteSearch()))
                               for s, r in sorted(group.items())},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            name = hashlib.sha1(blob).hexdigest()[:24]
            target = folder / f"{name}.json"
            if not target.is_file():
                temp = folder / f"{name}.tmp"
                temp.write_bytes(blob)
                os.replace(temp, target)
        shards.append((name, len(group)))
    return shards


_NAME = re.compile(r"[0-9a-f]{24}")


def _read_shards(folder: Path, shards: list[tuple[str, int]]) -> dict:
    """The records as read from the shards, by src; DataError when one is missing, damaged or foreign."""
    if len(shards) != SHARDS:
        raise DataError("a state with another number of record shards")
    records: dict = {}
    for name, count in shards:
        if not _NAME.fullmatch(name):
            raise DataError(f"a shard name that is not a digest: {name!r}")
        blob = (folder / f"{name}.json").read_bytes()
        part = json.loads(blob)
        if hashlib.sha1(blob).hexdigest()[:24] != name or type(part) is not dict or len(part) != count:
            raise DataError(f"shard {name} is not what the state wrote")
        records.update(part)
    return records


def load(cache_dir: Path) -> tuple[SavedState, dict] | None:
    """The saved state and its records as read (see write)."""
    gc.disable()  # hundreds of thousands of small objects: the collector would rescan them over and over
    try:
        with open(cache_dir / FILE_NAME, "rb") as handle:
            data = json.load(handle)
        if type(data) is not list or not data or data[0] != VERSION:
            return None  # from another version of sitegen, or not ours
        saved = from_data(SavedState, data)
        raw = _read_shards(cache_dir / SHARD_DIR, saved.record_shards)
        saved.records = from_data(dict[str, NoteRecord], raw)
        return saved, raw
    except (OSError, ValueError, DataError, RecursionError, MemoryError):  # missing, truncated, damaged
        return None
    finally:
        gc.enable()
