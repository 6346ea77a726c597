"""`sitegen check`: every problem the build would report, without writing a site; text or JSON."""

from __future__ import annotations

import json

from conftest import write_vault
from sitegen import cli

VAULT = {
    "a.md": "[[нет]] ![[b]]\n\n[[c#Нет]]",
    "b.md": "![[a]]",
    "c.md": "## Есть",
    "одинокая.md": "ни ссылок, ни упоминаний",
    "bad.md": "---\ntags: [a\n---\n",
}


def test_json_lists_everything_with_positions(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", VAULT)
    status = cli.main(["check", str(vault), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    assert status == 1  # bad front matter is an error
    keys = {(d["file"], d["line"], d["col"], d["code"], d["severity"]) for d in found}
    assert ("a.md", 1, 1, "broken-link", "warning") in keys
    assert ("a.md", 3, 1, "missing-heading", "warning") in keys
    assert ("b.md", 1, 1, "embed-cycle", "warning") in keys  # found without rendering anything
    assert ("одинокая.md", 1, 1, "orphan-note", "info") in keys
    assert any(k[0] == "bad.md" and k[3] == "bad-front-matter" and k[4] == "error" for k in keys)
    assert all(set(d) == {"file", "line", "col", "code", "severity", "message"} for d in found)
    assert not (tmp_path / "site").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["v"]


def test_text_is_grouped_by_file_with_a_summary(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {k: v for k, v in VAULT.items() if k != "bad.md"})
    assert cli.main(["check", str(vault)]) == 0  # warnings only
    out = capsys.readouterr().out
    blocks = out.strip().split("\n\n")
    assert blocks[0].splitlines()[0].startswith("a.md:1:1: broken-link:")
    assert all(line.startswith("b.md:") for line in blocks[1].splitlines())
    assert "0 errors, 4 warnings, 1 info in 3 files" in blocks[-1]
    assert cli.main(["check", str(vault), "--strict"]) == 1


def test_clean_vault_exits_zero(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]]", "b.md": "[[a]]"})
    assert cli.main(["check", str(vault), "--strict"]) == 0
    assert "0 errors, 0 warnings, 0 info" in capsys.readouterr().out


def test_check_reports_what_build_reports(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", dict(VAULT, **{"d.md": "---\naliases: [c]\n---\n[[a]]"}))
    cli.main(["check", str(vault), "--format", "json"])
    checked = {(d["file"], d["line"], d["code"]) for d in json.loads(capsys.readouterr().out)}
    cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "-q"])
    built = set()
    for line in capsys.readouterr().err.splitlines():
        file, line_no, _, code, _ = line.split(":", 4)
        built.add((file, int(line_no), code.strip()))
    # The build prints errors and warnings; info (orphans, shadowed aliases) is for `check`.
    assert built == {c for c in checked if c[2] not in ("orphan-note", "alias-collision")}
    assert ("d.md", 1, "alias-collision") in checked
