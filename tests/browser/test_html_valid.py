"""The Nu Html Checker (vnu.jar from tests/browser/package.json) over every page of the built vault
site, in one pass over the folder."""

from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import VNU

pytestmark = pytest.mark.browser


def test_every_page_is_valid_html(site, npm_tools, java, artifacts):
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 200
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--verbose", "--format", "json", str(site.root)],
        capture_output=True, text=True, timeout=600)
    # --verbose names each checked file on stdout; the JSON report goes to stderr.
    checked = [line for line in proc.stdout.splitlines() if line.endswith(".html")]
    try:
        report = json.loads(proc.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not report JSON (exit {proc.returncode}): {proc.stderr[-2000:]}")
    (artifacts / "vnu.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    assert len(checked) == len(pages), "vnu did not check every page"
    errors = [f"{m.get('url', '').split(str(site.root))[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(errors[:50])
    assert proc.returncode == 0
