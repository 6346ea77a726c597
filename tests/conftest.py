"""Shared helpers: write a small vault from a dict, build it, read pages back."""

from __future__ import annotations

from pathlib import Path

import pytest

from deadlinks import dead_links
from sitegen.config import load_config
from sitegen.site import BuildResult, build_site


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current build output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def write_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build(vault: Path, out: Path | None, check_links: bool = True, **overrides) -> BuildResult:
    """Build a vault; every site a test builds is also checked for dead relative links
    (`check_links=False` only where a note's own raw HTML holds a relative URL on purpose:
    raw HTML is published as written, as Obsidian shows it)."""
    overrides.setdefault("jobs", 1)
    overrides.setdefault("search", False)  # Pagefind has its own tests; it costs a process per build
    overrides.setdefault("cache", False)  # each test builds from scratch unless it tests the cache
    overrides.setdefault("git_dates", False)  # pages must not change with this repository's commits
    result = build_site(vault, out, load_config(vault, overrides))
    if out is not None and check_links:
        assert dead_links(out) == [], f"{vault.name}: the site has dead relative links"
    return result


def page(out: Path, url: str) -> str:
    """The HTML served at a site URL such as `практики/наставник/`."""
    path = out / url / "index.html" if url == "" or url.endswith("/") else out / url
    return path.read_text(encoding="utf-8")


def codes(result: BuildResult) -> list[str]:
    return [d.code for d in result.diagnostics]


@pytest.fixture
def site(tmp_path):
    """`site(files, **config)` → (result, out): build a vault written from a dict."""

    def make(files: dict[str, str | bytes], check_links: bool = True, **config) -> tuple[BuildResult, Path]:
        vault = write_vault(tmp_path / "vault", files)
        out = tmp_path / "out"
        return build(vault, out, check_links, **config), out

    return make
