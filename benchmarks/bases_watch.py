"""Watch-mode cost of bases: one note's property edited, in a vault with bases and in the same vault without.

    python benchmarks/bases_watch.py [--notes 10000] [--edits 7]

Copies the synthetic vault (benchmarks/generate_vault.py) twice into a scratch folder and gives
every note a numeric `оценка` property (the same values in both). One copy also gets what a
vault that leans on Bases has: three `.base` pages (a table sorted by the property with a
summary, one grouped by folder with a limit, cards of a tag) embedded in the home note, and
20 notes with a ```base block over `this` (`file.hasLink(this.file)`, a backlinks view, run
for each of those notes). Then the same notes' `оценка` is changed in both copies, edits
interleaved, through LiveSite.apply() as `sitegen serve` calls it. The copy without bases is
the floor, measured in the same run: the report gives both medians and their ratio, the time
spent re-evaluating the bases (views.evaluation, included in the update) and the pages
each update rewrote. Results go to benchmarks/bases-watch.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

import sitegen.live.rebuild as rebuild  # noqa: E402
from serve_latency import ensure_vault  # noqa: E402
from sitegen.live.rebuild import LiveSite  # noqa: E402

PROPERTY = "оценка"
BASES = {
    "Базы/Оценки.base": f"""filters: 'file.hasTag("практика")'
views:
  - type: table
    name: Лучшие практики
    order: [file.name, {PROPERTY}, file.folder, file.mtime]
    sort:
      - property: {PROPERTY}
        direction: DESC
    summaries:
      {PROPERTY}: Average
""",
    "Базы/По папкам.base": f"""filters: '{PROPERTY} >= 5'
views:
  - type: table
    name: По папкам
    groupBy:
      property: file.folder
      direction: ASC
    order: [file.name, {PROPERTY}]
    limit: 200
""",
    "Базы/Регионы.base": f"""filters:
  or:
    - file.hasTag("регион/самара")
    - file.hasTag("регион/ярославль")
formulas:
  балл: 'if({PROPERTY} >= 8, "высокий", "обычный")'
views:
  - type: cards
    name: Регионы
    order: [file.name, formula.балл, {PROPERTY}]
""",
}
BACKLINKS_BLOCK = """

```base
filters: 'file.hasLink(this.file)'
views:
  - type: list
    name: Ссылаются сюда
    order: [file.name, оценка]
```
"""
HOSTS = 20


def with_property(text: str, value: int) -> str:
    """The note with `оценка: value` as its first front-matter key (replaced if already there)."""
    body = text[4:] if text.startswith("---\n") else "---\n" + text
    if body.startswith(f"{PROPERTY}: "):
        body = body.split("\n", 1)[1]
    return f"---\n{PROPERTY}: {value}\n{body}"


def prepare(source: Path, target: Path, bases: bool) -> None:
    shutil.copytree(source, target)
    rng = random.Random(3)
    notes = sorted(p for p in target.rglob("*.md"))
    for path in notes:
        path.write_text(with_property(path.read_text(encoding="utf-8"), rng.randint(0, 10)), encoding="utf-8")
    if not bases:
        return
    for rel, text in BASES.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    home = target / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n" + "\n\n".join(
        f"![[{Path(rel).name}]]" for rel in BASES) + "\n", encoding="utf-8")
    for path in random.Random(5).sample([p for p in notes if p != home], HOSTS):
        path.write_text(path.read_text(encoding="utf-8") + BACKLINKS_BLOCK, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()

    views_seconds: list[float] = []
    real_with_views = rebuild.with_views

    def timed_with_views(*a, **k):
        started = time.perf_counter()
        try:
            return real_with_views(*a, **k)
        finally:
            views_seconds.append(time.perf_counter() - started)

    rebuild.with_views = timed_with_views
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-bases-watch-"))
    source = ensure_vault(args.notes)
    sites = {}
    try:
        for kind in ("plain", "bases"):
            prepare(source, scratch / kind, kind == "bases")
            sites[kind] = LiveSite(scratch / kind, scratch / f"{kind}-site", {"search": False, "cache": False})
            started = time.perf_counter()
            sites[kind].build()
            print(f"{kind}: first build {time.perf_counter() - started:.1f} s", file=sys.stderr)
        rng = random.Random(11)
        home = sites["plain"].config.home
        edited = rng.sample(sorted(s for s in sites["plain"].model.notes if s != home), args.edits)
        runs: dict[str, dict[str, list]] = {k: {"update": [], "views": [], "pages": []} for k in sites}
        for n, src in enumerate(edited):
            for kind, site in sites.items():
                path = site.vault / src
                path.write_text(with_property(path.read_text(encoding="utf-8"), 11 + n), encoding="utf-8")
                views_seconds.clear()
                update = site.apply([path])
                runs[kind]["update"].append(update.seconds)
                runs[kind]["views"].append(sum(views_seconds))
                runs[kind]["pages"].append(len(update.urls))
    finally:
        rebuild.with_views = real_with_views
        shutil.rmtree(scratch, ignore_errors=True)

    def ms(values: list[float]) -> dict:
        return {"median": round(statistics.median(values) * 1000), "all": [round(v * 1000) for v in values]}

    plain, bases = runs["plain"], runs["bases"]
    result = {
        "notes": args.notes,
        "edits": args.edits,
        "without_bases_update_ms": ms(plain["update"]),
        "with_bases_update_ms": ms(bases["update"]),
        "ratio_to_floor": round(statistics.median(bases["update"]) / statistics.median(plain["update"]), 2),
        "bases_evaluation_ms": ms(bases["views"]),
        "floor_evaluation_ms": ms(plain["views"]),
        "pages_rewritten": {"without_bases": plain["pages"], "with_bases": bases["pages"]},
        "note": "one property edit per update through LiveSite.apply(); the floor is the same vault "
                "and edits without bases, interleaved in the same run",
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    (HERE / "bases-watch.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
