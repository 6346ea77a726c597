"""The build cache: unchanged notes are neither parsed nor rendered again, and the site stays the same."""

from __future__ import annotations

from pathlib import Path

from conftest import build, write_vault
import sitegen.collect.notefile
import sitegen.workers
from sitegen import cache as cache_module


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = sitegen.collect.notefile.load_note

    def counting(path, src, language):
        parsed.append(src)
        return real(path, src, language)

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
    import sqlite3

    db = sqlite3.connect(cache_dir / "cache.sqlite")
    db.execute("UPDATE records SET value = x'00'")
    db.commit()
    db.close()
    build(vault, tmp_path / "two", cache=True, cache_dir=str(cache_dir))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
