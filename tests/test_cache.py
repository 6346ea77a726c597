"""The build cache: unchanged notes are neither parsed nor rendered again, and the site stays the same."""

from __future__ import annotations

import json
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import build, codes, write_vault
import sitegen.collect.notefile
import sitegen.site
import sitegen.workers
from sitegen import cache as cache_module, cli
from sitegen.config import ConfigError, load_config


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = sitegen.collect.notefile.load_note

    def counting(path, src, *options):
        parsed.append(src)
        return real(path, src, *options)

    monkeypatch.setattr(sitegen.workers, "load_note", counting)
    return parsed


def test_second_build_parses_nothing_and_is_identical(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]] #t", "b.md": "![[a]]", "c.md": "[[нет]]"})
    cache_dir = str(tmp_path / "cache")
    parsed = count_parses(monkeypatch)
    build(vault, tmp_path / "one", cache=True, cache_dir=cache_dir)
    assert sorted(parsed) == ["a.md", "b.md", "c.md"]
    parsed.clear()
    build(vault, tmp_path / "two", cache=True, cache_dir=cache_dir)
    assert parsed == []
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_only_changed_notes_and_notes_linking_to_moved_pages_are_redone(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]]", "b.md": "текст", "c.md": "одна"})
    cache_dir = str(tmp_path / "cache")
    build(vault, tmp_path / "one", cache=True, cache_dir=cache_dir)
    parsed = count_parses(monkeypatch)
    (vault / "c.md").write_text("две")
    result = build(vault, tmp_path / "two", cache=True, cache_dir=cache_dir)
    assert parsed == ["c.md"]
    parsed.clear()
    (vault / "b.md").rename(vault / "B2.md")  # a.md's link breaks: its body is rendered again
    result = build(vault, tmp_path / "three", cache=True, cache_dir=cache_dir)
    assert sorted(parsed) == ["B2.md", "a.md"]
    assert "broken-link" in [d.code for d in result.diagnostics]
    fresh = build(vault, tmp_path / "fresh")
    assert tree(tmp_path / "three") == tree(tmp_path / "fresh") and fresh.notes == 3


def test_new_sitegen_code_never_reuses_old_entries(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    cache_dir = str(tmp_path / "cache")
    build(vault, tmp_path / "one", cache=True, cache_dir=cache_dir)
    parsed = count_parses(monkeypatch)
    monkeypatch.setattr(cache_module, "fingerprint", lambda: "another version")
    build(vault, tmp_path / "two", cache=True, cache_dir=cache_dir)
    assert parsed == ["a.md"]


def test_damaged_cache_is_a_miss(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    cache_dir = tmp_path / "cache"
    build(vault, tmp_path / "one", cache=True, cache_dir=str(cache_dir))
    db = sqlite3.connect(cache_dir / "cache.sqlite")
    db.execute("UPDATE records SET value = x'00'")
    db.commit()
    db.close()
    build(vault, tmp_path / "two", cache=True, cache_dir=str(cache_dir))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_cache_holds_json_data_under_a_schema(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "---\ndate: 2024-01-02\nрейтинг: [1, 2.5, {x: 2024-01-01}]\n---\n[[b]]",
                                         "b.md": "<b>ok</b>"})
    build(vault, tmp_path / "one", cache=True, cache_dir=str(tmp_path / "cache"))
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite")
    assert db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == (cache_module.SCHEMA,)
    for table in ("records", "bodies"):
        values = [v for (v,) in db.execute(f"SELECT value FROM {table}")]
        assert len(values) == 2 and all(isinstance(json.loads(v), list) for v in values)
    db.close()


class _Payload:
    """What a pickle-based cache would run on load."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_pickle_payload_in_the_cache_never_runs(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    cache_dir = tmp_path / "cache"
    config = build(vault, tmp_path / "one", cache=True, cache_dir=str(cache_dir)).config
    record_key = sitegen.site.record_key("a.md", b"x", config)
    marker = tmp_path / "marker"
    db = sqlite3.connect(cache_dir / "cache.sqlite")
    assert db.execute("UPDATE records SET value = ? WHERE key = ?",
                      (pickle.dumps(_Payload(marker)), record_key)).rowcount == 1
    db.commit()
    db.close()
    result = build(vault, tmp_path / "two", cache=True, cache_dir=str(cache_dir))
    assert not marker.exists()
    assert tree(tmp_path / "one") == tree(tmp_path / "two") and result.notes == 1


def _old_pickle_cache(folder: Path) -> None:
    (folder / "cache.sqlite").unlink(missing_ok=True)
    db = sqlite3.connect(folder / "cache.sqlite")
    for table in ("records", "bodies"):
        db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO records VALUES ('k', ?)", (pickle.dumps({"old": 1}),))
    db.commit()
    db.close()


def _foreign_database(folder: Path) -> None:
    (folder / "cache.sqlite").unlink()
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("CREATE TABLE moz_places (url TEXT)")
    db.commit()
    db.close()


def _truncated(folder: Path) -> None:
    path = folder / "cache.sqlite"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


BROKEN = {
    "truncated": _truncated,
    "random bytes": lambda folder: (folder / "cache.sqlite").write_bytes(bytes(range(256)) * 64),
    "made by an older sitegen (pickle)": _old_pickle_cache,
    "another program's database": _foreign_database,
    "cache.sqlite is a folder": lambda folder: ((folder / "cache.sqlite").unlink(),
                                                (folder / "cache.sqlite").mkdir()),
}


@pytest.mark.parametrize("damage", sorted(BROKEN))
def test_a_broken_cache_is_one_warning_and_a_build_without_it(tmp_path, damage):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]] #t", "b.md": "![[a]]"})
    cache_dir = tmp_path / "cache"
    build(vault, tmp_path / "first", cache=True, cache_dir=str(cache_dir))
    BROKEN[damage](cache_dir)
    result = build(vault, tmp_path / "two", cache=True, cache_dir=str(cache_dir))
    assert codes(result).count("cache-unusable") == 1
    fresh = build(vault, tmp_path / "fresh")
    assert tree(tmp_path / "two") == tree(tmp_path / "fresh")
    assert [d for d in result.diagnostics if d.code != "cache-unusable"] == fresh.diagnostics


def test_an_older_cache_is_replaced_so_the_next_build_uses_a_new_one(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    _old_pickle_cache(cache_dir)
    assert "cache-unusable" in codes(build(vault, tmp_path / "one", cache=True, cache_dir=str(cache_dir)))
    assert "cache-unusable" not in codes(build(vault, tmp_path / "two", cache=True, cache_dir=str(cache_dir)))


def _read_only(monkeypatch):
    real = sqlite3.connect
    # Root ignores file modes, so the database is opened read-only the way SQLite sees a read-only file.
    monkeypatch.setattr(cache_module.sqlite3, "connect",
                        lambda path, **kw: real(f"file:{path}?mode=ro", uri=True, **kw))


@pytest.mark.parametrize("where", ["a file", "a dangling symlink", "read-only", "deleted during the build"])
def test_an_unusable_cache_folder_is_one_warning_and_a_build_without_it(tmp_path, monkeypatch, where):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]]", "b.md": "текст"})
    cache_dir = tmp_path / "cache"
    if where == "a file":
        cache_dir.write_text("not a folder")
    elif where == "a dangling symlink":
        cache_dir.symlink_to(tmp_path / "nowhere" / "cache")
    elif where == "read-only":
        build(vault, tmp_path / "first", cache=True, cache_dir=str(cache_dir))
        _read_only(monkeypatch)
    else:
        real = sitegen.site.cached_render

        def render_then_delete(*args):
            shutil.rmtree(cache_dir, ignore_errors=True)
            return real(*args)

        monkeypatch.setattr(sitegen.site, "cached_render", render_then_delete)
    result = build(vault, tmp_path / "out", cache=True, cache_dir=str(cache_dir))
    assert codes(result).count("cache-unusable") == 1
    build(vault, tmp_path / "fresh")
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_strict_build_with_a_broken_cache_exits_0_with_one_line(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "x", "sitegen.toml": 'cache_dir = ".cache"\nsearch = false\n',
                                         ".cache/cache.sqlite": b"\x00garbage" * 100})
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--strict", "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count("cache-unusable") == 1 and "Traceback" not in err
    assert err.startswith(f"{vault.resolve() / '.cache' / 'cache.sqlite'}:1:1: cache-unusable: build cache not used")


def test_a_cache_folder_replaced_by_a_file_between_builds_is_one_warning(tmp_path, capsys, monkeypatch):
    # The command line's build also keeps the state the next one resumes from; writing that
    # into a cache path that had become a file ended the build with exit 2.
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]]", "b.md": "текст"})
    monkeypatch.chdir(tmp_path)
    args = ["build", str(vault), "-o", str(tmp_path / "out"), "--strict", "-q", "--no-search"]
    assert cli.main(args) == 0
    shutil.rmtree(tmp_path / ".sitegen-cache")
    (tmp_path / ".sitegen-cache").write_text("not a folder")
    capsys.readouterr()
    assert cli.main(args) == 0
    err = capsys.readouterr().err
    assert err.count("cache-unusable") == 1 and "Traceback" not in err and "error" not in err
    assert (tmp_path / "out" / "b" / "index.html").is_file()


def test_a_cache_dir_outside_the_vault_is_refused(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x", "sitegen.toml": 'cache_dir = "../elsewhere"\n'})
    with pytest.raises(ConfigError, match="'cache_dir' = '../elsewhere' leads outside the vault"):
        load_config(vault)
