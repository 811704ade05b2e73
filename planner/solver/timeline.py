"""The solver's timeline: real minutes from the start of the horizon, and local clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from planner.domain import Horizon
from planner.domain.timeparts import MINUTES_PER_DAY, Period, TimeRange, WeeklyWindows, merge_ranges


@dataclass(frozen=True)
class Timeline:
    """Converts between local wall-clock times and real minutes since the horizon began.

    Windows are local clock times; durations, travel and gaps are real minutes. On the two
    nights a year when the clocks change, the two differ, and the timeline keeps them apart.
    """

    zone: ZoneInfo
    origin: dt.datetime  # the horizon's first local midnight, aware
    # date -> real minutes from the origin to its local midnight, for days on which the
    # clock runs evenly (no change of UTC offset), so that a clock minute is an addition
    _even: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, timezone: str, horizon: Horizon) -> Timeline:
        zone = ZoneInfo(timezone)
        return cls(zone, dt.datetime.combine(horizon.start, dt.time(), tzinfo=zone))

    def instant(self, day: dt.date, minute: int) -> dt.datetime | None:
        """The aware instant of a local clock minute, None if the clock skips it that day."""
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
        aware = naive.replace(tzinfo=self.zone)
        round_trip = aware.astimezone(dt.UTC).astimezone(self.zone).replace(tzinfo=None)
        return aware if round_trip == naive else None

    def _offset(self, day: dt.date) -> int | bool:
        offset = self._even.get(day)
        if offset is None:
            midnight = dt.datetime.combine(day, dt.time(), tzinfo=self.zone)
            after = midnight + dt.timedelta(days=1)
            even = midnight.utcoffset() == after.utcoffset()
            offset = self._even[day] = self.minutes(midnight) if even else False
        return offset

    def is_even(self, day: dt.date) -> bool:
        """Whether the clock runs evenly all day (no change of UTC offset that day)."""
        return self._offset(day) is not False

    def real_minute(self, day: dt.date, minute: int) -> int | None:
        """Real minutes from the origin to a local clock minute (None if the clock skips it)."""
        offset = self._offset(day)
        if offset is not False and 0 <= minute <= MINUTES_PER_DAY:
            return offset + minute
        begin = self.instant(day, minute)
        return None if begin is None else self.minutes(begin)

    def minutes(self, moment: dt.datetime) -> int:
        """Real minutes from the horizon's start to an aware instant."""
        return int((moment - self.origin).total_seconds() // 60)

    def at(self, minutes: int) -> dt.datetime:
        """The aware local instant `minutes` real minutes after the horizon's start."""
        moment = self.origin.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
        return moment.astimezone(self.zone)

    def local(self, minutes: int) -> tuple[dt.date, int]:
        """The local date and clock minute of a point on the timeline."""
        moment = self.at(minutes)
        return moment.date(), moment.hour * 60 + moment.minute


def free_ranges(
    windows: WeeklyWindows, absences: tuple[Period, ...], day: dt.date
) -> list[TimeRange]:
    """A day's available clock ranges with every absence cut out."""
    ranges = merge_ranges(windows.ranges_on(day))
    midnight = dt.datetime.combine(day, dt.time())
    for absence in absences:
        if not absence.overlaps(midnight, midnight + dt.timedelta(days=1)):
            continue
        cut_start = max(0, int((absence.start - midnight).total_seconds() // 60))
        cut_end = min(MINUTES_PER_DAY, int((absence.end - midnight).total_seconds() // 60))
        ranges = _cut(ranges, cut_start, cut_end)
    return ranges


def _cut(ranges: list[TimeRange], start: int, end: int) -> list[TimeRange]:
    kept: list[TimeRange] = []
    for r in ranges:
        if r.end <= start or end <= r.start:
            kept.append(r)
            continue
        if r.start < start:
            kept.append(TimeRange(r.start, start))
        if end < r.end:
            kept.append(TimeRange(end, r.end))
    return kept


def inside(ranges: list[TimeRange], start: int, end: int) -> bool:
    """Whether the clock range [start, end) lies inside one of the ranges."""
    return any(r.start <= start and end <= r.end for r in ranges)
