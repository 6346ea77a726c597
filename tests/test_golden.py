"""Scenario vaults in tests/vaults/ build to exactly the pages in tests/golden/ (`pytest --update-golden` rewrites them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import build

HERE = Path(__file__).parent
SCENARIOS = sorted(p.name for p in (HERE / "vaults").iterdir() if p.is_dir())


def site_files(root: Path) -> dict[str, str]:
    """Pages, graph and diagnostics; theme assets are left to the theme's own tests
    (so is the stylesheet 404.html inlines: every CSS edit would otherwise change a golden)."""
    return {p.relative_to(root).as_posix(): INLINE_CSS.sub("<style>/* theme */</style>", p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".json", ".txt", ".xml")}


INLINE_CSS = re.compile(r"<style>.*?</style>", re.S)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_matches_golden(name, tmp_path, update_golden):
    out = tmp_path / "site"
    result = build(HERE / "vaults" / name, out)
    (out / "diagnostics.txt").write_text("".join(d.format() + "\n" for d in result.diagnostics), encoding="utf-8")
    golden = HERE / "golden" / name
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, text in site_files(out).items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text, encoding="utf-8")
    expected, actual = site_files(golden), site_files(out)
    assert sorted(actual) == sorted(expected), "pages added or missing; rerun with --update-golden if intended"
    for rel in expected:
        assert actual[rel] == expected[rel], f"{name}/{rel} differs; rerun with --update-golden if intended"
