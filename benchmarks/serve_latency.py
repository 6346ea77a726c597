"""Watch-mode latency: from saving one note's body to its page being rewritten, with `sitegen serve`'s own watcher.

    python benchmarks/serve_latency.py [--notes 10000] [--edits 9] [--search]

Copies the synthetic vault (benchmarks/generate_vault.py) to a scratch folder, starts the
dev server (build, watcher, HTTP) in this process, then edits one note at a time the way an
editor saves (write a temp file, rename it over the note) and polls the output file until
the new text is there. Reports the median, min and max over the edits, and the time the
whole update took (site-wide pages, graph.json, nav.json, feeds) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from sitegen.live.rebuild import LiveSite  # noqa: E402
from sitegen.live.serve import DevServer  # noqa: E402


def ensure_vault(notes: int) -> Path:
    vault = HERE / "out" / f"vault-{notes}"
    if not (vault / "index.md").exists():
        subprocess.run([sys.executable, str(HERE / "generate_vault.py"), str(notes), str(vault)], check=True)
    return vault


def publish(result: dict, file_name: str) -> None:
    """Print a result and keep it next to this script."""
    print(json.dumps(result, ensure_ascii=False, indent=2))
    (HERE / file_name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--search", action="store_true", help="also refresh the search index after edits")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="sitegen-latency-"))
    vault = scratch / "vault"
    shutil.copytree(ensure_vault(args.notes), vault)
    site = LiveSite(vault, scratch / "site", {"search": args.search, "cache": False})
    updates: list[float] = []
    real_apply = site.apply

    def timed_apply(paths):
        update = real_apply(paths)
        updates.append(update.seconds)
        return update

    site.apply = timed_apply
    started = time.perf_counter()
    server = DevServer(site, port=0)
    server.start()
    print(f"initial build and server start: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    rng = random.Random(7)
    notes = sorted(src for src in site.model.notes if src != site.config.home)
    latencies = []
    try:
        for n in range(args.edits):
            src = rng.choice(notes)
            target = site.out / site.model.notes[src].url / "index.html"
            marker = f"Правка номер {n} для замера"
            path = vault / src
            temp = path.with_name(f".{path.name}.tmp")
            temp.write_text(path.read_text(encoding="utf-8") + f"\n\n{marker}.\n", encoding="utf-8")
            before = server.rebuilds
            saved = time.perf_counter()
            os.replace(temp, path)  # an editor's atomic save
            while marker not in target.read_text(encoding="utf-8"):
                time.sleep(0.002)
            latencies.append(time.perf_counter() - saved)
            while server.rebuilds == before or len(updates) < n + 1:  # let the whole update finish
                time.sleep(0.01)
            time.sleep(0.3)
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    ms = [round(x * 1000) for x in latencies]
    result = {
        "notes": args.notes,
        "edits": args.edits,
        "save_to_page_ms": {"median": statistics.median(ms), "min": min(ms), "max": max(ms), "all": ms},
        "whole_update_ms": {"median": round(statistics.median(updates) * 1000), "all": [round(u * 1000) for u in updates]},
        "note": "save_to_page includes the watcher's 80 ms quiet window; whole_update is site.apply() alone",
    }
    publish(result, "serve-latency.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
