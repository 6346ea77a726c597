"""`sitegen init`, and the publishing workflows, validated against GitHub's schema offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitegen import cli

ROOT = Path(__file__).parent.parent


def validate_workflow(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(path)], capture_output=True, text=True)


def test_init_makes_a_vault_that_builds_cleanly(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "proj")]) == 0
    vault = tmp_path / "proj" / "vault"
    assert (vault / "index.md").exists() and (vault / "sitegen.toml").exists()
    notes = sorted(p.name for p in vault.rglob("*.md"))
    assert len(notes) == 3
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "proj" / "site"), "--strict", "-q"]) == 0
    assert "Первая заметка" in (tmp_path / "proj" / "site" / "index.html").read_text()


def test_init_keeps_existing_files(tmp_path):
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "index.md").write_text("моя главная")
    cli.main(["init", str(tmp_path)])
    assert (tmp_path / "vault" / "index.md").read_text() == "моя главная"


def test_starter_workflow_is_valid(tmp_path):
    cli.main(["init", str(tmp_path)])
    proc = validate_workflow(tmp_path / ".github" / "workflows" / "publish.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_repository_workflow_is_valid_and_builds_strict():
    workflow = ROOT / ".github" / "workflows" / "publish.yml"
    proc = validate_workflow(workflow)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflow.read_text()
    assert "sitegen build vault -o site --strict --base-url" in text
    assert "actions/deploy-pages@" in text and "actions/upload-pages-artifact@" in text
    assert "path: .sitegen-cache" in text


def test_a_broken_workflow_fails_validation(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: push\njobs:\n  build:\n    steps: []\n")  # no runs-on
    assert validate_workflow(bad).returncode != 0


def test_publishing_workflows_fetch_the_whole_history(tmp_path):
    """Git dates need every commit: a depth-1 checkout would date every note by the last push."""
    import yaml

    cli.main(["init", str(tmp_path)])
    for workflow in (ROOT / ".github" / "workflows" / "publish.yml",
                     tmp_path / ".github" / "workflows" / "publish.yml"):
        steps = yaml.safe_load(workflow.read_text())["jobs"]["build"]["steps"]
        checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
        assert checkout.get("with", {}).get("fetch-depth") == 0, workflow
    assert "GIT_DEPTH: 0" in (ROOT / "docs" / "gitlab-pages.md").read_text()
