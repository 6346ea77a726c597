"""The search index at scale: its build time and memory, and in headless Chromium its download and latency per query.

For each size the synthetic vault (generate_vault.py) is collected as a build does it (parse
cache in out/search-cache), then the index is made in full (as a cold build's main process
makes it, its stemmer memo empty), then updated from that state as a rebuild does
(sitegen.search.state): with nothing changed, after one note's edit, and after a page is added.
Memory is the growth of the process's peak RSS while the index is made (its excerpt texts written as
they are made, as a build writes them). The index files are
written into a copy of a small built site (the page, the theme's scripts), which is served on
127.0.0.1; each query runs in a fresh browser context, so it downloads the engine too. The
download counts every file the search fetched, gzipped as a server would send it, until the
excerpts of the results on screen (1280×720) are in; the latency is from the last key typed to
the first screenful of results (8) shown, and `listed_ms` to all 20 of the first page. The
dialog searches once the reader pauses for longer than their own rhythm between keys (keys
here come every 40 ms: it waits about 60 ms); that wait is included.

    python benchmarks/search_bench.py --sizes 1000 10000     # writes benchmarks/search.json
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
THEME_JS = HERE.parent / "themes" / "default" / "static" / "js"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
# Two-word queries a reader of the synthetic vault would type (its words, some inflected), and typos.
QUERIES = ["наставник колледж", "программа наставничества", "региональный форум", "мониторинг развития",
           "проект школы", "оценка результатов", "сетевой проект", "план мероприятий",
           "наставнек колледжа", "монитринг развития"]


# What search downloads: its scripts, the Snowball stemmers and the index (a click may also wake
# the page's own widgets, which are not search's cost).
SEARCH_PATHS = ("search/", "static/js/search", "static/js/snowball/")


def peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak RSS starts again from now


def vault_of(size: int) -> Path:
    vault = OUT / f"search-vault-{size}"
    if not (vault / "index.md").is_file():
        subprocess.run([sys.executable, str(HERE / "generate_vault.py"), str(size), str(vault), "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
    return vault


def measured(work) -> tuple[object, dict]:
    """Run `work()`; its result and its wall time, CPU time and peak memory growth."""
    reset_peak()
    before = peak_kb()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(time.process_time() - cpu, 3),
                    "peak_growth_mb": round((peak_kb() - before) / 1024)}


def edited(record, line: str):
    """The record of a note with a paragraph added, stemmed as the workers would."""
    from sitegen.search import scoring
    from sitegen.search.extract import BODY, NoteSearch
    from sitegen.search.tokens import count_stems

    text = record.search.text + "\n" + line
    stems = count_stems(text, "ru")
    length = sum(stems.values())
    terms = {t: (BODY, n) for t, n in stems.items()}  # its length changes: so do all its codes
    return dataclasses.replace(record, search=NoteSearch(*scoring.encode(terms, length), length, text))


def write_into(site: Path):
    def write(rel: str, text: str) -> None:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return write


def index_files(size: int, site: Path) -> tuple[dict[str, str], dict]:
    """The index made in full (cold), its texts written into `site` as a build writes them,
    then updated as a rebuild does: with nothing changed, after one note's edit, after a new
    note (which moves every later document's id)."""
    from sitegen.config import load_config
    from sitegen.emit.writer import extra_search_documents
    from sitegen.search.site_index import site_update
    from sitegen.site import build_site

    from sitegen.search.documents import page_document

    vault = vault_of(size)
    config = load_config(vault, {"cache_dir": str(OUT / "search-cache")})
    model = build_site(vault, None, config).model
    extra = extra_search_documents(model)
    texts: list[int] = []
    write = write_into(site)

    def write_text(rel: str, text: str) -> None:
        texts.append(len(text.encode()))
        write(rel, text)
    (state, files, _), cold = measured(lambda: site_update(None, model, extra, write_text))
    (_, same, _), unchanged = measured(lambda: site_update(state, model, extra))
    src = sorted(model.notes)[len(model.notes) // 2]
    model.records[src] = edited(model.records[src], "Новый абзац о кураторах и наставниках колледжа.")
    (_, after_edit, _), edit = measured(lambda: site_update(state, model, extra))
    (_, after_add, _), add = measured(lambda: site_update(state, model, extra + [page_document(
        "a-new-page/", "Новая страница", text="Новая страница о наставниках.")]))
    sizes = [len(t.encode()) for t in files.values()] + texts
    return files, {"notes": size, "files": len(sizes), "index_mb": round(sum(sizes) / 1e6, 1),
                   "cold": cold, "unchanged": unchanged | {"files_written": len(same)},
                   "edit": edit | {"files_written": len(after_edit)}, "add": add | {"files_written": len(after_add)}}


def shell_site() -> Path:
    """A built site whose page and scripts host every size's index (its own index is replaced)."""
    site = OUT / "search-shell"
    if not (site / "index.html").is_file():
        from sitegen.config import load_config
        from sitegen.site import build_site
        vault = vault_of(1000)
        build_site(vault, site, load_config(vault, {"cache_dir": str(OUT / "search-cache")}))
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure_queries(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            page.goto(base)
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url))
            page.click(".search-button")
            page.wait_for_function("document.activeElement?.id === 'search-input'")
            page.wait_for_function("!document.querySelector('.search-status').textContent")  # the index has loaded
            page.locator("#search-input").press_sequentially(query, delay=40)
            typed = time.perf_counter()
            page.wait_for_function("document.getElementById('search').dataset.first === document.getElementById('search-input').value")
            latency = time.perf_counter() - typed
            page.wait_for_function("document.getElementById('search').dataset.shown === document.getElementById('search-input').value")
            listed = time.perf_counter() - typed
            # The excerpts of the results on screen come after the list: their texts count too.
            page.wait_for_function("document.getElementById('search').dataset.excerpts === document.getElementById('search-input').value")
            results = page.locator("#search-results a.search-result").count()
            paths = sorted({p for p in (unquote(urlparse(u).path).lstrip("/") for u in fetched)
                            if p.startswith(SEARCH_PATHS)})
            gz = sum(len(gzip.compress((site / p).read_bytes(), 6)) for p in paths if (site / p).is_file())
            out.append({"query": query, "latency_ms": round(latency * 1000), "listed_ms": round(listed * 1000),
                        "results": results,
                        "files": len(paths), "gzip_kb": round(gz / 1024, 1)})
            context.close()
        browser.close()
    server.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    shell = shell_site()
    report = {"date": time.strftime("%Y-%m-%d"), "load_average": os.getloadavg()[0], "sizes": []}
    for size in args.sizes:
        site = OUT / f"search-site-{size}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(shell, site, ignore=shutil.ignore_patterns("search"))
        # The theme's search scripts as they are now (the shell may be from an older build).
        shutil.copytree(THEME_JS, site / "static" / "js", dirs_exist_ok=True)
        files, figures = index_files(size, site)
        write = write_into(site)
        for rel, text in files.items():
            write(rel, text)
        queries = measure_queries(site)
        figures["queries"] = queries
        figures["latency_ms_median"] = statistics.median(q["latency_ms"] for q in queries)
        figures["latency_ms_max"] = max(q["latency_ms"] for q in queries)
        figures["listed_ms_median"] = statistics.median(q["listed_ms"] for q in queries)
        figures["gzip_kb_median"] = statistics.median(q["gzip_kb"] for q in queries)
        figures["gzip_kb_max"] = max(q["gzip_kb"] for q in queries)
        report["sizes"].append(figures)
        print(json.dumps({k: v for k, v in figures.items() if k != "queries"}, ensure_ascii=False))
        for q in queries:
            print("  ", json.dumps(q, ensure_ascii=False))
    (HERE / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
