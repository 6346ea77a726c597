"""Full-text search: index the written pages with Pagefind in one directory pass (stemming follows `<html lang>`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from ..diagnostics import Diagnostic
from ..procs import child_preexec


def pagefind_available() -> bool:
    try:
        import pagefind  # noqa: F401  (the PyPI package that ships the binary)
    except ImportError:
        return False
    return True


def index_site(folder: Path, output: Path | None = None) -> tuple[float, list[Diagnostic]]:
    """Write `folder/pagefind/` (or `output`); returns the seconds it took and any problem as a warning."""
    started = time.perf_counter()
    if not pagefind_available():
        return 0.0, [Diagnostic("sitegen.toml", 1, 1, "search-index",
                                "Pagefind is not installed (pip install 'pagefind[bin]'); the site has no search")]
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"]
    if output is not None:
        command += ["--output-path", str(output)]
    # The indexer dies with the build (it execs the binary, which keeps the request).
    proc = subprocess.run(command, capture_output=True, text=True, preexec_fn=child_preexec)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return seconds, [Diagnostic("sitegen.toml", 1, 1, "search-index", f"Pagefind failed: {detail[0]}")]
    return seconds, []
