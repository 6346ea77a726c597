"""CPU seconds of page contexts and page rendering, by page kind, in one process (no writing).

Builds the vault's model and bodies the way `sitegen build` does, then makes the context of
every planned page and renders it, timing each step with `time.process_time` (so the load of
the machine does not count). Run it before and after a change to the theme or the contexts:

    python benchmarks/page_render.py VAULT [--repeat 2] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sitegen import site
from sitegen.config import load_config


def model_of(vault: Path):
    """(model, bodies, theme) of a full build, stopped before anything is written."""
    caught = {}

    def capture(model, bodies, theme, *args, **kwargs):
        caught.update(model=model, bodies=bodies, theme=theme)
        raise StopIteration

    real, site.emit_site = site.emit_site, capture
    try:
        with tempfile.TemporaryDirectory() as out:
            try:
                site.build_site(vault, Path(out) / "site", load_config(vault, {"cache": False}))
            except StopIteration:
                pass
    finally:
        site.emit_site = real
    return caught["model"], caught["bodies"], caught["theme"]


def run(model, bodies, theme) -> dict[str, list[float]]:
    """Kind → [pages, context seconds, render seconds, bytes]."""
    from sitegen.emit.pages import plan_pages
    from sitegen.emit.writer import make_contexts, page_context, render_page

    ctx = make_contexts(model, bodies)
    ctx.embedder.limit_problems(model.notes)
    figures: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    clock = time.process_time
    for page in plan_pages(model)[0]:
        started = clock()
        context = page_context(ctx, page)
        made = clock()
        html = render_page(theme, ctx, page, context)
        row = figures[page.kind]
        row[0] += 1
        row[1] += made - started
        row[2] += clock() - made
        row[3] += len(html.encode("utf-8"))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--repeat", type=int, default=2, help="rounds over every page (the best is shown)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the last round here")
    args = parser.parse_args(argv)
    model, bodies, theme = model_of(args.vault)
    best = None
    for n in range(args.repeat):
        profiler = cProfile.Profile(time.process_time) if args.profile and n == args.repeat - 1 else None
        if profiler:
            profiler.enable()
        figures = run(model, bodies, theme)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
            continue
        total = sum(r[1] + r[2] for r in figures.values())
        if best is None or total < best[0]:
            best = (total, figures)
    if best is None:
        return 0
    total, figures = best
    print(f"{'kind':10} {'pages':>6} {'context s':>10} {'render s':>9} {'ms/page':>8} {'MB':>7}")
    for kind, (pages, made, rendered, size) in sorted(figures.items(), key=lambda i: -(i[1][1] + i[1][2])):
        print(f"{kind:10} {pages:6d} {made:10.2f} {rendered:9.2f} {1000 * (made + rendered) / pages:8.2f} "
              f"{size / 1e6:7.1f}")
    print(f"{'all':10} {sum(r[0] for r in figures.values()):6d} {sum(r[1] for r in figures.values()):10.2f} "
          f"{sum(r[2] for r in figures.values()):9.2f}   total {total:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
