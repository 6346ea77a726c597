"""Dev-server latency under load: 50 parallel page requests while 200 live-reload streams stay open.

    python benchmarks/serve_load.py [--notes 1000] [--rounds 4] [--streams 200] [--parallel 50]

Builds the synthetic vault (benchmarks/generate_vault.py) with `sitegen serve`'s own server in
this process, then fetches pages: first one at a time with nothing else open (the floor), then
in rounds of `--parallel` requests at once while `--streams` live-reload connections are held
open, as that many browser tabs would. Each latency is from opening the connection to the last
byte of the response. Writes `serve-load.json`; the issue's limit is 1 s per page.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from serve_latency import ensure_vault, publish  # noqa: E402
from sitegen.live.rebuild import LiveSite  # noqa: E402
from sitegen.live.serve import EVENTS, DevServer  # noqa: E402


def fetch(port: int, path: str, method: str = "GET") -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def summary(seconds: list[float]) -> dict:
    ms = sorted(round(s * 1000, 1) for s in seconds)
    return {"requests": len(ms), "median_ms": round(statistics.median(ms), 1), "p95_ms": ms[int(len(ms) * 0.95) - 1],
            "max_ms": ms[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=50)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="sitegen-load-"))
    vault = scratch / "vault"
    shutil.copytree(ensure_vault(args.notes), vault)
    server = DevServer(LiveSite(vault, scratch / "site", {"search": False, "cache": False}), port=0)
    server.start()
    rng = random.Random(3)
    pages = ["/" + quote(server.site.model.notes[src].url) for src in sorted(server.site.model.notes)]
    streams: list[socket.socket] = []
    try:
        floor = [fetch(server.port, rng.choice(pages))[1] for _ in range(args.parallel)]
        for _ in range(args.streams):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            sock.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            streams.append(sock)
        statuses, loaded = [], []
        with ThreadPoolExecutor(args.parallel) as pool:
            for _ in range(args.rounds):
                paths = [rng.choice(pages) for _ in range(args.parallel)]
                for status, seconds in pool.map(lambda p: fetch(server.port, p), paths):
                    statuses.append(status)
                    loaded.append(seconds)
        head_status, head_seconds = fetch(server.port, EVENTS, "HEAD")
    finally:
        for sock in streams:
            sock.close()
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    result = {
        "notes": args.notes, "streams": args.streams, "parallel": args.parallel,
        "floor": summary(floor), "under_load": summary(loaded),
        "ratio_median": round(statistics.median(loaded) / statistics.median(floor), 1),
        "all_200": all(s == 200 for s in statuses),
        "head_events_ms": round(head_seconds * 1000, 1), "head_events_status": head_status,
        "note": "floor: one request at a time, no stream open; under_load: rounds of parallel requests with the streams open",
    }
    publish(result, "serve-load.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
