"""One writer per output: a lock, unique marked staging folders, cleanup of killed builds, no process left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import write_vault
from sitegen import cli
from sitegen.emit.lock import OutputLock, lock_path
from sitegen.emit.output import MARKER, StagedOutput

ROOT = Path(__file__).resolve().parent.parent


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def _wait_until(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def test_a_second_writer_is_refused_naming_the_holder(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    out = tmp_path / "out"
    holder = _python(f"""
        import time
        from pathlib import Path
        from sitegen.emit.lock import OutputLock
        with OutputLock(Path({str(out)!r})):
            print("held", flush=True)
            time.sleep(60)
    """)
    try:
        assert holder.stdout.readline().strip() == "held"
        status = cli.main(["build", str(vault), "-o", str(out), "--no-cache", "--no-search"])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1
        assert f"process {holder.pid}" in err
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()
    # The kernel dropped the lock with the process: no stale lock.
    assert cli.main(["build", str(vault), "-o", str(out), "--no-cache", "--no-search"]) == 0


def test_the_lock_is_reentrant_within_one_process(tmp_path):
    out = tmp_path / "out"
    with OutputLock(out), OutputLock(out):  # serve holds it, and its builds take it again
        pass
    with OutputLock(out):
        pass


def test_staging_folders_are_unique_and_marked(tmp_path):
    one, two = StagedOutput(tmp_path / "out"), StagedOutput(tmp_path / "out")
    assert one.stage != two.stage
    assert (one.stage / MARKER).is_file() and (two.stage / MARKER).is_file()


def test_leftovers_are_removed_only_when_marked(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    ours = [tmp_path / ".out.staging-1-2", tmp_path / ".out.old-3-4"]
    for folder in ours:
        folder.mkdir()
        (folder / MARKER).write_text("x")
        (folder / "page.html").write_text("old")
    foreign = tmp_path / ".out.staging-precious"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("mine")
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search"]) == 0
    assert _wait_until(lambda: not any(f.exists() for f in ours))
    assert _wait_until(lambda: not [p for p in tmp_path.iterdir() if ".old-" in p.name or ".staging-1" in p.name])
    assert (foreign / "thesis.docx").read_text() == "mine"


def test_children_die_with_a_killed_build(tmp_path):
    notes = {f"n{i}.md": f"# Note {i}\n\n" + "word " * 400 + f"[[n{(i + 1) % 600}]]" for i in range(600)}
    vault = write_vault(tmp_path / "v", notes)
    build = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "build", str(vault), "-o",
                              str(tmp_path / "out"), "--jobs", "2", "--no-cache", "--no-search", "-q"], cwd=ROOT)
    children: set[int] = set()

    def workers_started() -> bool:
        for task in Path(f"/proc/{build.pid}/task").glob("*/children"):
            children.update(int(p) for p in task.read_text().split())
        return len(children) >= 2

    assert _wait_until(workers_started)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert _wait_until(lambda: not any(_alive(pid) for pid in children), 10)
    # The next build is not troubled by what the killed one left.
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "--no-cache", "--no-search",
                     "-q"]) == 0
    assert _wait_until(lambda: not [p for p in tmp_path.iterdir() if ".staging-" in p.name])


def test_a_subprocess_like_the_indexer_dies_with_the_build():
    parent = _python("""
        import subprocess, time
        from sitegen.procs import child_preexec
        child = subprocess.Popen(["sleep", "60"], preexec_fn=child_preexec)
        print(child.pid, flush=True)
        time.sleep(60)
    """)
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.kill()
    parent.wait()
    assert _wait_until(lambda: not _alive(child), 10)


def test_what_a_build_killed_while_writing_leaves_is_cleaned_by_the_next(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    out = tmp_path / "out"
    # A build killed after it set up its stage and its page manifest (kill -9: nothing runs after).
    killed = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from sitegen.emit.manifest import PageManifest
        from sitegen.emit.output import StagedOutput
        staged = StagedOutput(Path({str(out)!r}))
        PageManifest(Path({str(tmp_path / "cache")!r}), Path({str(out)!r}), staged.stage).record("a/index.html", "d")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", killed], cwd=ROOT)
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert any(name.endswith(".manifest-parts") for name in left) and any(".staging-" in n for n in left)
    assert cli.main(["build", str(vault), "-o", str(out), "--no-search", "-q"]) == 0
    assert _wait_until(lambda: not [p for p in tmp_path.iterdir() if p.name.startswith(".")])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_serve_stopped_by_a_signal_removes_its_lock_file(tmp_path, sig):
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    out = tmp_path / "out"
    # Started with SIGINT ignored, as a shell starts a background job: `kill -INT` still stops it.
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", str(vault), "-o", str(out),
                             "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        for line in proc.stderr:
            if "serving" in line:
                break
        assert lock_path(out).exists()
        proc.send_signal(sig)
        assert proc.wait(30) in (0, 130)
        rest = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in rest
    assert not lock_path(out).exists()
    assert cli.main(["build", str(vault), "-o", str(out), "--no-cache", "--no-search"]) == 0
