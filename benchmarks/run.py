"""Benchmark full sitegen builds (and `sitegen check`) on synthetic vaults; print a Markdown table, write results.json."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "generate_vault.py"

# The summary line `sitegen build` prints on stderr (not with -q, which is why we don't pass it):
#   sitegen: built 104 notes, 267 pages in 0.22 s; broken-link 3, orphan-note 1
# and the one `sitegen check` prints on stdout:
#   104 notes checked in 0.20 s: 0 errors, 4 warnings, 1 info in 3 files (broken-link 3, orphan-note 1)
SUMMARIES = [
    re.compile(r"^sitegen: (?P<verb>\w+) (?P<notes>\d+) notes(?:, (?P<pages>\d+) pages)?"
               r" in (?P<seconds>[\d.]+) s; (?P<problems>.*)$"),
    re.compile(r"^(?P<notes>\d+) notes (?P<verb>checked) in (?P<seconds>[\d.]+) s: [^(]*"
               r"(?:\((?P<problems>.*)\))?$"),
]

# Runs one command and reports on stdout, as JSON, its wall time and the resources of
# its whole process tree. It runs in its own fresh interpreter so that RUSAGE_CHILDREN
# covers exactly one build: ru_maxrss of RUSAGE_CHILDREN is the largest peak RSS of any
# single descendant that was waited for (the sitegen main process, one of its forked
# workers, or the Pagefind indexer it runs), not their sum. For the sum, /proc/PID/smaps_rollup is sampled: PSS adds up
# across processes without double-counting pages the forked workers share with their parent.
MEASURE = r"""
import json, os, resource, subprocess, sys, time

def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids

def pss_kb(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total

interval, err_path, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
sampling = interval > 0 and os.path.exists("/proc/self/smaps_rollup")
peak = 0
with open(err_path, "wb") as err:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=err, stderr=err)  # `check` reports on stdout
    while True:
        try:
            proc.wait(timeout=interval if sampling else None)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, pss_kb(tree(proc.pid)))
    wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": proc.returncode, "wall": wall, "max_rss_kb": usage.ru_maxrss,
                  "user": usage.ru_utime, "sys": usage.ru_stime,
                  "tree_pss_peak_kb": peak if sampling else None}))
"""

# Phase timings are only available through the Python API (BuildResult.timings): a cold
# build, the same build again (warm cache, previous output present), then one note edited.
PHASES = r"""
import json, sys
from pathlib import Path
from sitegen.config import load_config
from sitegen.site import build_site
vault, out, jobs, edited = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
EDIT_LINE = sys.argv[5].encode("utf-8")
config = load_config(vault, {"jobs": jobs or None})
report = {}
original = edited.read_bytes()
for name in ("cold", "warm", "edit"):
    if name == "edit":
        edited.write_bytes(original + EDIT_LINE)
    try:
        result = build_site(vault, out, config)
    finally:
        edited.write_bytes(original)
    report[name] = {"timings": result.timings, "seconds": round(result.seconds, 3)}
print(json.dumps(report))
"""

# The render floor: markdown-it-py alone (CommonMark with tables and strikethrough, no
# plugins) turning the same notes into HTML on the same number of forked processes, reading
# every file and writing nothing. No Python build of these notes can be faster than this.
FLOOR = r"""
import multiprocessing, os, sys
from pathlib import Path
from markdown_it import MarkdownIt

def render(paths):
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    size = 0
    for path in paths:
        size += len(md.render(path.read_text(encoding="utf-8")))
    return size

vault, jobs = Path(sys.argv[1]), int(sys.argv[2]) or os.cpu_count() or 1
notes = sorted(p for p in vault.rglob("*.md") if p.is_file())
with multiprocessing.get_context("fork").Pool(jobs) as pool:
    total = sum(pool.map(render, [notes[i::jobs] for i in range(jobs)]))
print(f"floor: rendered {len(notes)} notes, {total} bytes of HTML", file=sys.stderr)
"""

# Appended to one note's body for the one-note-edit rows (and taken out again afterwards).
EDIT_LINE = "\nПравка для замера: одна новая строка в конце заметки.\n"


def subprocess_env() -> dict[str, str]:
    # Put the repo first on the path: an editable install made before sitegen/__init__.py
    # existed maps `sitegen` to a namespace package outside the repo's own folder.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def source_fingerprint() -> str:
    """A hash of sitegen's code and themes: other people edit them while benchmarks run."""
    digest = hashlib.sha256()
    for folder in (REPO / "sitegen", REPO / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def generator_fingerprint(seed: int) -> str:
    return hashlib.sha256(GENERATOR.read_bytes() + f"seed={seed}".encode()).hexdigest()


def ensure_vault(n: int, seed: int, out: Path) -> tuple[Path, dict]:
    """The cached vault for `n` notes, regenerated when the generator or the seed changed."""
    vault, meta_path = out / f"vault-{n}", out / f"vault-{n}.json"
    fingerprint = generator_fingerprint(seed)
    if vault.is_dir() and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("fingerprint") == fingerprint:
            return vault, meta["stats"]
    print(f"generating a vault of {n} notes…", file=sys.stderr)
    tmp, stats_path = out / f"vault-{n}.tmp", out / f"vault-{n}.stats.tmp"
    subprocess.run([sys.executable, str(GENERATOR), str(n), str(tmp), "--seed", str(seed),
                    "--force", "--stats", str(stats_path)], check=True, stdout=subprocess.DEVNULL)
    if vault.exists():
        shutil.rmtree(vault)
    tmp.rename(vault)
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    stats_path.unlink()
    meta_path.write_text(json.dumps({"fingerprint": fingerprint, "seed": seed, "stats": stats},
                                    ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return vault, stats


def has_subcommand(name: str) -> bool:
    probe = subprocess.run([sys.executable, "-m", "sitegen", name, "--help"], env=subprocess_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


def package_version(name: str) -> str | None:
    """The installed version of a package in the interpreter that runs sitegen."""
    probe = subprocess.run([sys.executable, "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
                           capture_output=True, text=True)
    return probe.stdout.strip() or None


def parse_summary(output: str) -> dict | None:
    for line in reversed(output.splitlines()):
        match = next(filter(None, (pattern.match(line.strip()) for pattern in SUMMARIES)), None)
        if match:
            # `code N, code N`, maybe followed by a remark in parentheses.
            text = (match["problems"] or "").split(" (")[0]
            problems = {code: int(count) for code, count in re.findall(r"([a-z][\w-]*) (\d+)", text)}
            return {"line": line.strip(), "notes": int(match["notes"]),
                    "pages": int(match["pages"]) if match.groupdict().get("pages") else None,
                    "seconds": float(match["seconds"]), "problems": problems}
    return None


def folder_size(path: Path) -> tuple[int, int, int]:
    """(files, .html files, bytes) under `path`."""
    files = html = size = 0
    for root, _, names in os.walk(path):
        for name in names:
            files += 1
            html += name.endswith(".html")
            size += os.path.getsize(os.path.join(root, name))
    return files, html, size


def measure(cmd: list[str], log: Path, sample: float, cwd: Path, summary: bool = True) -> dict:
    """Run `cmd` in `cwd` under the MEASURE wrapper; add the parsed summary line."""
    wrapper = [sys.executable, "-c", MEASURE, str(sample), str(log.resolve()), *cmd]
    before, load = source_fingerprint(), os.getloadavg()[0]
    done = subprocess.run(wrapper, env=subprocess_env(), cwd=cwd, capture_output=True, text=True,
                          check=True)
    run = json.loads(done.stdout)
    run["sitegen_source"], run["load_before"] = before, load
    if source_fingerprint() != before:
        run["code_changed"] = True  # sitegen was edited during this run: the figure is suspect
        print("  warning: sitegen's source changed during this run", file=sys.stderr)
    stderr = log.read_text(encoding="utf-8", errors="replace")
    run["summary"] = parse_summary(stderr)
    run["stderr_lines"] = stderr.count("\n")
    # Exit status 1 only means the vault has errors, but a traceback also exits with 1:
    # a run without its summary line failed, whatever its status.
    run["failed"] = run["returncode"] not in (0, 1) or (summary and run["summary"] is None)
    if run["failed"]:
        run["stderr_tail"] = stderr[-3000:]
    return run


# What each row of the table measures, in the order they run in each round for one size.
COMMANDS = {
    "floor": "markdown-it-py alone rendering the same notes on the same number of processes",
    "build": "full build with search: no sitegen cache, empty output folder",
    "build-warm": "rebuild with nothing changed: the cache and the output the previous build left",
    "build-edit": "one note's body edited (a line appended), then the same rebuild",
    "build-nosearch": "a full build with --no-search: sitegen's own share, without the search index",
    "check": "`sitegen check`, no sitegen cache",
}


def edited_note(vault: Path) -> Path:
    """The note the one-edit rows change: the middle one in path order, never the home page."""
    notes = sorted(p for p in vault.rglob("*.md") if p.is_file() and p.name != "index.md")
    return notes[len(notes) // 2]


def bench_size(n: int, args: argparse.Namespace, check: bool) -> dict:
    vault, stats = ensure_vault(n, args.seed, args.out)
    vault, site = vault.resolve(), (args.out / f"site-{n}").resolve()
    # sitegen keeps its cache in .sitegen-cache under the working directory: give each
    # size its own, so runs never touch (or reuse) the repo's cache or each other's.
    work = (args.out / f"work-{n}").resolve()
    work.mkdir(exist_ok=True)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    build = [sys.executable, "-m", "sitegen", "build", str(vault), "-o", str(site), *jobs]
    floor = [sys.executable, "-c", FLOOR, str(vault), str(args.jobs)]
    # Interleaved rounds: the floor is measured in the same minutes as the builds it is
    # compared with, so a busy machine slows both alike.
    round_ = [("floor", floor)] if args.floor else []
    round_ += [("build", build)]
    round_ += [("build-warm", build), ("build-edit", build)] if args.warm else []
    round_ += [("build-nosearch", build + ["--no-search"])]
    round_ += [("check", [sys.executable, "-m", "sitegen", "check", str(vault), *jobs])] if check else []
    edited = edited_note(vault)
    original = edited.read_bytes()
    result: dict = {"size": n, "vault": stats, "edited": str(edited.relative_to(vault)),
                    **{command: [] for command in COMMANDS}}
    for _ in range(args.repeat):
        for command, cmd in round_:
            # Clearing the previous site and the cache for a cold run is not timed.
            if command in ("build", "build-nosearch", "check"):
                shutil.rmtree(site, ignore_errors=True)
                shutil.rmtree(work / ".sitegen-cache", ignore_errors=True)
            log = args.out / f"{command}-{n}-{len(result[command]) + 1}.log"
            if command == "build-edit":
                stamp = edited.stat()
                edited.write_bytes(original + EDIT_LINE.encode("utf-8"))
            try:
                run = measure(cmd, log, args.sample, work, summary=command != "floor")
            finally:
                if command == "build-edit":
                    # Bytes and modification time as they were (the nothing-changed key reads
                    # both): restoring after every command made the next rebuild see an edit.
                    edited.write_bytes(original)
                    os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
            if command.startswith("build"):
                run["files"], run["html_files"], run["bytes"] = folder_size(site)
            result[command].append(run)
            print(f"  {command} {n} #{len(result[command])}: {run['wall']:.2f} s, "
                  f"peak PSS {(run['tree_pss_peak_kb'] or 0) / 1024:.0f} MB", file=sys.stderr)
            if "stderr_tail" in run:
                print(run["stderr_tail"], file=sys.stderr)
    if args.phases:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(work / ".sitegen-cache", ignore_errors=True)
        done = subprocess.run([sys.executable, "-c", PHASES, str(vault), str(site), str(args.jobs),
                               str(edited), EDIT_LINE],
                              env=subprocess_env(), cwd=work, capture_output=True, text=True)
        edited.write_bytes(original)
        result["phases"] = json.loads(done.stdout.splitlines()[-1]) if done.returncode in (0, 1) \
            and done.stdout.strip() else {"error": done.stderr[-2000:]}
    return result


def summarise(all_runs: list[dict]) -> dict | None:
    """Median and min wall time, and the worst memory figures, over the repeats that succeeded."""
    runs = [r for r in all_runs if not r.get("failed", r["summary"] is None)]
    if not runs:
        return None
    walls = [r["wall"] for r in runs]
    summary = runs[-1]["summary"] or {}
    pss = [r["tree_pss_peak_kb"] for r in runs if r.get("tree_pss_peak_kb")]
    return {
        "runs": len(runs), "failed": len(all_runs) - len(runs),
        "wall_median": statistics.median(walls), "wall_min": min(walls),
        "internal_median": statistics.median(r["summary"]["seconds"] for r in runs if r["summary"])
        if all(r["summary"] for r in runs) else None,
        "cpu_median": statistics.median(r["user"] + r["sys"] for r in runs),
        "notes": summary.get("notes"), "pages": summary.get("pages"),
        "max_rss_mb": max(r["max_rss_kb"] for r in runs) / 1024,
        "tree_pss_peak_mb": max(pss) / 1024 if pss else None,
        "files": runs[-1].get("files"), "html_files": runs[-1].get("html_files"),
        "output_mb": runs[-1]["bytes"] / 1e6 if "bytes" in runs[-1] else None,
        "problems": summary.get("problems"), "returncode": runs[-1]["returncode"],
        "summary_line": summary.get("line"),
        "code_changed": any(r.get("code_changed") for r in runs),
        "sitegen_source": sorted({r["sitegen_source"] for r in runs}),
    }


LABELS = {"floor": "floor: markdown-it-py alone", "build": "build with search (cold)",
          "build-nosearch": "build without search (cold)", "build-warm": "rebuild, nothing changed",
          "build-edit": "rebuild, one note edited", "check": "check"}


def fmt(value, spec: str = ".2f", empty: str = "—") -> str:
    return empty if value is None else format(value, spec)


def markdown_table(results: list[dict]) -> str:
    rows = ["| notes | command | wall median (min) | × floor | notes/s | CPU (user+sys) "
            "| max RSS, one process | peak PSS, process tree | pages | output |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for res in results:
        floor = res.get("floor_summary")
        for command in COMMANDS:
            s = res.get(f"{command}_summary")
            if not s:
                continue
            notes = s["notes"] or res["size"]
            flag = " ⚠ code changed" if s["code_changed"] else ""
            flag += f" ⚠ {s['failed']} failed" if s["failed"] else ""
            ratio = s["wall_median"] / floor["wall_median"] if floor else None
            rows.append(
                f"| {res['size']:,} | {LABELS[command]}{flag} | {s['wall_median']:.2f} s ({s['wall_min']:.2f}) "
                f"| {fmt(ratio, '.2f')}× | {notes / s['wall_median']:,.0f} | {s['cpu_median']:.1f} s "
                f"| {s['max_rss_mb']:,.0f} MB | {fmt(s['tree_pss_peak_mb'], ',.0f')} MB | {fmt(s['pages'], ',')} "
                f"| {fmt(s['output_mb'], ',.1f')} MB |".replace("— MB", "—").replace("—×", "—"))
    return "\n".join(rows)


PHASE_NAMES = ("scan", "parse", "collect", "render", "write", "search")


def phases_table(results: list[dict]) -> str:
    """Seconds per phase (BuildResult.timings) of the in-process cold, warm and one-edit builds."""
    rows = ["| notes | build | total | " + " | ".join(PHASE_NAMES) + " |",
            "|---:|---|---:|" + "---:|" * len(PHASE_NAMES)]
    for res in results:
        for name, run in (res.get("phases") or {}).items():
            if not isinstance(run, dict) or "timings" not in run:
                continue
            cells = " | ".join(fmt(run["timings"].get(p), ".2f") for p in PHASE_NAMES)
            rows.append(f"| {res['size']:,} | {name} | {run['seconds']:.2f} | {cells} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="sitegen --jobs (0: sitegen's default, one per CPU)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-check", action="store_true", help="skip `sitegen check`")
    parser.add_argument("--floor", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the markdown-it-py render floor interleaved with the builds "
                             "and show every row as a ratio to it (default: on)")
    parser.add_argument("--no-warm", dest="warm", action="store_false",
                        help="skip the rebuilds that reuse sitegen's cache and output (nothing changed, one edit)")
    parser.add_argument("--phases", action="store_true",
                        help="one extra in-process build per size to record sitegen's phase timings")
    parser.add_argument("--sample", type=float, default=0.1,
                        help="seconds between process-tree PSS samples (0: no sampling)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="vault cache and scratch (git-ignored)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    check = not args.no_check and has_subcommand("check")
    if not args.no_check and not check:
        print("sitegen has no `check` subcommand here; skipping it", file=sys.stderr)
    results = []
    for n in args.sizes:
        print(f"{n} notes:", file=sys.stderr)
        results.append(bench_size(n, args, check))

    write_report(results, args)
    crashed = any(r.get("failed") for res in results for c in COMMANDS for r in res[c])
    return 1 if crashed else 0


def write_report(results: list[dict], args: argparse.Namespace) -> None:
    """Print the table and the summary lines; write the JSON report."""
    for res in results:
        for command in COMMANDS:
            res[f"{command}_summary"] = summarise(res[command])
    table = markdown_table(results)
    print(table)
    phases = phases_table(results)
    if phases:
        print("\n" + phases)
    for res in results:
        for command in COMMANDS:
            s = res.get(f"{command}_summary")
            if s and command != "floor":
                print(f"\n{res['size']:,} notes, {command}: {s['summary_line'] or '(no summary line)'}")
    report = {
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "sitegen_source": source_fingerprint(),
        "pystemmer": package_version("PyStemmer"),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "measures": {
            "wall": "seconds from starting `python -m sitegen …` to its exit (interpreter start included)",
            "max_rss": "RUSAGE_CHILDREN ru_maxrss of a wrapper process: the largest peak RSS of any "
                       "single process of the build (sitegen or a worker), not the sum",
            "tree_pss_peak": "largest sum of PSS over the build's process tree, sampled every "
                             f"{args.sample} s from /proc/PID/smaps_rollup",
            "cpu": "user + sys time of the whole process tree",
            "floor_ratio": "a row's median wall time over the median of the floor runs interleaved with it",
            "commands": COMMANDS,
        },
        "results": results,
        "table": table,
        "phases_table": phases,
    }
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
