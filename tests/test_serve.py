"""`sitegen serve`: only the output folder is served, saves are seen and rebuilt, tabs are told."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from pathlib import Path

import pytest

from conftest import write_vault
from sitegen.live.rebuild import LiveSite
from sitegen.live.serve import DevServer, safe_path

TRAVERSALS = [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.%252e/.%252e/etc/passwd", "/%252e%252e/etc/passwd",
    "/..%5c..%5cetc%5cpasswd", "/..\\..\\etc\\passwd", "/..%20/secret", "/X:/cgi-bin/x", "/%00/etc/passwd",
    "/.sitegen-output", "/a/../../etc/passwd", "//etc/passwd/../../..", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
]


@pytest.fixture
def served(tmp_path):
    (tmp_path / "secret").write_text("TOP SECRET")
    vault = write_vault(tmp_path / "vault", {
        "index.md": "Главная [[Заметка]]", "Заметка.md": "Текст заметки. [[index]]", "Папка/x.md": "x [[index]]"})
    server = DevServer(LiveSite(vault, tmp_path / "out", {"jobs": 1, "search": False}), port=0)
    server.start()
    yield server, vault
    server.stop()


def get(server: DevServer, path: str) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)  # the path is sent exactly as written
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, dict(response.getheaders())


@pytest.mark.parametrize("path", TRAVERSALS)
def test_requests_outside_the_output_folder_are_404(served, path):
    server, _ = served
    status, body, _ = get(server, path)
    assert status == 404 and b"TOP SECRET" not in body and b"root:x:0:0" not in body  # /etc/passwd; the 404 page inlines CSS with ":root:"


@pytest.mark.parametrize("path", TRAVERSALS)
def test_safe_path_table(tmp_path, path):
    root = tmp_path / "site"
    root.mkdir()
    (tmp_path / "secret").write_text("x")
    assert safe_path(root, path) is None


def test_pages_are_served_with_the_reload_script(served):
    server, _ = served
    status, body, headers = get(server, "/%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0/")
    assert status == 200 and "Текст заметки." in body.decode()
    assert b'<script src="/__sitegen/live.js"></script></body>' in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(server, "/%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0")[0] == 301
    assert get(server, "/graph.json")[2]["Content-Type"] == "application/json; charset=utf-8"
    assert b"EventSource" in get(server, "/__sitegen/live.js")[1]


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_an_atomic_save_is_rebuilt(served):
    server, vault = served
    temp = vault / ".Заметка.md.tmp"
    temp.write_text("Новый текст после сохранения. [[index]]")
    os.replace(temp, vault / "Заметка.md")  # how many editors save
    wait_for(lambda: "Новый текст после сохранения." in get(server, "/%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0/")[1].decode())


def test_a_burst_of_changes_is_one_rebuild(served):
    server, vault = served
    before = server.rebuilds
    for i in range(60):  # a git checkout touching many files at once
        (vault / "Папка" / f"n{i}.md").write_text(f"Заметка {i} [[index]]")
    wait_for(lambda: get(server, "/%D0%BF%D0%B0%D0%BF%D0%BA%D0%B0/n59/")[0] == 200)
    time.sleep(0.3)
    assert server.rebuilds - before <= 2


def test_open_tabs_are_told_which_pages_changed(served):
    server, vault = served
    messages: list[dict] = []

    def listen() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/__sitegen/events")
        response = conn.getresponse()
        while len(messages) < 2:
            line = response.fp.readline().decode()
            if line.startswith("data: "):
                messages.append(json.loads(line[6:]))

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    wait_for(lambda: messages)  # the current state arrives on connect
    (vault / "Заметка.md").write_text("Снова новый текст. [[index]]")
    thread.join(10)
    assert messages[1]["type"] == "update" and "заметка/" in messages[1]["urls"]


def test_a_broken_save_keeps_the_server_up_and_reports(served, capsys):
    server, vault = served
    (vault / "Заметка.md").write_text("---\ntitle: [не закрыто\n---\nТекст [[Нет такой]]\n")
    wait_for(lambda: "bad-front-matter" in json.dumps(server.hub.message, ensure_ascii=False))
    problems = server.hub.message["problems"]
    assert any(p["where"].startswith("Заметка.md:2:") and p["code"] == "bad-front-matter" for p in problems)
    assert any(p["code"] == "broken-link" for p in problems)
    assert "Заметка.md:2:19: bad-front-matter" in capsys.readouterr().err
    assert get(server, "/")[0] == 200  # still serving


def test_deleting_a_note_removes_its_page(served):
    server, vault = served
    (vault / "Папка" / "x.md").unlink()
    wait_for(lambda: get(server, "/%D0%BF%D0%B0%D0%BF%D0%BA%D0%B0/x/")[0] == 404)


def test_listens_on_localhost_by_default(served):
    server, _ = served
    assert server.server.server_address[0] == "127.0.0.1"
