"""A note page's reading time and its created and modified dates (pure rules, table-tested).

Dates come from the front matter first, then from the vault's git history
(collect/history.py), else there is none: never the build's own clock, so a build
repeats byte for byte.
"""

from __future__ import annotations

import datetime as dt
import math

from ..collect.meta import NoteMeta
from ..collect.notedates import CREATED_KEYS, MODIFIED_KEYS, Stamp, front_matter_dates  # noqa: F401 - re-exported
from ..i18n import format_date, plural

WORDS_PER_MINUTE = 200  # silent reading of Russian and English prose runs at 180–240


def reading_minutes(words: int) -> int:
    """Whole minutes, rounded up; 0 for a note without words (no reading time shown)."""
    return math.ceil(words / WORDS_PER_MINUTE) if words > 0 else 0


def reading_text(words: int, strings: dict[str, str], language: str) -> str:
    minutes = reading_minutes(words)
    return strings["reading_time"].format(n=plural(minutes, strings["minutes"], language)) if minutes else ""


def note_dates(meta: NoteMeta, committed: tuple[dt.datetime, dt.datetime] | None) -> tuple[Stamp | None, Stamp | None]:
    """(created, modified): front matter, else the first and last commit of the file.
    A modified date on the created day says nothing more and is dropped."""
    created, modified = front_matter_dates(meta)  # the rule Bases follow too
    created = created or ((committed[0], False) if committed else None)
    modified = modified or ((committed[1], False) if committed else None)
    if created and modified and modified[0].date() <= created[0].date():
        modified = None
    return created, modified


def date_view(stamp: Stamp | None, language: str) -> dict | None:
    """What the template prints: `21 ноября 2022` and its ISO form for <time datetime>."""
    if stamp is None:
        return None
    when, has_time = stamp
    return {"text": format_date(when, language, has_time), "iso": when.isoformat()}
