"""`sitegen serve` under hostile or heavy use: index.html by name, Host checks, many readers, long paths, failed rebuilds."""

from __future__ import annotations

import http.client
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from urllib.parse import quote

from conftest import build, write_vault
from sitegen.live.rebuild import LiveSite
from sitegen.live.serve import EVENTS, DevServer, host_allowed
from test_live import tree


@pytest.fixture
def served(tmp_path):
    vault = write_vault(tmp_path / "vault", {"index.md": "Главная [[Заметка]]", "Заметка.md": "Текст. [[index]]",
                                             "Папка/x.md": "x [[index]]"})
    server = DevServer(LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False}), port=0)
    server.start()
    yield server, vault
    server.stop()


def request(server, path: str, method: str = "GET", host: str | None = None, timeout: float = 10):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    conn.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read() if method != "HEAD" else b""
    conn.close()
    return response.status, body


def test_index_html_by_name_is_the_page(served):
    server, _ = served
    folders = sorted(p.parent.name for p in server.site.out.glob("*/index.html"))
    assert folders
    for path in ["/index.html"] + [f"/{quote(name)}/index.html" for name in folders]:
        status, body = request(server, path)
        assert status == 200 and b"<html" in body, path


@pytest.mark.parametrize("host,allowed", [
    ("127.0.0.1:{port}", True), ("localhost:{port}", True), ("[::1]:{port}", True), ("localhost", True),
    ("evil.example:{port}", False), ("127.0.0.1.evil.example", False), ("attacker.com", False),
    ("localhost:1", False), ("127.0.0.1:{other}", False), ("[::1]:{other}", False), ("[::1]", True),
])
def test_host_header_is_checked(served, host, allowed):
    server, _ = served
    status, body = request(server, "/", host=host.format(port=server.port, other=server.port + 1))
    assert (status == 200) == allowed
    if not allowed:
        assert status == 403 and "Главная".encode() not in body


@pytest.mark.parametrize("header,bound,allowed", [
    ("192.168.1.5:8000", "0.0.0.0", True), ("example.com", "0.0.0.0", False), ("mybox.lan:80", "mybox.lan", True),
    ("192.168.1.5", "127.0.0.1", False), ("[fe80::1]:80", "::", True), (None, "127.0.0.1", True),
])
def test_host_allowed_table(header, bound, allowed):
    assert host_allowed(header, bound) == allowed


@pytest.mark.parametrize("header,allowed", [
    ("localhost:8000", True), ("localhost", True), ("localhost:8001", False), ("[::1]:8000", True),
    ("[::1]:80", False), ("127.0.0.1:", True), ("127.0.0.1:80000", False),
])
def test_host_must_name_the_servers_port(header, allowed):
    assert host_allowed(header, "127.0.0.1", 8000) == allowed


def test_head_on_the_live_reload_stream_returns_at_once(served):
    server, _ = served
    status, _ = request(server, EVENTS, method="HEAD", timeout=3)  # would time out if it streamed
    assert status == 200


@pytest.mark.parametrize("path", ["/" + "a" * 5000, "/" + "я" * 300 + "/index.html", "/" + "x/" * 3000])
def test_over_long_paths(served, path):
    server, _ = served
    status, body = request(server, quote(path))
    assert status in (404, 414) and b"Traceback" not in body


def test_many_readers_and_open_streams(served):
    server, _ = served
    streams = []
    for _ in range(200):  # open live-reload streams, as 200 tabs hold them
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        streams.append(sock)
    try:
        with ThreadPoolExecutor(50) as pool:
            results = list(pool.map(lambda _: request(server, "/index.html", timeout=5)[0], range(50)))
        assert results == [200] * 50  # every page came back while the streams stayed open
    finally:
        for sock in streams:
            sock.close()


def test_after_a_failed_rebuild_the_next_one_is_a_full_build(tmp_path, monkeypatch):
    """A note with an alias whose page cannot be written (the update fails half-way), then
    deleted: the served site is exactly a fresh build, no folder of that note is left."""
    from sitegen.emit import output

    vault = write_vault(tmp_path / "vault", {"index.md": "[[a]]", "a.md": "x"})
    site = LiveSite(vault, tmp_path / "served", {"jobs": 1, "search": False})
    site.build()
    real = output.DirectOutput.write_bytes
    written = []

    def impossible(self, rel, data):
        written.append(rel)
        if len(written) > 1:  # the note's own page is written, then its alias cannot be
            raise OSError(36, "File name too long", rel)
        return real(self, rel, data)

    (vault / "bad.md").write_text("---\naliases: [невозможно]\n---\n![[a]] [[index]]\n")
    monkeypatch.setattr(output.DirectOutput, "write_bytes", impossible)
    with pytest.raises(OSError):
        site.apply([vault / "bad.md"])
    monkeypatch.undo()
    assert any(p.name == "bad" for p in site.out.iterdir())  # half-updated now
    (vault / "bad.md").unlink()
    site.apply([vault / "bad.md"])
    build(vault, tmp_path / "fresh")
    assert tree(site.out) == tree(tmp_path / "fresh")


def test_a_broken_sitegen_toml_while_serving_is_a_config_error_then_heals(served, capsys):
    server, vault = served
    config = vault / "sitegen.toml"
    config.write_text("title = 5\n")
    server._rebuild({config})
    err = capsys.readouterr().err
    assert "sitegen: error: sitegen.toml:1:1: bad-config: 'title' must be str" in err
    assert "internal error" not in err and "Traceback" not in err
    config.write_text('title = "Починено"\n')
    server._rebuild({config})
    assert "Починено" in request(server, "/")[1].decode()


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error_not_an_internal_one(tmp_path, capsys, port):
    from sitegen import cli

    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    with pytest.raises(SystemExit) as stop:
        cli.main(["serve", str(vault), "-o", str(tmp_path / "out"), "--port", port])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "is not a port" in err and "internal error" not in err


def test_a_vault_that_is_a_file_is_named_so(tmp_path, capsys):
    from sitegen import cli

    (tmp_path / "note.md").write_text("x", encoding="utf-8")
    assert cli.main(["build", str(tmp_path / "note.md"), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().endswith("note.md is not a folder")
