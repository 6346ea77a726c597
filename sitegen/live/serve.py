"""`sitegen serve`: build, serve the output folder on localhost, rebuild on every save, reload open tabs."""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..config import ConfigError
from ..faults import debugging, describe
from ..textsafe import escape_control
from .rebuild import LiveSite, is_editor_temp

EVENTS = "/__sitegen/events"
CLIENT = "/__sitegen/live.js"
QUIET = 0.08  # seconds without events before a rebuild: one rebuild per burst
MAX_WAIT = 1.0  # …but never wait longer than this after the first event
LIVE_JS = (Path(__file__).parent / "live.js").read_bytes()
SNIPPET = f'<script src="{CLIENT}"></script>'.encode()


MAX_PATH = 4096  # bytes of request path; longer is 414 (no file name on the site is that long)
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


def host_allowed(header: str | None, bound: str, port: int | None = None) -> bool:
    """Whether a request's Host may read the preview. A page on another site that points its
    own domain at 127.0.0.1 (DNS rebinding) sends that domain: refused. A literal IP address
    cannot be rebound, so on a server bound to every interface any IP address is accepted.
    With `port`, a Host naming another port is refused too (a browser always names the real one)."""
    if not header:
        return True  # HTTP/1.0 without Host: no browser sends that
    host = header.strip().lower()
    given_port = ""
    if host.startswith("["):
        end = host.find("]") + 1
        if end:
            host, given_port = host[:end], host[end:].removeprefix(":")
    elif host.count(":") == 1:
        host, given_port = host.split(":")
    if port is not None and given_port and given_port != str(port):
        return False
    bound = bound.lower()
    if host in LOOPBACK or host in (bound, f"[{bound}]"):
        return True
    if bound in ("0.0.0.0", "::", ""):
        try:
            ipaddress.ip_address(host.strip("[]"))
            return True
        except ValueError:
            return False
    return False


class PreviewServer(ThreadingHTTPServer):
    """Threads per request, a real listen backlog (the default 5 drops connections when
    many tabs reconnect at once), and threads that never keep the process alive."""

    request_queue_size = 256
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A reader that closes the tab mid-page is no error; anything else is one line, never
        the traceback socketserver prints by default."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        if debugging():
            traceback.print_exc()
        print(f"sitegen: request from {client_address[0]} failed: {escape_control(describe(exc))}", file=sys.stderr)


def safe_path(root: Path, request_path: str) -> Path | None:
    """The file a request may read, or None (404): decode once, no dot segments, no dot
    files, no backslashes or drive letters, and the real path must stay inside `root`."""
    raw = urlsplit(request_path).path
    if "\\" in raw or "%5c" in raw.lower():
        return None
    decoded = unquote(raw)
    parts = [p for p in decoded.split("/") if p]
    if "\x00" in decoded or "\\" in decoded or any(p.startswith(".") or ":" in p for p in parts):
        return None
    try:
        root = root.resolve()
        path = root.joinpath(*parts).resolve()
        if not path.is_relative_to(root):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None
    except OSError:  # a component too long for the file system, or a loop
        return None


class Hub:
    """Latest site state for browsers: a version number and the message that goes with it."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.version = 0
        self.message: dict = {"type": "state", "urls": [], "problems": []}

    def publish(self, message: dict) -> None:
        with self.cond:
            self.version += 1
            self.message = message
            self.cond.notify_all()

    def wait(self, version: int, timeout: float) -> tuple[int, dict | None]:
        with self.cond:
            self.cond.wait_for(lambda: self.version != version, timeout)
            return self.version, (self.message if self.version != version else None)


def problems_for_browser(diags: list[Diagnostic]) -> list[dict]:
    shown = [d for d in diags if d.severity in (ERROR, WARNING)]
    return [{"where": f"{d.file}:{d.line}:{d.col}", "code": d.code, "message": d.message,
             "severity": d.severity} for d in shown[:100]]


def make_handler(root: Path, hub: Hub, host: str = "127.0.0.1") -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "sitegen"

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows rebuilds
            pass

        def do_HEAD(self) -> None:
            self.do_GET(body=False)

        def do_GET(self, body: bool = True) -> None:
            given = self.headers.get("Host")
            port = self.server.server_address[1]
            if not (host_allowed(given, host, port) or host_allowed(given, self.server.server_address[0], port)):
                return self._send(403, b"Forbidden: unknown Host", "text/plain; charset=utf-8", body)
            if len(self.path) > MAX_PATH:
                return self._send(414, b"URI Too Long", "text/plain; charset=utf-8", body)
            path = urlsplit(self.path).path
            if path == EVENTS:
                if not body:  # HEAD: the headers only, not a stream that never ends
                    return self._send(200, b"", "text/event-stream; charset=utf-8", False)
                return self._events()
            if path == CLIENT:
                return self._send(200, LIVE_JS, "text/javascript; charset=utf-8", body)
            file = safe_path(root, self.path)
            if file is None:
                missing = root / "404.html"
                data = missing.read_bytes() if missing.is_file() else b"Not found"
                return self._send(404, self._inject(data), "text/html; charset=utf-8", body)
            named = unquote(path).rstrip("/").rsplit("/", 1)[-1] == "index.html"  # asked for by name
            if file.name == "index.html" and not path.endswith("/") and not named:
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            try:
                data = file.read_bytes()
            except OSError:  # removed by a rebuild since it was found
                return self._send(404, b"Not found", "text/plain; charset=utf-8", body)
            if kind == "text/html":
                data = self._inject(data)
            if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
                kind += "; charset=utf-8"
            self._send(200, data, kind, body)

        def _inject(self, html: bytes) -> bytes:
            at = html.rfind(b"</body>")
            return html[:at] + SNIPPET + html[at:] if at >= 0 else html + SNIPPET

        def _send(self, status: int, data: bytes, kind: str, body: bool = True) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version, message = hub.version, dict(hub.message, type="state")
            try:
                while True:
                    if message is not None:
                        self.wfile.write(b"data: " + json.dumps(message, ensure_ascii=False).encode() + b"\n\n")
                    else:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                    version, message = hub.wait(version, 15)
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

    return Handler


class Debouncer(FileSystemEventHandler):
    """Collects paths from watchdog and hands them over in batches, one batch at a time."""

    def __init__(self, on_batch: Callable[[set[Path]], None], ignore: Callable[[Path], bool]) -> None:
        self.on_batch, self.ignore = on_batch, ignore
        self.lock = threading.Lock()
        self.paths: set[Path] = set()
        self.first = self.last = 0.0
        self.wake = threading.Event()
        threading.Thread(target=self._loop, daemon=True).start()

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime: the files inside report themselves
        found = [Path(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        found = [p for p in found if not self.ignore(p)]
        if not found:
            return
        with self.lock:
            now = time.monotonic()
            if not self.paths:
                self.first = now
            self.paths.update(found)
            self.last = now
        self.wake.set()

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            while True:
                with self.lock:
                    now = time.monotonic()
                    ready = self.paths and (now - self.last >= QUIET or now - self.first >= MAX_WAIT)
                    if ready:
                        batch, self.paths = self.paths, set()
                        self.wake.clear()
                if ready:
                    self.on_batch(batch)  # rebuilds run here, one after another
                    break
                time.sleep(QUIET / 4)


def _print_problems(diags: list[Diagnostic], files: set[str] | None) -> None:
    for d in diags:
        if files is None or d.file in files:
            print(d.format(), file=sys.stderr)


class DevServer:
    """The build, the watcher and the HTTP server of `sitegen serve`, startable and stoppable."""

    def __init__(self, site: LiveSite, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.site, self.host, self.port = site, host, port
        self.hub = Hub()
        self.rebuilds = 0

    def start(self) -> None:
        result = self.site.build()
        _print_problems(result.diagnostics, None)
        self.hub.message = {"type": "state", "urls": [], "problems": problems_for_browser(result.diagnostics)}
        self.watcher = Observer()
        handler = Debouncer(self._rebuild, self._ignore)
        # Folders, not files: an editor's atomic save (write a temp file, rename it over)
        # replaces the file, and only the folder sees that.
        self.watcher.schedule(handler, str(self.site.vault), recursive=True)
        for folder in self.site.theme_dirs():
            self.watcher.schedule(handler, str(folder), recursive=True)
        self.watcher.start()
        self.server = PreviewServer((self.host, self.port), make_handler(self.site.out, self.hub, self.host))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.watcher.stop()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def _ignore(self, path: Path) -> bool:
        return is_editor_temp(path.name) or path.resolve().is_relative_to(self.site.out.resolve())

    def _rebuild(self, paths: set[Path]) -> None:
        started = time.perf_counter()
        self.rebuilds += 1
        try:
            update = self.site.apply(paths)
        except ConfigError as exc:  # a half-typed sitegen.toml: say what is wrong, keep the last pages
            print(f"sitegen: error: {escape_control(str(exc))}; still serving the last build", file=sys.stderr)
            self.hub.publish({"type": "update", "urls": [], "problems": [
                {"where": "sitegen.toml", "code": "bad-config", "severity": "error", "message": str(exc)}]})
            return
        except Exception as exc:  # a bug must not stop the server: keep serving the last pages
            if debugging():
                traceback.print_exc()
            what = describe(exc)
            print(f"sitegen: internal error while rebuilding: {escape_control(what)}; "
                  "the next change rebuilds everything", file=sys.stderr)
            self.hub.publish({"type": "update", "urls": [], "problems": [
                {"where": "sitegen", "code": "internal-error", "severity": "error", "message": what}]})
            return
        vault = self.site.vault.resolve()
        touched = {p.resolve().relative_to(vault).as_posix() for p in paths if p.resolve().is_relative_to(vault)}
        _print_problems(update.diagnostics, touched)
        print(f"sitegen: {len(update.urls)} pages updated in {(time.perf_counter() - started) * 1000:.0f} ms",
              file=sys.stderr)
        self.hub.publish({"type": "update", "urls": update.urls,
                          "problems": problems_for_browser(update.diagnostics)})


def serve(site: LiveSite, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, then serve and watch until interrupted."""
    server = DevServer(site, host, port)
    server.start()
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"sitegen: warning: serving on {host}: anyone on your network can read this site",
              file=sys.stderr)
    try:  # from here on, a stop signal (cli.py makes SIGTERM one too) ends serve cleanly
        print(f"sitegen: serving {site.out} at {server.url} (Ctrl+C stops)", file=sys.stderr)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
