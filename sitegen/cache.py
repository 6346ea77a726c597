"""A build cache keyed by content hashes: parsed notes and rendered bodies survive between builds (and CI runs).

One SQLite file in the cache folder, holding JSON data (sitegen.datacodec), never
code: a cache file from anywhere can at worst be wrong data, which decoding
refuses. Every key also holds a fingerprint of sitegen's own code and of the
libraries that shape the HTML, so a new version never reuses an old result.

A cache that cannot be used (not a database, damaged, made by another version,
read-only, locked, a file where the folder should be) gives one `cache-unusable`
warning, and the build goes on without it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import typing
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .collect.notefile import NoteRecord
from .datacodec import DataError, from_data, to_data
from .diagnostics import Diagnostic
from .syntax.markdown import RenderedBody

LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pygments", "latex2mathml", "nh3", "pyyaml", "PyStemmer")
SCHEMA = "sitegen-cache json 2"  # the storage format: tables, JSON encoding (1 was pickle)
FILE_NAME = "cache.sqlite"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()


def key(*parts: object) -> str:
    return hashlib.sha1(repr((fingerprint(),) + parts).encode("utf-8")).hexdigest()


class Unusable(Exception):
    """Why the cache file cannot serve this build."""


class BuildCache:
    """get/put of cached values by key, in two tables: parsed records and rendered bodies.
    Never raises: after the first problem it reports once and acts as an empty cache."""

    TABLES = {"records": NoteRecord, "bodies": RenderedBody}

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self.diagnostics: list[Diagnostic] = []
        self.used: dict[str, set[str]] = {t: set() for t in self.TABLES}
        self.pruned = 0
        self.db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():
                raise Unusable(f"{self.path} is not a regular file")
            self.db = sqlite3.connect(self.path, timeout=5)
            self._open_schema()
        except (OSError, sqlite3.Error, Unusable) as exc:
            self._give_up(exc)

    def _open_schema(self) -> None:
        assert self.db is not None
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        found = None
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            found = row[0] if row else "none"
        elif tables & set(self.TABLES):
            found = "sitegen-cache pickle 1"
        elif tables:
            raise Unusable(f"{self.path} is a database sitegen did not make; delete it or set another cache_dir")
        if found not in (None, SCHEMA):
            # Ours, from another version: it cannot serve this build; start a new one for the next.
            for table in tables & (set(self.TABLES) | {"meta"}):
                self.db.execute(f"DROP TABLE {table}")
            self._note(f"made by another version of sitegen ({found}); this build does not use it "
                       "and starts a new cache")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        for table in self.TABLES:
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value TEXT)")
        # A write now finds a read-only or locked cache before the build relies on it.
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('schema', ?)", (SCHEMA,))
        self.db.commit()

    def _note(self, message: str) -> None:
        if not self.diagnostics:
            self.diagnostics.append(Diagnostic(str(self.path), 1, 1, "cache-unusable", message))

    def _give_up(self, exc: BaseException) -> None:
        reason = str(exc) if isinstance(exc, Unusable) else f"{type(exc).__name__}: {exc}"
        self._note(f"build cache not used: {reason}")
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    @property
    def usable(self) -> bool:
        return self.db is not None

    def get_many(self, table: str, keys: list[str]) -> dict[str, object]:
        kind = self.TABLES[table]
        return self._select(table, keys, "value", lambda text: from_data(kind, json.loads(text)))

    def get_field(self, table: str, keys: list[str], name: str) -> dict[str, object]:
        """One field of each cached value, decoded by its type hint; SQLite cuts it out of the
        stored JSON, so the rest of the value is never decoded (the search terms of a record)."""
        kind = self.TABLES[table]
        at = [f.name for f in dataclasses.fields(kind)].index(name)
        hint = typing.get_type_hints(kind)[name]
        return self._select(table, keys, f"json_array(json_extract(value, '$[{at}]'))",
                            lambda text: from_data(hint, json.loads(text)[0]), "AND json_valid(value)")

    def present(self, table: str, keys: list[str]) -> set[str]:
        """The keys the table holds (nothing decoded); they count as used, see close()."""
        return set(self._select(table, keys, "1", lambda text: True))

    def _select(self, table: str, keys: list[str], column: str, decode, where: str = "") -> dict[str, object]:
        if self.db is None:
            return {}
        found: dict[str, object] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for k, text in self.db.execute(f"SELECT key, {column} FROM {table} WHERE key IN ({marks}) {where}",
                                               chunk):
                    try:
                        found[k] = decode(text)
                    except (DataError, ValueError, TypeError, IndexError):  # a damaged entry is a miss
                        continue
        except sqlite3.Error as exc:
            self._give_up(exc)
            return {}
        self.used[table].update(keys)
        return found

    def put_many(self, table: str, items: dict[str, object]) -> None:
        if self.db is None:
            return

        def rows():
            # A generator: each value is encoded as SQLite takes it, never all of them at once.
            for k, value in items.items():
                try:
                    yield k, json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":"))
                except DataError:
                    continue  # e.g. a front matter value of a type JSON cannot hold: not cached

        try:
            self.db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows())
            self.db.commit()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return
        self.used[table].update(items)

    def close(self) -> None:
        """Keep only what this build used, so the cache does not grow without end."""
        if self.db is None:
            return
        try:
            for table, keys in self.used.items():
                if keys:
                    self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
                    self.db.execute("DELETE FROM keep")
                    self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keys])
                    gone = self.db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep)").rowcount
                    self.pruned += max(gone, 0)
            self.db.commit()
            if self.pruned > 1000:
                self.db.execute("VACUUM")  # SQLite keeps freed pages otherwise: give the space back
            self.db.close()
        except sqlite3.Error as exc:
            self._give_up(exc)
        self.db = None
