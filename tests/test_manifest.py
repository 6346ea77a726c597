"""The page manifest: a rebuild carries unchanged pages from the old site by hard link, and the site stays what a full build makes."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import build, write_vault
import sitegen.emit.writer
from sitegen.emit.manifest import input_hash

VAULT = {
    "index.md": "Дом. [[Один]] [[Два]]",
    "Один.md": "---\ntags: [тема]\n---\nПервая заметка. [[Два]]",
    "Два.md": "Вторая заметка. #тема",
    "Папка/Три.md": "Третья, одна в папке.",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".sitegen-output"}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*.html")}


def count_renders(monkeypatch) -> list[str]:
    rendered: list[str] = []
    real = sitegen.emit.writer.render_page

    def counting(theme, ctx, page, context=None):
        if context is not None:  # a page being written, not the parent's one-per-template check
            rendered.append(page.url)
        return real(theme, ctx, page, context)

    monkeypatch.setattr(sitegen.emit.writer, "render_page", counting)
    return rendered


def cached_build(vault: Path, out: Path, cache: Path, **config):
    return build(vault, out, cache=True, cache_dir=str(cache), **config)


def test_a_rebuild_with_nothing_changed_renders_no_page_and_links_every_one(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cached_build(vault, out, cache)
    before, first = inodes(out), tree(out)
    rendered = count_renders(monkeypatch)
    cached_build(vault, out, cache)
    assert rendered == []
    assert inodes(out) == before  # the same files, carried by hard link into the new site
    assert tree(out) == first


def test_one_edit_renders_only_the_pages_that_show_it_and_equals_a_full_build(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cached_build(vault, out, cache)
    (vault / "Два.md").write_text("Вторая заметка, правленая. #тема", encoding="utf-8")
    rendered = count_renders(monkeypatch)
    cached_build(vault, out, cache)
    assert "два/" in rendered
    assert "папка/три/" not in rendered  # shows nothing of the edited note
    build(vault, tmp_path / "full", cache=False)
    assert tree(out) == tree(tmp_path / "full")


def test_a_page_changed_in_the_output_is_rendered_again(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cached_build(vault, out, cache)
    good = tree(out)
    page = out / "папка" / "три" / "index.html"
    page.write_text("испорчено", encoding="utf-8")
    cached_build(vault, out, cache)
    assert tree(out) == good


def test_another_template_renders_every_page_again(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", VAULT)
    out, cache = tmp_path / "site", tmp_path / "cache"
    cached_build(vault, out, cache)
    before = inodes(out)
    templates = vault / ".sitegen" / "templates"
    templates.mkdir(parents=True)
    source = Path(sitegen.emit.writer.__file__).parents[2] / "themes" / "default" / "templates" / "base.html"
    (templates / "base.html").write_text(source.read_text(encoding="utf-8").replace(
        "</body>", "<!-- другой -->\n</body>"), encoding="utf-8")
    cached_build(vault, out, cache)
    assert "<!-- другой -->" in (out / "один" / "index.html").read_text(encoding="utf-8")
    assert inodes(out)["один/index.html"] != before["один/index.html"]


def test_without_the_cache_no_page_is_carried(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    out = tmp_path / "site"
    build(vault, out, cache=False)
    before = inodes(out)
    build(vault, out, cache=False)
    after = inodes(out)
    assert not set(before.values()) & set(after.values())


def test_input_hash_follows_the_context_and_refuses_what_it_cannot_read():
    assert input_hash("s", ("note", "a/"), {"x": [1, 2]}) == input_hash("s", ("note", "a/"), {"x": [1, 2]})
    assert input_hash("s", ("note", "a/"), {"x": [1, 2]}) != input_hash("s", ("note", "a/"), {"x": [2, 1]})
    assert input_hash("s", ("note", "a/"), {}) != input_hash("t", ("note", "a/"), {})
    assert input_hash("s", ("note", "a/"), {"f": os.stat}) is None
