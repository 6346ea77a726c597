"""Sizes of a built site's note pages: p50/p90/max, and where the bytes of one p90 page go."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

# Folders whose pages are not notes (listings, the search index, copied files).
SKIP = {"tags", "search", "static", "files", "graph", "missing"}

# Where one section of the default theme's page starts; it runs to the next one found.
MARKERS = [
    ("head", "<head>"),
    ("site header", '<header class="site-header"'),
    ("explorer", '<nav id="explorer"'),
    ("breadcrumbs", '<nav class="breadcrumbs"'),
    ("note header", '<header class="note-header"'),
    ("body", '<div class="note-body"'),
    ("toc (inline)", '<nav class="toc toc-inline"'),
    ("backlinks", '<section class="backlinks'),
    ("related", '<section class="related"'),
    ("prev/next", '<nav class="prev-next"'),
    ("sidebar", '<aside class="sidebar"'),
    ("toc", '<nav class="toc"'),
    ("footer", '<footer class="site-footer"'),
    ("search dialog", '<dialog id="search"'),
    ("scripts at the end", "</dialog>"),
]


def note_pages(site: Path) -> list[tuple[int, Path]]:
    """(bytes, path) of every note page: a page whose body is `page-note` (redirects are not)."""
    found = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).parts
        if rel[0] in SKIP:
            continue
        data = path.read_bytes()
        if b'<body class="page-note"' in data:
            found.append((len(data), path))
    return sorted(found)


def breakdown(html: bytes) -> list[tuple[str, int]]:
    """Bytes from each section's marker to the next marker present (in page order)."""
    at = sorted((html.find(m.encode()), name) for name, m in MARKERS if html.find(m.encode()) >= 0)
    rows = [("before <head>", at[0][0] if at else len(html))]
    for (start, name), nxt in zip(at, at[1:] + [(len(html), "")]):
        rows.append((name, nxt[0] - start))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    pages = note_pages(args.site)
    if not pages:
        print("no note pages", file=sys.stderr)
        return 1
    sizes = [s for s, _ in pages]
    p90_size, p90_path = pages[min(len(pages) - 1, int(len(pages) * 0.9))]
    figures = {"pages": len(pages), "p50": statistics.median(sizes), "p90": p90_size,
               "max": sizes[-1], "total": sum(sizes), "p90_page": str(p90_path.relative_to(args.site)),
               "p90_breakdown": breakdown(p90_path.read_bytes())}
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    kb = lambda n: f"{n / 1024:.1f} KB"
    print(f"{figures['pages']} note pages: p50 {kb(figures['p50'])}, p90 {kb(p90_size)}, "
          f"max {kb(figures['max'])} ({pages[-1][1].relative_to(args.site)}), total {kb(figures['total'])}")
    print(f"p90 page: {figures['p90_page']}")
    for name, n in figures["p90_breakdown"]:
        print(f"  {name:20} {n:7d} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
