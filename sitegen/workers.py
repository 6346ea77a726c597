"""Parse and render notes on every core: persistent worker processes, each owning a fixed shard.

A shard keeps its parsed token streams in memory between the parse and the
render phase, so no note is parsed twice and no token crosses a process
boundary; only facts go to the main process and only HTML comes back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import zlib
from multiprocessing.connection import wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .syntax.markdown import ParsedNote, RenderedBody, render_blocks
from .collect.notefile import NoteRecord, load_note
from .faults import NOTICE_HTML, describe
from .procs import die_with_parent

# Below this many notes, starting processes costs more than it saves.
MIN_NOTES_PER_WORKER = 150
CHUNK = 250
# Packing a note costs about what parsing it did, and saves memory only when a shard holds
# many notes: a note this big is held as it is, up to this many tokens in all per shard.
WHOLE_NOTE_TOKENS = 20_000
WHOLE_TOKENS = 400_000


@dataclass(frozen=True)
class RenderInput:
    """What rendering one note needs from the rest of the vault."""

    links: dict[tuple[str, bool], dict | None]  # (target as written, markdown?) → {"href": …}
    tag_hrefs: dict[str, str]
    path: str = ""  # the file, for a note this process has not parsed (its record came from a cache)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RenderInput) and (self.links, self.tag_hrefs) == (other.links, other.tag_hrefs)


@dataclass(frozen=True)
class NoteSettings:
    """The settings that shape how a note parses and renders (part of every cache key)."""

    language: str = "ru"
    trust_html: bool = False
    line_breaks: str = "obsidian"
    iframe_hosts: tuple[str, ...] = ()

    @classmethod
    def of(cls, config) -> "NoteSettings":
        return cls(config.language, config.trust_html, config.line_breaks, tuple(config.iframe_hosts))


class Shard:
    """One process's share of the notes, with their tokens."""

    def __init__(self, settings: "NoteSettings") -> None:
        self.settings = settings
        self.parsed: dict[str, ParsedNote | bytes] = {}  # bytes: packed, see _pack_tokens
        self.paths: dict[str, str] = {}
        self.whole = 0  # tokens of the notes held unpacked

    def _hold(self, src: str, parsed: ParsedNote) -> None:
        size = _token_count(parsed)
        if size >= WHOLE_NOTE_TOKENS and self.whole + size <= WHOLE_TOKENS:
            self.whole += size
            self.parsed[src] = parsed
        else:
            self.parsed[src] = _pack_tokens(parsed)

    def _take(self, src: str) -> ParsedNote | bytes | None:
        held = self.parsed.pop(src, None)
        if isinstance(held, ParsedNote):
            self.whole -= _token_count(held)
        return held

    def parse(self, items: list[tuple[str, str]]) -> list[NoteRecord]:
        records = []
        for src, path in items:
            self.paths[src] = path
            record, parsed = load_note(Path(path), src, self.settings.language, self.settings.iframe_hosts)
            self._take(src)  # what an earlier parse of it left (serve parses a note again)
            if parsed is not None:
                self._hold(src, parsed)
            records.append(record)
        return records

    def render(self, inputs: dict[str, RenderInput]) -> dict[str, RenderedBody]:
        out = {}
        for src, given in inputs.items():
            # Tokens are needed once more at most: dropping them keeps the process small.
            parsed = _unpack_tokens(self._take(src))
            path = given.path or self.paths.get(src)
            if parsed is None and path:
                # Parsed elsewhere, or its record came from the cache: parse it here.
                _, parsed = load_note(Path(path), src, self.settings.language, self.settings.iframe_hosts)
            if parsed is None:
                out[src] = RenderedBody()
                continue

            def resolve(target: str, markdown: bool = False, _links=given.links) -> dict | None:
                return _links.get((target, markdown))

            def tag_href(tag: str, _tags=given.tag_hrefs) -> str:
                return _tags.get(tag, "#")

            try:
                out[src] = render_blocks(parsed, resolve, tag_href, self.settings.language,
                                         self.settings.trust_html, self.settings.line_breaks,
                                         self.settings.iframe_hosts)
            except Exception as exc:  # noqa: BLE001 - the page still appears, with a notice
                out[src] = RenderedBody([NOTICE_HTML], failures=[(1, describe(exc))])
        return out

    def forget(self, srcs: Iterable[str]) -> None:
        for src in srcs:
            self._take(src)
            self.paths.pop(src, None)


def _token_count(parsed: ParsedNote) -> int:
    return len(parsed.tokens) + sum(len(t.children) for t in parsed.tokens if t.children)


def _pack_tokens(parsed: ParsedNote) -> ParsedNote | bytes:
    """A parsed note as compressed bytes until it is rendered: a note's token objects take
    about 90 KB, packed about 7 KB, so a worker holding 5,000 notes between the parse and
    the render phase stays small. Only this process packs and unpacks them: the bytes are
    never written or sent anywhere. What cannot be packed is kept as it is."""
    try:
        return zlib.compress(pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL), 1)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return parsed


def _unpack_tokens(held: ParsedNote | bytes | None) -> ParsedNote | None:
    return pickle.loads(zlib.decompress(held)) if isinstance(held, bytes) else held


def _pack(command: str, chunk: list):
    return chunk if command == "parse" else dict(chunk)


def _serve(conn, settings: "NoteSettings") -> None:
    die_with_parent()
    shard = Shard(settings)
    while True:
        command, payload = conn.recv()
        if command == "stop":
            break
        conn.send(getattr(shard, command)(payload))
        if command == "parse":
            gc.freeze()  # the records sent and the packed tokens live on: keep the collector off them
    conn.close()


class NoteWorkers:
    """Shards notes round-robin over processes (a note keeps its shard), or runs in-process."""

    def __init__(self, settings: "NoteSettings", jobs: int, note_count: int) -> None:
        jobs = jobs or os.cpu_count() or 1
        jobs = max(1, min(jobs, note_count // MIN_NOTES_PER_WORKER))
        self.local = Shard(settings) if jobs == 1 else None
        self.conns = []
        self.procs = []
        if self.local is None:
            ctx = multiprocessing.get_context("fork")
            for _ in range(jobs):
                parent, child = ctx.Pipe()
                proc = ctx.Process(target=_serve, args=(child, settings),
                                   daemon=True)
                proc.start()
                child.close()
                self.conns.append(parent)
                self.procs.append(proc)
        self.owner: dict[str, int] = {}

    @property
    def count(self) -> int:
        return len(self.conns) or 1

    def _split(self, items: dict[str, object]) -> list[dict[str, object]]:
        parts: list[dict[str, object]] = [{} for _ in range(self.count)]
        for i, key in enumerate(sorted(items)):
            shard = self.owner.setdefault(key, i % self.count)
            parts[shard][key] = items[key]
        return parts

    def _run(self, command: str, parts: list[list], merge: Callable, tick: Callable[[int], None]) -> None:
        """Send each shard its items in chunks, so progress shows and all workers stay busy."""
        chunks = [[part[i : i + CHUNK] for i in range(0, len(part), CHUNK)] for part in parts]
        if self.local is not None:
            for chunk in chunks[0]:
                merge(getattr(self.local, command)(_pack(command, chunk)))
                tick(len(chunk))
            return
        pending = {}
        for conn, queue in zip(self.conns, chunks):
            if queue:
                chunk = queue.pop(0)
                conn.send((command, _pack(command, chunk)))
                pending[conn] = (queue, len(chunk))
        while pending:
            for conn in wait(list(pending)):
                queue, size = pending.pop(conn)
                merge(conn.recv())
                tick(size)
                if queue:
                    chunk = queue.pop(0)
                    conn.send((command, _pack(command, chunk)))
                    pending[conn] = (queue, len(chunk))

    def parse(self, paths: dict[str, Path], tick: Callable[[int], None] = lambda n: None) -> dict[str, NoteRecord]:
        records: dict[str, NoteRecord] = {}
        parts = [sorted((src, str(path)) for src, path in p.items()) for p in self._split(paths)]
        self._run("parse", parts, lambda rs: records.update((r.src, r) for r in rs), tick)
        return records

    def render(self, inputs: dict[str, RenderInput], tick: Callable[[int], None] = lambda n: None) -> dict[str, RenderedBody]:
        bodies: dict[str, RenderedBody] = {}
        parts = [sorted(p.items()) for p in self._split(inputs)]
        self._run("render", parts, bodies.update, tick)
        return bodies

    def close(self) -> None:
        for conn in self.conns:
            try:
                conn.send(("stop", None))
                conn.close()
            except OSError:
                pass
        for proc in self.procs:
            proc.join(timeout=5)
        self.conns, self.procs = [], []

    def __enter__(self) -> "NoteWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
