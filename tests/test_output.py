"""Where the site goes: default output inside the vault, symlinked outputs, and outputs that cannot be written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from conftest import write_vault
from sitegen import cli
from sitegen.emit import output

ARGS = ["--no-cache", "--no-search"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_with_no_arguments_in_the_vault(tmp_path, monkeypatch, capsys):
    vault = write_vault(tmp_path / "v", {"index.md": "home [[a]]", "a.md": "x", "pic.png": b"\x89PNG"})
    monkeypatch.chdir(vault)
    assert cli.main(["build", *ARGS]) == 0
    assert (vault / "site" / "index.html").exists() and (vault / "site" / "a" / "index.html").exists()
    assert cli.main(["build", *ARGS]) == 0  # the site of the first build is not read as part of the vault
    assert not (vault / "site" / "site").exists()
    assert "2 notes" in capsys.readouterr().err
    assert cli.main(["build", "-o", "public", *ARGS]) == 2  # an output chosen inside the vault: refused


def test_a_symlinked_output_is_written_into_its_target(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    target = tmp_path / "real"
    link = tmp_path / "out"
    link.symlink_to(target, target_is_directory=True)
    for _ in range(2):
        assert cli.main(["build", str(vault), "-o", str(link), *ARGS]) == 0
        assert link.is_symlink() and (target / "a" / "index.html").exists()


def test_an_output_under_a_file(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    (tmp_path / "file").write_text("x")
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "file" / "out"), *ARGS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a file" in err and "Traceback" not in err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO])
def test_write_failures_leave_the_previous_site(tmp_path, capsys, monkeypatch, code):
    vault = write_vault(tmp_path / "v", {"a.md": "x", "b.md": "y"})
    out = tmp_path / "out"
    assert cli.main(["build", str(vault), "-o", str(out), *ARGS]) == 0
    before = tree(out)
    capsys.readouterr()
    (vault / "a.md").write_text("changed")
    real = output.StagedOutput.write_bytes

    def failing(self, rel, data):
        if rel.endswith(".html"):
            raise OSError(code, "simulated", str(self.stage / rel))
        return real(self, rel, data)

    monkeypatch.setattr(output.StagedOutput, "write_bytes", failing)
    assert cli.main(["build", str(vault), "-o", str(out), *ARGS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "previous site is unchanged" in err
    assert tree(out) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_staging_folder_that_cannot_be_made(tmp_path, capsys, monkeypatch):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    out = tmp_path / "out"
    assert cli.main(["build", str(vault), "-o", str(out), *ARGS]) == 0
    before = tree(out)
    real = Path.mkdir

    def read_only(self, *args, **kwargs):
        if ".staging-" in self.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    capsys.readouterr()
    assert cli.main(["build", str(vault), "-o", str(out), *ARGS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err
    assert tree(out) == before


def test_a_full_disk_in_a_forked_page_writer_is_one_line(tmp_path, capfd, monkeypatch):
    vault = write_vault(tmp_path / "v", {f"n{i}.md": f"note {i}" for i in range(400)})
    out = tmp_path / "out"
    real = output.StagedOutput.write_bytes

    def failing(self, rel, data):
        if rel == "n7/index.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(self.stage / rel))
        return real(self, rel, data)

    monkeypatch.setattr(output.StagedOutput, "write_bytes", failing)
    assert cli.main(["build", str(vault), "-o", str(out), "--jobs", "2", *ARGS]) == 2
    err = capfd.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err
    assert not out.exists()
