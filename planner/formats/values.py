"""Scenario values as people type them: lists, clock ranges, dates, periods, numbers, yes/no.

Forms and spreadsheets read the same forms, so `8-16`, `8.00-16.00` and `08:00-16:00`,
`1.12.2026` and `2026-12-01`, `37,5` and `37.5` all mean the same everywhere. Parsing only
gives values their JSON shape; whether they make sense (a range that ends before it
starts, a date in the future) is judged by the scenario's own validation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from planner.domain.timeparts import WEEKDAYS
from planner.formats.texts import gettext as _


class BadValue(ValueError):
    """A value that cannot be read; its message is shown to the user as it is."""


_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?"
_RANGE = re.compile(rf"^{_CLOCK}\s*[-–—]\s*{_CLOCK}$")
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_FI_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
_MOMENT = rf"(?:{_ISO_DATE}|{_FI_DATE})(?:(?:T|\s+(?:klo\s+)?)\d{{1,2}}[:.]\d{{2}})?"
_PERIOD = re.compile(rf"^({_MOMENT})\s*(?:(?:[-–—]|\.\.|to)\s*({_MOMENT}))?$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,;\n]")


def items(text: str, spaces: bool = False) -> list[str]:
    """The items of a list typed with commas or semicolons (and spaces, if `spaces`)."""
    pattern = r"[,;\s]+" if spaces else r"[,;\n]+"
    return [part.strip() for part in re.split(pattern, text or "") if part.strip()]


def languages(text: str) -> list[str]:
    """Language codes typed as `fi, ar` or `fi ar`."""
    return [code.lower() for code in items(text, spaces=True)]


def _clock(hours: str, minutes: str | None) -> str:
    return f"{int(hours):02d}:{minutes or '00'}"


def clock_range(text: str) -> str:
    """`8-16`, `klo 8.30-16` or `08:30-16:00` as `08:30-16:00`."""
    found = _RANGE.match(re.sub(r"^klo\s*", "", text.strip(), flags=re.IGNORECASE))
    if not found:
        raise BadValue(_('"%(text)s" is not a time range like 08:00-16:00.', text=text.strip()))
    return f"{_clock(*found.group(1, 2))}-{_clock(*found.group(3, 4))}"


def day_ranges(text: str) -> list[str]:
    """One weekday's ranges, typed as `08:00-12:00, 13:00-16:00`."""
    return [clock_range(part) for part in items(text)]


def windows(days: dict[str, str]) -> dict[str, list[str]]:
    """Weekly windows from one text per weekday; a day left empty has no time."""
    out = {}
    for day in WEEKDAYS:
        ranges = day_ranges(days.get(day) or "")
        if ranges:
            out[day] = ranges
    return out


def windows_text(windows: dict[str, list[str]] | None) -> dict[str, str]:
    """One text per weekday of weekly windows."""
    return {day: ", ".join((windows or {}).get(day, [])) for day in WEEKDAYS}


def date(text: str | dt.date) -> str:
    """A date typed as `1.12.2026` or `2026-12-01` (or a spreadsheet's date) in ISO form."""
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    value = text.strip()
    try:
        if re.fullmatch(_FI_DATE, value):
            day, month, year = (int(part) for part in value.split("."))
            return dt.date(year, month, day).isoformat()
        if re.fullmatch(_ISO_DATE, value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadValue(_('"%(text)s" is not a calendar date.', text=value)) from None
    raise BadValue(_('"%(text)s" is not a date like 1.12.2026.', text=value))


def date_text(iso: str) -> str:
    """An ISO date the Finnish way: `1.12.2026`."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day}.{day.month}.{day.year}"


def _moment(text: str) -> str:
    parts = re.split(r"T|\s+(?:klo\s+)?", text.strip(), maxsplit=1, flags=re.IGNORECASE)
    day = date(parts[0])
    if len(parts) == 1:
        return day
    hours, minutes = re.split(r"[:.]", parts[1])
    if int(hours) > 23 or int(minutes) > 59:
        raise BadValue(_('"%(text)s" is not a time of day.', text=parts[1]))
    return f"{day}T{int(hours):02d}:{minutes}"


def period(text: str) -> dict[str, str]:
    """`1.12.2026–3.12.2026`, `4.12.2026` or `4.12.2026 12:00 – 4.12.2026 16:30`."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise BadValue(_('"%(text)s" is not a period like 1.12.2026–3.12.2026.', text=text.strip()))
    start = _moment(found.group(1))
    end = _moment(found.group(2)) if found.group(2) else start
    return {"start": start, "end": end}


def periods(text: str) -> list[dict[str, str]]:
    """Periods typed one a line (or separated by commas)."""
    return [period(part) for part in _SEPARATORS.split(text or "") if part.strip()]


def _moment_text(iso: str) -> str:
    day, _, time = iso.partition("T")
    return f"{date_text(day)} {time}" if time else date_text(day)


def periods_text(values: Iterable[dict[str, str]], joiner: str = "\n") -> str:
    """Periods as typed: one a line, a single day as its date."""
    lines = []
    for value in values:
        start, end = _moment_text(value["start"]), _moment_text(value["end"])
        lines.append(start if start == end else f"{start} – {end}")
    return joiner.join(lines)


def number(text: str | float, whole: bool = False) -> float | int | None:
    """`37,5` or `37.5` as a number (None when empty); `whole` refuses fractions."""
    if isinstance(text, bool):
        raise BadValue(_('"%(text)s" is not a number.', text=text))
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = (text or "").strip().replace(",", ".").replace("\u2212", "-")
        if not cleaned:
            return None
        try:
            value = float(cleaned)
        except ValueError:
            raise BadValue(_('"%(text)s" is not a number.', text=text.strip())) from None
    if value.is_integer():
        return int(value)
    if whole:
        raise BadValue(_('"%(text)s" is not a whole number.', text=text))
    return value


_YES = {"kyllä", "k", "yes", "y", "x", "1", "true", "tosi", "on"}
_NO = {"ei", "e", "no", "n", "0", "false", "epätosi", "off", ""}


def yes_no(value: str | bool | int | float | None) -> bool:
    """`kyllä`/`yes`/`x`/`1` or `ei`/`no`/`0`/empty as true or false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = "" if value is None else str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadValue(_('"%(text)s" is neither yes nor no.', text=text))


def slug(text: str) -> str:
    """An id-safe form of a name: `Äänekoski Amina` as `aanekoski-amina`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def new_id(prefix: str, name: str, taken: set[str]) -> str:
    """A fresh id made of a prefix and a name, not among `taken` (which it joins)."""
    base = f"{prefix}-{slug(name) or 'new'}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def numbered_id(base: str, taken: set[str]) -> str:
    """`base-c1`, `base-c2`, ...: the first not among `taken` (which it joins)."""
    n = 1
    while f"{base}-c{n}" in taken:
        n += 1
    taken.add(f"{base}-c{n}")
    return f"{base}-c{n}"
