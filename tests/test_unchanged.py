"""`sitegen build` with every input and the output as the last build left them does nothing but report the same problems."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build, write_vault
from sitegen.config import load_config
from sitegen.emit import unchanged
from sitegen.site import build_site

VAULT = {
    "index.md": "Дом. [[Один]] [[Нет такой]]",
    "Один.md": "Первая. #тема",
    "Папка/Два.md": "Вторая. [[Один]]",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def again(vault: Path, out: Path, cache: Path, skip: bool = True):
    config = load_config(vault, {"jobs": 1, "search": False, "cache": True, "cache_dir": str(cache)})
    return build_site(vault, out, config, skip_unchanged=skip)


def test_nothing_changed_means_nothing_done_and_the_same_problems(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = again(vault, out, cache)
    assert first.model is not None
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    second = again(vault, out, cache)
    assert second.model is None  # no note was even parsed
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert "broken-link" in {d.code for d in second.diagnostics}
    assert (second.notes, second.pages) == (first.notes, first.pages)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_an_edited_note_builds_the_site_a_full_build_makes(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    (vault / "Один.md").write_text("Первая, другая. #тема", encoding="utf-8")
    assert again(vault, out, cache).model is not None
    build(vault, tmp_path / "full", cache=False)
    assert tree(out) == tree(tmp_path / "full")
    assert "Первая, другая." in (out / "один" / "index.html").read_text(encoding="utf-8")


def test_a_file_touched_or_removed_in_the_output_is_put_back(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    good = tree(out)
    (out / "один" / "index.html").write_text("испорчено", encoding="utf-8")
    assert again(vault, out, cache).model is not None
    assert tree(out) == good
    (out / "graph.json").unlink()
    assert again(vault, out, cache).model is not None
    assert tree(out) == good


def test_a_changed_setting_or_attachment_builds_again(tmp_path):
    vault = write_vault(tmp_path / "v", {**VAULT, "pic.png": b"\x89PNG\r\n\x1a\n", "Три.md": "![[pic.png]]"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    write_vault(vault, {".obsidian/app.json": '{"newLinkFormat": "relative"}'})
    assert again(vault, out, cache).model is not None
    assert again(vault, out, cache).model is None
    (vault / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
    assert again(vault, out, cache).model is not None


def test_watch_mode_builds_always_do_the_work(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    assert again(vault, out, cache, skip=False).model is not None
    assert again(vault, out, cache).model is not None  # a build without a record never skips


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_commit_outside_the_vault_keeps_the_shortcut_a_commit_inside_does_not(tmp_path):
    """The key holds the commit times of the vault's files, not the commit the repository is at:
    other work committed in the same repository changes no page."""
    repo = tmp_path / "repo"
    vault = write_vault(repo / "vault", VAULT)
    (repo / "other.txt").write_text("one", encoding="utf-8")

    def git(*args: str) -> None:
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                   GIT_COMMITTER_EMAIL="t@t", GIT_AUTHOR_DATE="2020-01-01T00:00:00Z",
                   GIT_COMMITTER_DATE="2020-01-01T00:00:00Z")
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "other.txt", "vault/index.md")
    git("commit", "-qm", "one")
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert again(vault, out, cache).model is not None
    (repo / "other.txt").write_text("two", encoding="utf-8")
    git("commit", "-qam", "elsewhere")
    assert again(vault, out, cache).model is None  # HEAD moved, no file of the vault did
    git("add", "vault/Один.md", "vault/Папка/Два.md")  # untracked until now: times from Git from here on
    git("commit", "-qm", "inside")
    assert again(vault, out, cache).model is not None


def test_files_whose_stat_is_unchanged_are_not_read_again(tmp_path, monkeypatch):
    """A nothing-changed build of a vault of large attachments does not hash them all again."""
    monkeypatch.setattr(unchanged, "RACY_NS", 0)  # the files were written just now
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    read = []
    monkeypatch.setattr(unchanged, "read_regular", lambda path: read.append(path) or path.read_bytes())
    assert again(vault, out, cache).model is None
    assert read == []


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    again(vault, out, cache)
    note = vault / "Один.md"
    before = note.stat()
    note.write_text(note.read_text(encoding="utf-8").replace("Первая", "Другая"), encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))  # as an editor that keeps times does
    assert note.stat().st_size == before.st_size
    assert again(vault, out, cache).model is not None  # its change time gave it away
    assert "Другая." in (out / "один" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", [b"", b"\x00\xff garbage", b'{"version": 1, "files": {"note\\u0000index.md": 5}}',
                                    b'{"version": 1, "files": {"note\\u0000index.md": [0, 0, 0, 0, 7]}}'])
def test_a_damaged_stat_record_means_the_files_are_read(tmp_path, monkeypatch, damage):
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = again(vault, out, cache)
    (cache / unchanged.STATS_FILE).write_bytes(damage)
    second = again(vault, out, cache)
    assert second.model is None  # the digests read from the files still match
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    (vault / "Один.md").write_text("Совсем другая. #тема", encoding="utf-8")
    (cache / unchanged.STATS_FILE).write_bytes(damage)
    assert again(vault, out, cache).model is not None
