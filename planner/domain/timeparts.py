"""Clock ranges, weekly windows and periods: the time vocabulary of a scenario."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import holidays

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60


def parse_clock(text: str) -> int:
    """Minutes after midnight of an "HH:MM" clock time ("24:00" is 1440)."""
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if len(hours) != 2 or len(minutes) != 2 or int(minutes) > 59 or value > MINUTES_PER_DAY:
        raise ValueError(f'"{text}" is not a clock time HH:MM between 00:00 and 24:00')
    return value


def format_clock(minutes: int) -> str:
    """The "HH:MM" form of minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, order=True)
class TimeRange:
    """A half-open range of clock time within one day, in minutes after midnight."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> TimeRange:
        """Read "HH:MM-HH:MM"; the range must end after it starts."""
        try:
            first, last = text.split("-")
        except ValueError:
            raise ValueError(f'"{text}" is not a range HH:MM-HH:MM') from None
        time_range = cls(parse_clock(first), parse_clock(last))
        if time_range.end <= time_range.start:
            raise ValueError(f'"{text}" ends before it starts')
        return time_range

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"

    def contains(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside this range."""
        return self.start <= start and end <= self.end


@dataclass(frozen=True)
class WeeklyWindows:
    """Clock ranges per weekday; a weekday that is missing has no time."""

    days: Mapping[str, tuple[TimeRange, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: Mapping[str, list[str]]) -> WeeklyWindows:
        """Read `{"mon": ["08:00-12:00", ...], ...}`."""
        return cls({day: tuple(TimeRange.parse(r) for r in data[day]) for day in data})

    def to_json(self) -> dict[str, list[str]]:
        """The JSON form, weekdays in calendar order."""
        return {day: [str(r) for r in self.days[day]] for day in WEEKDAYS if day in self.days}

    def ranges_on(self, date: dt.date) -> tuple[TimeRange, ...]:
        """The ranges of the weekday of `date`."""
        return self.days.get(WEEKDAYS[date.weekday()], ())

    def covers(self, date: dt.date, start: int, end: int) -> bool:
        """Whether [start, end) on `date` lies inside the union of that day's ranges."""
        return any(r.contains(start, end) for r in merge_ranges(self.ranges_on(date)))


def merge_ranges(ranges: tuple[TimeRange, ...] | list[TimeRange]) -> list[TimeRange]:
    """The union of ranges as sorted, disjoint ranges (touching ranges join)."""
    merged: list[TimeRange] = []
    for r in sorted(ranges):
        if merged and r.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = TimeRange(last.start, max(last.end, r.end))
        else:
            merged.append(r)
    return merged


@dataclass(frozen=True)
class Period:
    """A stretch of local time, end excluded; `whole_days` when written as dates."""

    start: dt.datetime
    end: dt.datetime
    whole_days: bool = False

    @classmethod
    def days(cls, first: dt.date, last: dt.date) -> Period:
        """The whole days from `first` to `last`, both included."""
        start = dt.datetime.combine(first, dt.time())
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        return cls(start, end, whole_days=True)

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        """The last date the period touches."""
        return (self.end - dt.timedelta(microseconds=1)).date()

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether the local [start, end) shares any time with this period."""
        return start < self.end and self.start < end

    def to_json(self) -> dict[str, str]:
        """The JSON form: dates for whole days, else local date-times to the minute."""
        if self.whole_days:
            return {"start": self.first_day.isoformat(), "end": self.last_day.isoformat()}
        return {
            "start": self.start.isoformat(timespec="minutes"),
            "end": self.end.isoformat(timespec="minutes"),
        }


def iso_week(date: dt.date) -> str:
    """The ISO week of a date as "YYYY-Www"."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def week_dates(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week written "YYYY-Www"."""
    try:
        year_text, week_text = week.split("-W")
        monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
        return monday, monday + dt.timedelta(days=6)
    except (ValueError, OverflowError):  # 9999-W52 has no Sunday that `date` can hold
        raise ValueError(f'"{week}" is not an ISO week like 2026-W49') from None


# The years a week may be in: far enough for any plan, near enough that every date a week
# leads to (its horizon, its feeds' windows) stays inside what `datetime` can hold.
FIRST_YEAR = 2000
LAST_YEAR = 2100
_WEEK = re.compile(r"\d{4}-W\d{2}")


def parse_week(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of a week written canonically ("2026-W49", not "2026-W5"), 2000-2100."""
    if _WEEK.fullmatch(week) and not FIRST_YEAR <= int(week[:4]) <= LAST_YEAR:
        raise ValueError(f'"{week}" is not a week of the years {FIRST_YEAR}-{LAST_YEAR}')
    monday, sunday = week_dates(week)
    if iso_week(monday) != week:  # "2026-W5", "+2026-W49" or a W53 of a year without one
        raise ValueError(f'"{week}" is not an ISO week like 2026-W49')
    return monday, sunday


@functools.cache
def public_holidays(
    country: str, first: int, last: int, language: str | None = None
) -> Mapping[dt.date, str]:
    """A country's public holidays of the years `first`..`last`, named in `language`.

    Kept per process: the calendar (H2) asks for them on every check, solve and page.
    """
    years = range(first, last + 1)
    return dict(holidays.country_holidays(country, years=years, language=language))
