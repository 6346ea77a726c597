"""Build one note of each pathological shape and record time and peak memory against a floor.

Shapes (issue #9): 100,000 links in one paragraph (to 100 notes, and `distinct-links`: to 100,000
different missing names), 100,000 tags, `[` × 200,000, a 10,000-column
table, and 13 notes each embedding the next five times; `tag-uses` is 100,000 tags of 100 names
(the `tags` shape is past the tag budget: its one-note tags get no pages), `baseline` a one-note vault: the fixed cost of any
build (start-up, theme, files), measured in the same run. CPU seconds (the child's user + system
time) are recorded next to wall time because the machine is shared; `baseline` always runs first and
each shape's CPU time beyond it is also given as a ratio to plain markdown-it-py (commonmark, no
plugins) rendering the same text in this process. The floor is markdown-it-py rendering a
plain note of the same size in the same run, so the figures are ratios as well as seconds.
Each shape runs `sitegen build` in a child process (peak memory = that process tree's max RSS).

    python benchmarks/pathological.py [--shapes links tags ...] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "pathological"
RESULTS = Path(__file__).resolve().parent / "pathological.json"


def shapes() -> dict[str, dict[str, str]]:
    """Shape name → vault files."""
    chain = {f"n{i}.md": f"Текст {i}.\n\n" + f"![[n{i + 1}]]\n\n" * (5 if i < 13 else 0) for i in range(1, 14)}
    targets = {f"t{i}.md": f"Цель {i}." for i in range(100)}
    return {
        "links": {"index.md": " ".join(f"[[t{i % 100}]]" for i in range(100_000)), **targets},
        # 100,000 different names (none exists: 100,000 broken links, not 100,000 pages)
        "distinct-links": {"index.md": " ".join(f"[[d{i}]]" for i in range(100_000))},
        "tags": {"index.md": " ".join(f"#тег{i}" for i in range(100_000))},  # past the tag budget: no tag pages
        "tag-uses": {"index.md": " ".join(f"#тег{i % 100}" for i in range(100_000))},
        "brackets": {"index.md": "[" * 200_000},
        "table": {"index.md": "|" + "|".join(f"к{i}" for i in range(10_000)) + "|\n"
                  + "|" + "---|" * 10_000 + "\n" + "|" + "|".join(str(i) for i in range(10_000)) + "|\n"},
        "embeds": chain,
        "baseline": {"index.md": "Одна короткая заметка."},  # what any build costs: start-up, theme, files
    }


def floor_seconds(size: int) -> float:
    """markdown-it-py (commonmark) on plain prose of `size` characters: the cost of reading that much."""
    from markdown_it import MarkdownIt

    words = ("Простой текст заметки без разметки. " * (size // 36 + 1))[:size]
    md = MarkdownIt("commonmark")
    started = time.perf_counter()
    md.render(words)
    return time.perf_counter() - started


def commonmark_seconds(files: dict[str, str]) -> float:
    """CPU time of plain markdown-it-py (commonmark, no plugins) rendering the shape's own notes."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    started = time.process_time()
    for text in files.values():
        md.render(text)
    return time.process_time() - started


def run(name: str, files: dict[str, str], timeout: float) -> dict:
    vault, out = OUT / name / "vault", OUT / name / "site"
    vault.mkdir(parents=True, exist_ok=True)
    for old in vault.glob("*.md"):
        old.unlink()
    for rel, text in files.items():
        (vault / rel).write_text(text, encoding="utf-8")
    size = sum(len(t) for t in files.values())
    command = [sys.executable, "-c",
               "import resource, sys; from sitegen.cli import main; code = main(sys.argv[1:]);"
               "use = resource.getrusage(resource.RUSAGE_SELF);"
               "print('MAXRSS', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr);"
               "sys.exit(code)",
               "build", str(vault), "-o", str(out), "--no-cache", "-q", "--jobs", "1"]
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"shape": name, "chars": size, "seconds": None, "note": f"killed after {timeout:.0f} s"}
    seconds = time.perf_counter() - started
    usage = [line.split()[1:] for line in proc.stderr.splitlines() if line.startswith("MAXRSS")]
    rss, cpu = (int(usage[0][0]), float(usage[0][1])) if usage else (0, 0.0)
    floor = floor_seconds(size)
    same = commonmark_seconds(files)
    return {"shape": name, "chars": size, "exit": proc.returncode, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "peak_mb": round(rss / 1024), "floor_seconds": round(floor, 3),
            "ratio": round(seconds / floor, 1) if floor else None, "commonmark_cpu_seconds": round(same, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="*", default=list(shapes()))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    every = shapes()
    results = [run(name, every[name], args.timeout) for name in ["baseline"] + [s for s in args.shapes if s != "baseline"]]
    fixed = results[0].get("cpu_seconds") or 0.0
    for r in results[1:]:
        if r.get("cpu_seconds") is not None and r.get("commonmark_cpu_seconds"):
            # What the shape costs beyond any build, against markdown-it-py reading the same text.
            r["commonmark_ratio"] = round((r["cpu_seconds"] - fixed) / r["commonmark_cpu_seconds"], 2)
    print("| shape | chars | seconds | CPU s | peak MB | floor s | ratio | commonmark CPU s | (CPU − baseline) / commonmark |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['shape']} | {r['chars']:,} | {r.get('seconds') or r.get('note')} | {r.get('cpu_seconds', '')} "
              f"| {r.get('peak_mb', '')} | {r.get('floor_seconds', '')} | {r.get('ratio', '')} "
              f"| {r.get('commonmark_cpu_seconds', '')} | {r.get('commonmark_ratio', '')} |")
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
