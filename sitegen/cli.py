"""Command line: `sitegen build`, `check`, `serve`, `init`; exit 0 clean, 1 on errors (or warnings with --strict), 2 on bad usage."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .config import ConfigError, load_config
from collections import Counter

from .diagnostics import INFO, Diagnostic, count_by_code, exit_status, sort_unique
from .emit.lock import OutputLock
from .emit.output import OutputError, check_output, site_folder
from .site import BuildResult, Progress, build_site
from .emit.theme import ThemeError
from .faults import debugging, describe
from .textsafe import escape_control, json_safe

USAGE_ERROR = 2
DEFAULT_OUTPUT = "site"


class TerminalProgress(Progress):
    """A rich progress bar on stderr, only when stderr is a terminal."""

    LABELS = {"parse": "Reading notes", "render": "Rendering notes", "write": "Writing pages"}

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn

        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       transient=True)
        self.tasks: dict[str, int] = {}
        self.bar.start()

    def start(self, phase: str, total: int) -> None:
        self.tasks[phase] = self.bar.add_task(self.LABELS.get(phase, phase), total=total)

    def advance(self, phase: str, n: int = 1) -> None:
        if phase in self.tasks:
            self.bar.advance(self.tasks[phase], n)

    def stop(self) -> None:
        self.bar.stop()


def _port(text: str) -> int:
    """A TCP port for --port: argparse turns the error into a usage message and exit 2."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535; 0 picks a free one)")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Publish an Obsidian-style vault as a static site.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the site")
    build.add_argument("vault", nargs="?", default=".", help="the vault folder (default: .)")
    build.add_argument("-o", "--output", help="output folder (default: site; inside the vault, it is left out of it)")
    build.add_argument("--strict", action="store_true", help="warnings fail the build (exit 1)")
    build.add_argument("--base-url", help="the URL the site is published at")
    build.add_argument("--jobs", type=int, help="worker processes (default: one per CPU)")
    build.add_argument("-q", "--quiet", action="store_true", help="print problems and nothing else")
    build.add_argument("--no-search", action="store_true", help="skip the search index (faster)")
    build.add_argument("--no-cache", action="store_true", help="neither read nor write the build cache")

    serve = sub.add_parser("serve", help="build, serve on localhost and rebuild on every save")
    serve.add_argument("vault", nargs="?", default=".")
    serve.add_argument("-o", "--output")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="TCP port, 0 for any free one (default: 8000)")
    serve.add_argument("--base-url")
    serve.add_argument("--jobs", type=int)

    init = sub.add_parser("init", help="create a starter vault with a config and a publishing workflow")
    init.add_argument("folder", nargs="?", default=".")

    check = sub.add_parser("check", help="report problems without writing a site")
    check.add_argument("vault", nargs="?", default=".")
    check.add_argument("--strict", action="store_true")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--jobs", type=int)
    return parser


def _report(result: BuildResult, quiet: bool, verb: str) -> None:
    for diag in result.diagnostics:
        if diag.severity != INFO:  # notes for the curious are for `sitegen check`
            print(diag.format(), file=sys.stderr)
    if quiet:
        return
    counts = count_by_code(d for d in result.diagnostics if d.severity != INFO)
    problems = ", ".join(f"{code} {n}" for code, n in counts.items()) or "no problems"
    notes = sum(1 for d in result.diagnostics if d.severity == INFO)
    if notes:
        problems += f" ({notes} notes for `sitegen check`)"
    pages = f", {result.pages} pages" if result.pages else ""
    remarks = "".join(f"; {r}" for r in result.remarks)
    print(f"sitegen: {verb} {result.notes} notes{pages} in {result.seconds:.2f} s; {problems}{remarks}",
          file=sys.stderr)


def orphan_notes(model) -> list[Diagnostic]:
    """Notes nothing links to and that link nowhere: shown by `check` as info."""
    return [Diagnostic(src, 1, 1, "orphan-note", "no links to or from this note")
            for src in model.notes if not model.graph.linked(src) and src != model.config.home]


def _report_grouped(result: BuildResult) -> None:
    """`file:line:col: code: message`, one block per file, then a summary."""
    current = None
    for diag in result.diagnostics:
        if diag.file != current:
            if current is not None:
                print()
            current = diag.file
        print(diag.format())
    by_severity = Counter(d.severity for d in result.diagnostics)
    files = len({d.file for d in result.diagnostics})
    counts = ", ".join(f"{code} {n}" for code, n in count_by_code(result.diagnostics).items())
    if result.diagnostics:
        print()
    print(f"{result.notes} notes checked in {result.seconds:.2f} s: {by_severity['error']} errors, "
          f"{by_severity['warning']} warnings, {by_severity['info']} info in {files} files"
          + (f" ({counts})" if counts else ""))


@contextlib.contextmanager
def _stop_on_signals():
    """SIGTERM, SIGHUP and SIGINT end sitegen as Ctrl+C does, so `finally` blocks run and the
    output lock file goes: by default SIGTERM ends the process at once, and a shell starts a
    background job with SIGINT ignored. The previous handlers come back afterwards (tests call main())."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signals = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    before = {sig: signal.signal(sig, interrupt) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _never_unencodable() -> None:
    """A terminal that is not UTF-8 (PYTHONIOENCODING=ascii, a Windows console) gets `\\u…` for
    what it cannot show: a Cyrillic file name in a diagnostic must not stop the command."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream we can change (a test's capture, a closed stream)


def main(argv: list[str] | None = None) -> int:
    """The command line, with a last-resort handler: one line and exit 2, never a traceback."""
    _never_unencodable()
    args = _parser().parse_args(argv)
    try:
        with _stop_on_signals():
            return _run(args)
    except KeyboardInterrupt:
        print("sitegen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `sitegen check | head`: the reader has what it wanted
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        except (OSError, ValueError):
            pass
        return 1
    except OSError as exc:  # the machine, not the vault: a full disk, a read-only folder…
        if debugging():
            raise
        where = f" ({escape_control(str(exc.filename))})" if exc.filename else ""
        print(f"sitegen: error: {exc.strerror or describe(exc)}{where}; the previous site is unchanged",
              file=sys.stderr)
        return USAGE_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug of sitegen: say it in one line
        if debugging():
            raise
        print(f"sitegen: internal error: {escape_control(describe(exc))} "
              "(SITEGEN_DEBUG=1 shows the traceback)", file=sys.stderr)
        return USAGE_ERROR


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from .starter import init_vault

        return init_vault(Path(args.folder))
    vault = Path(args.vault)
    if not vault.is_dir():
        what = "is not a folder" if vault.exists() else "does not exist"
        print(f"sitegen: error: vault folder {escape_control(str(vault))} {what}", file=sys.stderr)
        return USAGE_ERROR
    try:
        overrides = {"base_url": getattr(args, "base_url", None), "jobs": args.jobs}
        if getattr(args, "no_search", False):
            overrides["search"] = False
        if getattr(args, "no_cache", False):
            overrides["cache"] = False
        config = load_config(vault, overrides)
        if args.command == "check":
            result = build_site(vault, None, config)
            result.diagnostics = sort_unique(result.diagnostics + orphan_notes(result.model))
            if args.format == "json":
                print(json_safe(json.dumps([d.to_json() for d in result.diagnostics], ensure_ascii=False,
                                           indent=2)))
            else:
                _report_grouped(result)
            return exit_status(result.diagnostics, args.strict)
        if args.command == "serve":
            from .live.rebuild import LiveSite
            from .live.serve import serve

            out = site_folder(Path(args.output or DEFAULT_OUTPUT))
            check_output(out, vault, args.output is None)
            overrides = {"base_url": args.base_url, "jobs": args.jobs}
            with OutputLock(out):  # for as long as it serves: a build into it would race the rebuilds
                serve(LiveSite(vault, out, overrides, args.output is None), args.host, args.port)
            return 0
        progress = TerminalProgress() if sys.stderr.isatty() and not args.quiet else None
        try:
            result = build_site(vault, Path(args.output or DEFAULT_OUTPUT), config, progress,
                                inside_ok=args.output is None, skip_unchanged=True)
        finally:
            if progress:
                progress.stop()
        _report(result, args.quiet, "built")
        return exit_status(result.diagnostics, args.strict)
    except (ConfigError, OutputError, ThemeError) as exc:
        print(f"sitegen: error: {escape_control(str(exc))}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
