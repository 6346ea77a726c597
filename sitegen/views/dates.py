"""Dates and durations for Bases: parsing, calendar arithmetic, Moment.js formats, `relative()`."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .expr import EvalError
from .values import DAY_MS, Date, Duration

EPOCH = dt.datetime(1970, 1, 1)

_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


def parse_date(text: str) -> Date | None:
    """`2025-01-01`, `2025-01-01 12:00`, `2025-01-01T12:00:00.250Z`; an offset is turned
    into UTC. Anything else: None."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        value = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0), int((fraction or "0").ljust(6, "0")))
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        value -= sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return Date(value, has_time=hour is not None)


def from_python(value: dt.date) -> Date:
    """A date or datetime as PyYAML gives them; aware times become UTC wall time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return Date(value, has_time=True)
    return Date(dt.datetime(value.year, value.month, value.day), has_time=False)


# Unit words as the help lists them; single letters are case-sensitive (M month, m minute).
_UNITS = {
    "y": "years", "year": "years", "years": "years",
    "M": "months", "month": "months", "months": "months",
    "w": "weeks", "week": "weeks", "weeks": "weeks",
    "d": "days", "day": "days", "days": "days",
    "h": "hours", "hour": "hours", "hours": "hours",
    "m": "minutes", "minute": "minutes", "minutes": "minutes",
    "s": "seconds", "second": "seconds", "seconds": "seconds",
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
}
_UNIT_MS = {"weeks": 7 * DAY_MS, "days": DAY_MS, "hours": 3_600_000, "minutes": 60_000,
            "seconds": 1000, "ms": 1}
_PART = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?")


def parse_duration(text: str) -> Duration | None:
    """`1d`, `2 weeks`, `1M`, `-3h`, `1y 2M 3d`; None when the text is not a duration."""
    pos, months, ms, found = 0, 0.0, 0.0, False
    while pos < len(text):
        match = _PART.match(text, pos)
        if not match:
            if text[pos:].strip():
                return None
            break
        amount, word = float(match.group(1)), match.group(2)
        unit = _UNITS.get(word) or _UNITS.get(word.lower()) if len(word) > 1 else _UNITS.get(word)
        if unit is None:
            return None
        if unit == "years":
            months += amount * 12
        elif unit == "months":
            months += amount
        else:
            ms += amount * _UNIT_MS[unit]
        found = True
        pos = match.end()
    if not found:
        return None
    whole = int(months)
    # A fractional month is kept as time at the mean month length.
    ms += (months - whole) * (DAY_MS * 146_097 / 4800)
    return Duration(whole, ms)


def shift(date: Date, span: Duration, sign: int = 1, pos: int = 0) -> Date:
    """`date + span` (or `-`): months on the calendar (31 Jan + 1M = 28/29 Feb), the rest exact."""
    value = date.value
    try:
        if span.months:
            total = value.year * 12 + value.month - 1 + sign * span.months
            year, month = divmod(total, 12)
            day = min(value.day, calendar.monthrange(year, month + 1)[1])
            value = value.replace(year=year, month=month + 1, day=day)
        value += dt.timedelta(milliseconds=sign * span.ms)
    except (OverflowError, ValueError):
        raise EvalError("the date is out of range (years 1 to 9999)", pos) from None
    keeps_date = not date.has_time and span.ms % DAY_MS == 0
    return Date(value, has_time=not keeps_date)


def between(a: Date, b: Date) -> Duration:
    """`a - b` as an exact span."""
    return Duration(0, (a.value - b.value) / dt.timedelta(milliseconds=1))


# --- Moment.js formats ----------------------------------------------------------------

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
           "сентябрь", "октябрь", "ноябрь", "декабрь"],
}
# Russian names a month in the genitive after a day number: `5 мая`.
_MONTHS_OF = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
_SHORT_RU = ["янв.", "февр.", "мар.", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.",
             "нояб.", "дек."]
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ru": ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
}
_SHORT_WEEKDAYS = {"en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                   "ru": ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]}
_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DDDD|DD|D|dddd|ddd|d|HH|H|hh|h|mm|m"
                    r"|ss|s|SSS|A|a|X|x|Q|ZZ|Z|E|W{1,2}")


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_moment(date: Date, pattern: str, language: str = "en") -> str:
    """`format("YYYY-MM-DD")` with the Moment.js tokens people use; `[text]` is literal."""
    value = date.value
    lang = "ru" if language == "ru" else "en"
    after_day = bool(re.search(r"D[^\[\]]*MMMM", pattern.replace("[", "").replace("]", "")))

    def token(match: re.Match) -> str:
        t = match.group()
        if t.startswith("["):
            return t[1:-1]
        hour12 = value.hour % 12 or 12
        epoch = (value - dt.datetime(1970, 1, 1)) / dt.timedelta(milliseconds=1)
        table = {
            "YYYY": f"{value.year:04d}", "YY": f"{value.year % 100:02d}",
            "MMMM": (_MONTHS_OF[value.month - 1] if lang == "ru" and after_day
                     else _MONTHS[lang][value.month - 1]),
            "MMM": (_SHORT_RU[value.month - 1] if lang == "ru"
                    else _MONTHS["en"][value.month - 1][:3]),
            "MM": f"{value.month:02d}", "M": str(value.month),
            "Do": _ordinal(value.day) if lang == "en" else f"{value.day}-е",
            "DDDD": f"{value.timetuple().tm_yday:03d}",
            "DD": f"{value.day:02d}", "D": str(value.day),
            "dddd": _WEEKDAYS[lang][value.weekday()], "ddd": _SHORT_WEEKDAYS[lang][value.weekday()],
            "d": str((value.weekday() + 1) % 7), "E": str(value.weekday() + 1),
            "HH": f"{value.hour:02d}", "H": str(value.hour),
            "hh": f"{hour12:02d}", "h": str(hour12),
            "mm": f"{value.minute:02d}", "m": str(value.minute),
            "ss": f"{value.second:02d}", "s": str(value.second),
            "SSS": f"{value.microsecond // 1000:03d}",
            "A": "AM" if value.hour < 12 else "PM", "a": "am" if value.hour < 12 else "pm",
            "X": str(int(epoch // 1000)), "x": str(int(epoch)),
            "Q": str((value.month - 1) // 3 + 1), "Z": "+00:00", "ZZ": "+0000",
            "W": str(value.isocalendar()[1]), "WW": f"{value.isocalendar()[1]:02d}",
        }
        return table[t]

    return _TOKEN.sub(token, pattern)


# --- relative() ------------------------------------------------------------------------

# Moment.js thresholds: seconds, then minutes up to 45, hours up to 22, days up to 26,
# months up to 11, then years.
_STEPS = [(45, 1, "s"), (45 * 60, 60, "m"), (22 * 3600, 3600, "h"), (26 * 86400, 86400, "d"),
          (320 * 86400, 86400 * 30.436875, "M"), (None, 86400 * 365.2425, "y")]
_WORDS = {
    "en": {"s": ("a few seconds",) * 3, "m": ("minute", "minutes", "minutes"),
           "h": ("hour", "hours", "hours"), "d": ("day", "days", "days"),
           "M": ("month", "months", "months"), "y": ("year", "years", "years")},
    "ru": {"s": ("несколько секунд",) * 3, "m": ("минута", "минуты", "минут"),
           "h": ("час", "часа", "часов"), "d": ("день", "дня", "дней"),
           "M": ("месяц", "месяца", "месяцев"), "y": ("год", "года", "лет")},
}
_ACCUSATIVE_RU = {"минута": "минуту"}


def _plural_ru(n: int) -> int:
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def relative(date: Date, clock: dt.datetime, language: str = "en") -> str:
    """`3 days ago`, `in 2 hours` / `3 дня назад`, `через 2 часа`, measured from the clock."""
    seconds = (date.value - clock).total_seconds()
    future, span = seconds > 0, abs(seconds)
    lang = "ru" if language == "ru" else "en"
    for limit, unit_seconds, unit in _STEPS:
        if limit is None or span < limit:
            break
    count = max(1, round(span / unit_seconds))
    forms = _WORDS[lang][unit]
    if unit == "s":
        phrase = forms[0]
    elif lang == "ru":
        word = forms[_plural_ru(count)]
        phrase = f"{count} {_ACCUSATIVE_RU.get(word, word)}" if count > 1 else _ACCUSATIVE_RU.get(
            word, word)
    else:
        one = "an hour" if unit == "h" else f"a {forms[0]}"
        phrase = f"{count} {forms[1]}" if count > 1 else one
    if lang == "ru":
        return f"через {phrase}" if future else f"{phrase} назад"
    return f"in {phrase}" if future else f"{phrase} ago"
