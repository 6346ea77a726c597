"""Browser-test fixtures: the repository vault built once (with its search index) and served on
127.0.0.1, one headless Debian Chromium driven by Python Playwright for the whole session, and the
npm tools (axe-core, vnu-jar) from tests/browser/package.json.

The tools come from outside Python: Chromium (`apt-get install chromium`), Java
(`default-jre-headless`) and `npm ci --prefix tests/browser`. `.ci/run` installs all three.
Without them the tests skip with the reason, except when `CI` is set: then they fail, so a CI run
can never pass by silently skipping the browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.config import load_config
from sitegen.site import build_site

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VAULT = ROOT / "vault"
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
NODE_MODULES = HERE / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
    # Belt and braces for "no request leaves 127.0.0.1": any other host fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 800}

# Pages of the vault the tests visit (decoded URL paths).
QUERY = "наставниками"  # instrumental plural: the note «Наставник» never uses this form
MENTOR = "/практики/роли/наставник/"
MENTEE = "/практики/роли/наставляемый/"  # linked from the mentor's first paragraph
AGREEMENT = "/документы/приложение-3-соглашение-о-сотрудничестве/"  # links to [[Наставник#Права]]
TAG = "/tags/тип/роль/"
TIMEOUT_MS = 15_000


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: needs Debian's Chromium, Java and the npm tools in tests/browser (.ci/run installs them)")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(what: str, install: str) -> None:
    """Skip for lack of a tool, or fail when CI is set: CI must never pass by skipping the browser tests."""
    message = f"{what} — install it with `{install}` (`bash .ci/run` installs everything the browser tests need)"
    if in_ci():
        pytest.fail(f"CI is set, so the browser tests may not skip: {message}", pytrace=False)
    pytest.skip(message)


# ---- Tools


@pytest.fixture(scope="session")
def npm_tools() -> None:
    """axe-core and vnu.jar from the npm registry, installed with `npm ci` when node_modules is missing."""
    if AXE.is_file() and VNU.is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm (to install axe-core and vnu-jar) is not on PATH", "apt-get install npm")
    # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime when none is found;
    # the jar itself is inside the package.
    proc = subprocess.run([npm, "ci", "--prefix", str(HERE), "--ignore-scripts", "--no-audit", "--no-fund"],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not (AXE.is_file() and VNU.is_file()):
        unavailable(f"`npm ci --prefix tests/browser` failed ({proc.returncode}): {proc.stderr.strip()[-800:]}",
                    "npm ci --prefix tests/browser --ignore-scripts")


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    if path is None:
        unavailable("Java (to run the Nu Html Checker) is not on PATH", "apt-get install default-jre-headless")
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (Playwright cannot download its own here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Python Playwright is not installed", "pip install -e '.[test]'")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium is not at {CHROMIUM}", "apt-get install chromium")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken install: say so, in CI as a failure
        pw.stop()
        unavailable(f"Chromium at {CHROMIUM} did not start: {exc}", "apt-get install --reinstall chromium")
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/browser/ (git-ignored): a screenshot of every step, axe reports, measured figures."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # files are overwritten by each run, never removed
    return ARTIFACTS


# ---- The built and served site


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files as a static host serves them, a missing path answered with the site's 404.html."""

    not_found: Path | None = None
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml",
                      ".css": "text/css", ".wasm": "application/wasm", ".xml": "application/xml"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found is not None and self.not_found.is_file():
            body = self.not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@dataclass
class Served:
    root: Path  # the site's folder
    origin: str  # http://127.0.0.1:PORT
    base: str  # the site's URL, ending in /
    server: http.server.ThreadingHTTPServer = field(repr=False)

    def url(self, path: str = "") -> str:
        return self.base + path


def serve(directory: Path, not_found: Path, base_path: str = "/") -> Served:
    handler = type("SiteHandler", (Handler,), {"not_found": not_found})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    return Served(root=not_found.parent, origin=origin, base=origin + base_path, server=server)


def build_vault(out: Path, **overrides) -> None:
    # jobs=1: no forked workers while Playwright's threads run in this process.
    config = load_config(VAULT, {"search": True, "cache": False, "jobs": 1, **overrides})
    result = build_site(VAULT, out, config)
    assert result.notes > 50 and (out / "search" / "meta.json").is_file(), "the vault site did not build"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Served:
    """vault/ built once with its search index and served at the root of http://127.0.0.1:PORT/."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build_vault(out)
    served = serve(out, out / "404.html")
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture(scope="session")
def subsite(tmp_path_factory) -> Served:
    """vault/ built with --base-url http://127.0.0.1:PORT/sub/, served from the folder holding sub/."""
    parent = tmp_path_factory.mktemp("subpath")
    served = serve(parent, parent / "sub" / "404.html", "/sub/")  # bound first: the port is in the base URL
    out = parent / "sub"
    # Through the command line, as a reader would publish it: `sitegen build vault -o … --base-url …`.
    proc = subprocess.run([sys.executable, "-m", "sitegen", "build", str(VAULT), "-o", str(out), "--base-url",
                           served.base, "--no-cache", "-q"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and (out / "search" / "meta.json").is_file(), proc.stdout + proc.stderr
    yield served
    served.server.shutdown()
    served.server.server_close()


# ---- Pages


def same_origin(url: str, origin: str) -> bool:
    return url.startswith(origin + "/") or url == origin or url.startswith(("data:", "blob:"))


def path_of(url: str) -> str:
    """The decoded path of a URL: /практики/роли/наставник/."""
    return unquote(urlsplit(url).path)


class Browse:
    """Opens pages in fresh contexts and records every request they make (all must stay on 127.0.0.1)."""

    def __init__(self, browser, served: Served, artifacts: Path) -> None:
        self.browser = browser
        self.served = served
        self.artifacts = artifacts
        self.requests: list[str] = []
        self.errors: list[str] = []  # uncaught exceptions in the pages
        self.contexts = []

    def page(self, *, theme: str | None = None, js: bool = True, viewport: dict | None = None, **options):
        context = self.browser.new_context(viewport=viewport or DESKTOP, java_script_enabled=js, locale="ru-RU",
                                           **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: self.requests.append(request.url))
        if theme:
            context.add_init_script(f"try {{ localStorage.setItem('sitegen-theme', '{theme}') }} catch (e) {{}}")
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def shot(self, page, name: str, **options) -> Path:
        path = self.artifacts / f"{name}.png"
        page.screenshot(path=str(path), **options)
        return path

    def foreign(self) -> list[str]:
        return sorted({u for u in self.requests if not same_origin(u, self.served.origin)})

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browse(browser, site, artifacts):
    b = Browse(browser, site, artifacts)
    yield b
    b.close()
    assert not b.foreign(), f"requests left {site.origin}: {b.foreign()}"
    assert not b.errors, f"uncaught JavaScript errors: {b.errors}"


@pytest.fixture
def browse_sub(browser, subsite, artifacts):
    b = Browse(browser, subsite, artifacts)
    yield b
    b.close()
    assert not b.foreign(), f"requests left {subsite.origin}: {b.foreign()}"
    assert not b.errors, f"uncaught JavaScript errors: {b.errors}"
