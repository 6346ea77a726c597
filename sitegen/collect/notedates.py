"""A note's created and modified dates from its front matter: one rule for note pages and Bases.

Keys are tried in order, in any letter case; the first that holds a readable date wins.
`date` is the note's own date and counts as created. Values are YAML dates, datetimes or
ISO text; a naive time is UTC (on every machine, so builds repeat), a zoned one is
converted to UTC. Where no key gives a date, the caller falls back: note pages to the git
history (collect/history.py), Bases to the git history, then the file (collect/filetimes.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

UTC = dt.timezone.utc

# The keys Obsidian plugins and other publishers write, by preference (folded case).
CREATED_KEYS = ("created", "date created", "date-created", "created_at", "creation date", "date")
MODIFIED_KEYS = ("modified", "updated", "last-modified", "lastmod", "date modified", "date-modified",
                 "updated_at", "last updated")
DATE_KEYS = frozenset(CREATED_KEYS + MODIFIED_KEYS)

# A real date and time whose UTC form falls outside years 1-9999, which Python cannot hold:
# not a typo in the note but a limit of sitegen, so a warning, not bad front matter.
OUT_OF_RANGE = "the date in UTC falls outside years 1 to 9999; it is not taken as a date of the note"

Stamp = tuple[dt.datetime, bool]  # (UTC datetime, has a time of day)


def to_utc(value: Any) -> Stamp | None:
    """A YAML date, datetime or ISO text as (UTC datetime, has a time), or None."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # naive times are read as UTC, on every machine
        try:
            return value.astimezone(UTC), True
        except OverflowError:  # 0001-01-01T00:00+14:00 is in year 0 in UTC, 9999-12-31T23:59-12:00 in 10000
            return None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC), False
    if isinstance(value, str):
        parsed = _iso(value)
        converted = to_utc(parsed) if parsed else None
        return (converted[0], len(value.strip()) > 10) if converted else None
    return None


def _iso(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def out_of_range(value: Any) -> bool:
    """A datetime (or ISO text of one) that is real but has no UTC form Python can hold."""
    when = _iso(value) if isinstance(value, str) else value
    return isinstance(when, dt.datetime) and to_utc(when) is None


def front_matter_date(date: Stamp | None, extra: Mapping[str, Any], keys: tuple[str, ...]) -> Stamp | None:
    """The first readable date under `keys`; `date` is the note's checked `date` key
    (NoteMeta.date, date_has_time), every other key is read from the raw values in `extra`."""
    folded = {k.casefold(): v for k, v in extra.items()}
    for key in keys:
        if key == "date" and date is not None:
            return date
        if key in folded:
            found = to_utc(folded[key])
            if found is not None:
                return found
    return None


def front_matter_dates(meta) -> tuple[Stamp | None, Stamp | None]:
    """(created, modified) of a NoteMeta from its front matter alone."""
    date = (meta.date, meta.date_has_time) if meta.date is not None else None
    return (front_matter_date(date, meta.extra, CREATED_KEYS),
            front_matter_date(date, meta.extra, MODIFIED_KEYS))
