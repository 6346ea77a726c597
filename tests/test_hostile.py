"""What the hostile re-run of issue #9 found (docs/hardening.md): each case failed before its fix."""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build, page, write_vault
from sitegen.config import ConfigError, load_config
from sitegen.emit.output import remove_later

SITEGEN = [sys.executable, "-m", "sitegen"]


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(SITEGEN + args, capture_output=True, text=True, timeout=120, **kwargs)


def test_a_symlink_loop_in_the_vault_is_a_warning_not_a_failed_build(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]] текст"})
    (vault / "self.md").symlink_to(vault / "self.md")  # to itself
    (vault / "x.md").symlink_to(vault / "y.md")  # two to each other
    (vault / "y.md").symlink_to(vault / "x.md")
    result = build(vault, tmp_path / "out", check_links=False)
    assert sorted(d.file for d in result.diagnostics if d.code == "symlink-loop") == ["self.md", "x.md", "y.md"]
    assert "текст" in page(tmp_path / "out", "a/")


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_crash(tmp_path):
    vault = write_vault(tmp_path / "v", {"заметка.md": "[[нет такой]]"})
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    done = _run(["check", str(vault)], env=env)
    assert done.returncode == 0 and "internal error" not in done.stderr  # a broken link is a warning
    assert "\\u0437" in done.stdout + done.stderr  # з of заметка, escaped
    built = _run(["build", str(vault), "-o", str(tmp_path / "out")], env=env)
    assert built.returncode == 0 and "internal error" not in built.stderr


def test_a_reader_that_stops_reading_ends_check_quietly(tmp_path):
    vault = write_vault(tmp_path / "v", {f"n{i}.md": f"[[нет{i}]]" for i in range(400)})
    done = subprocess.run(" ".join(SITEGEN) + f" check {vault} | head -1", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""  # was: "error: Broken pipe; the previous site is unchanged"


@pytest.mark.parametrize("setting", ["jobs = -5", "--jobs=-1"])
def test_a_negative_jobs_setting_is_refused(tmp_path, setting):
    vault = write_vault(tmp_path / "v", {"a.md": "a"})
    if setting.startswith("--"):
        with pytest.raises(ConfigError, match="jobs"):
            load_config(vault, {"jobs": -1})
    else:
        (vault / "sitegen.toml").write_text(setting + "\n")
        with pytest.raises(ConfigError, match="sitegen.toml:1:1: bad-config: 'jobs'"):
            load_config(vault)


def test_a_replaced_site_removed_later_leaves_no_zombie(tmp_path):
    """serve (and any caller that lives on) reaps the `rm` it starts."""
    for n in range(3):
        folder = tmp_path / f"old{n}"
        (folder / "x").mkdir(parents=True)
        remove_later(folder)
    deadline = time.time() + 20
    while time.time() < deadline and (any((tmp_path / f"old{n}").exists() for n in range(3)) or _zombies()):
        time.sleep(0.1)
    assert not any((tmp_path / f"old{n}").exists() for n in range(3))
    assert not _zombies()


def _zombies() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[0] == "Z" and int(fields[1]) == os.getpid():
                found.append(int(entry.name))
    return found


def test_a_reader_closing_the_tab_mid_page_prints_no_traceback(tmp_path, capfd):
    from sitegen.live.rebuild import LiveSite
    from sitegen.live.serve import DevServer

    vault = write_vault(tmp_path / "v", {"index.md": "слово " * 400_000})  # pages far larger than a socket buffer
    server = DevServer(LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False}), port=0)
    server.start()
    try:
        capfd.readouterr()
        for _ in range(5):
            client = socket.create_connection(("127.0.0.1", server.port))
            client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
            client.recv(100)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not a clean close
            client.close()
        time.sleep(1.0)
    finally:
        server.stop()
    assert "Traceback" not in capfd.readouterr().err


def test_a_windows_device_name_with_an_extension_is_renamed_before_the_dot(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "![[aux.png]] ![[nul.txt]]", "aux.png": b"\x89PNG\r\n\x1a\n",
                                         "nul.txt": "x"})
    build(vault, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out" / "files").iterdir())
    assert names == ["aux_.png", "nul_.txt"]  # was aux.png_: Windows reserves that name as well


@pytest.mark.parametrize("url", ["https://ex.org/\nDisallow: /", 'https://ex.org/"><script>x</script>', "https://ex.org/ a"])
def test_a_base_url_that_is_no_url_is_refused(tmp_path, url):
    """A newline in base_url wrote its own lines into robots.txt (here: hiding the whole site)."""
    vault = write_vault(tmp_path / "v", {"a.md": "a"})
    (vault / "sitegen.toml").write_text(f"base_url = {json.dumps(url)}\n")  # a TOML basic string
    with pytest.raises(ConfigError, match="base_url"):
        load_config(vault)
    with pytest.raises(ConfigError, match="--base-url"):
        load_config(write_vault(tmp_path / "w", {"a.md": "a"}), {"base_url": url})
