"""The period a report covers: whole days on the organisation's clock, both ends included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from planner.domain.timeparts import FIRST_YEAR, LAST_YEAR

ZONE = ZoneInfo("Europe/Helsinki")


class PeriodError(ValueError):
    """A period that cannot be reported on: `field` names the bad end, the message says why,
    `reason` in a word (`missing`, `not_a_date`, `out_of_range`, `after_end`)."""

    def __init__(self, field: str, message: str, reason: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, Europe/Helsinki days."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def label(self) -> str:
        """The period the Finnish way: `1.1.2026–30.6.2026`."""
        return f"{_day(self.start)}–{_day(self.end)}"


def parse_period(start: str | None, end: str | None) -> Period:
    """A period from two ISO dates (`2026-01-01`); refused, naming the field, if either is bad."""
    first = _date("from", start)
    last = _date("to", end)
    if first > last:
        raise PeriodError(
            "from", f"{first.isoformat()} is after the end {last.isoformat()}", "after_end"
        )
    return Period(first, last)


def local_day(instant: dt.datetime) -> dt.date:
    """The Helsinki day an item starts on.

    PostgreSQL gives instants with their zone. SQLite keeps the wall clock a record was
    written with and no zone; the records' instants come from the plan, which writes
    Helsinki's offset, so a bare value is read as Helsinki's clock.
    """
    if instant.tzinfo is None:
        return instant.date()
    return instant.astimezone(ZONE).date()


def _date(field: str, text: str | None) -> dt.date:
    if text is None or not text.strip():
        raise PeriodError(field, "a date is needed (YYYY-MM-DD)", "missing")
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            field, f"{text.strip()[:40]!r} is not a date (YYYY-MM-DD)", "not_a_date"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(
            field, f"{day.isoformat()} is outside {FIRST_YEAR}-{LAST_YEAR}", "out_of_range"
        )
    return day


def _day(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
