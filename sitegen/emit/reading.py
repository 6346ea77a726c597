"""A note page's reading time and its created and modified dates (pure rules, table-tested).

Dates come from the front matter first, then from the vault's git history
(collect/history.py), else there is none: never the build's own clock, so a build
repeats byte for byte.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..collect.meta import NoteMeta, to_utc
from ..i18n import format_date, plural

WORDS_PER_MINUTE = 200  # silent reading of Russian and English prose runs at 180–240
# Front-matter keys, in the order they are tried (folded case): the ones Obsidian plugins
# and other publishers write. `date` is the note's own date and counts as created.
CREATED_KEYS = ("created", "date created", "date-created", "created_at", "creation date", "date")
MODIFIED_KEYS = ("modified", "updated", "last-modified", "lastmod", "date modified", "date-modified",
                 "updated_at", "last updated")

Stamp = tuple[dt.datetime, bool]  # (UTC datetime, has a time of day)


def reading_minutes(words: int) -> int:
    """Whole minutes, rounded up; 0 for a note without words (no reading time shown)."""
    return math.ceil(words / WORDS_PER_MINUTE) if words > 0 else 0


def reading_text(words: int, strings: dict[str, str], language: str) -> str:
    minutes = reading_minutes(words)
    return strings["reading_time"].format(n=plural(minutes, strings["minutes"], language)) if minutes else ""


def _front_matter(meta: NoteMeta, keys: tuple[str, ...]) -> Stamp | None:
    extra: dict[str, Any] = {k.casefold(): v for k, v in meta.extra.items()}
    for key in keys:
        if key == "date" and meta.date is not None:
            return meta.date, meta.date_has_time
        if key in extra:
            found = to_utc(extra[key])
            if found is not None:
                return found
    return None


def note_dates(meta: NoteMeta, committed: tuple[dt.datetime, dt.datetime] | None) -> tuple[Stamp | None, Stamp | None]:
    """(created, modified): front matter, else the first and last commit of the file.
    A modified date on the created day says nothing more and is dropped."""
    created = _front_matter(meta, CREATED_KEYS) or ((committed[0], False) if committed else None)
    modified = _front_matter(meta, MODIFIED_KEYS) or ((committed[1], False) if committed else None)
    if created and modified and modified[0].date() <= created[0].date():
        modified = None
    return created, modified


def date_view(stamp: Stamp | None, language: str) -> dict | None:
    """What the template prints: `21 ноября 2022` and its ISO form for <time datetime>."""
    if stamp is None:
        return None
    when, has_time = stamp
    return {"text": format_date(when, language, has_time), "iso": when.isoformat()}
