"""The element ids the theme's templates and scripts use, read from the files at test time."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PATTERNS = [
    re.compile(r'\bid=\\?["\']([A-Za-z][\w-]*)'),  # markup, also inside JS strings
    re.compile(r'getElementById\(\s*["\']([\w-]+)'),
    re.compile(r'\.id\s*=\s*["\']([\w-]+)'),
    re.compile(r'["\'`]#([A-Za-z][\w-]*)\b'),  # querySelector("#search-input …")
]
_COLOUR = re.compile(r"[0-9a-fA-F]{3,8}")  # "#ff9da7" in a script is a colour, not an id


def theme_ids() -> set[str]:
    """So ids added to the theme later are covered by the tests that use this."""
    found: set[str] = set()
    sources = [*(ROOT / "themes").rglob("*.html"), *(ROOT / "themes").rglob("*.js"),
               *(ROOT / "sitegen").rglob("*.js")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in _PATTERNS:
            found |= set(pattern.findall(text))
    return {i for i in found if not _COLOUR.fullmatch(i)}
