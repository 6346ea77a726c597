"""A build cache keyed by content hashes: parsed notes and rendered bodies survive between builds (and CI runs).

One SQLite file in the cache folder. Every key also holds a fingerprint of
sitegen's own code and of the libraries that shape the HTML, so a new version
never reuses an old result.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from importlib import metadata
from pathlib import Path

LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pygments", "latex2mathml", "nh3", "pyyaml")


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


class BuildCache:
    """get/put of picklable values by key, in two tables: parsed records and rendered bodies."""

    TABLES = ("records", "bodies")

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / "cache.sqlite")
        for table in self.TABLES:
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
        self.used: dict[str, set[str]] = {t: set() for t in self.TABLES}
        self.pruned = 0

    def get_many(self, table: str, keys: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for k, blob in self.db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk):
                try:
                    found[k] = pickle.loads(blob)
                except Exception:  # a damaged entry is a miss, not a failure
                    continue
        self.used[table].update(keys)
        return found

    def put_many(self, table: str, items: dict[str, object]) -> None:
        # A generator: each value is pickled as SQLite takes it, never all of them at once.
        self.db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)",
                            ((k, pickle.dumps(v, pickle.HIGHEST_PROTOCOL)) for k, v in items.items()))
        self.used[table].update(items)

    def close(self) -> None:
        """Keep only what this build used, so the cache does not grow without end."""
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
