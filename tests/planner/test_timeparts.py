"""Clock ranges, weekly windows, periods and ISO weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.domain.timeparts import (
    Period,
    TimeRange,
    WeeklyWindows,
    iso_week,
    merge_ranges,
    parse_clock,
    week_dates,
)

MONDAY = dt.date(2026, 11, 30)
TUESDAY = dt.date(2026, 12, 1)


def minutes(clock: str) -> int:
    return parse_clock(clock)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("08:00-16:00", 8 * 60, 16 * 60),
        ("00:00-24:00", 0, 24 * 60),
        ("22:30-24:00", 22 * 60 + 30, 24 * 60),
        ("09:59-10:00", 9 * 60 + 59, 10 * 60),
    ],
    ids=["working-day", "whole-day", "until-midnight", "one-minute"],
)
def test_time_range_parses(text: str, start: int, end: int) -> None:
    time_range = TimeRange.parse(text)

    assert (time_range.start, time_range.end) == (start, end)
    assert str(time_range) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("08:00-08:00", '"08:00-08:00" ends before it starts'),
        ("16:00-08:00", '"16:00-08:00" ends before it starts'),
        ("24:00-24:00", '"24:00-24:00" ends before it starts'),
        ("08:00-25:00", '"25:00" is not a clock time HH:MM between 00:00 and 24:00'),
        ("08:00-24:01", '"24:01" is not a clock time HH:MM between 00:00 and 24:00'),
        ("08:60-09:00", '"08:60" is not a clock time HH:MM between 00:00 and 24:00'),
        ("8:00-09:00", '"8:00" is not a clock time HH:MM between 00:00 and 24:00'),
        ("08:00", '"08:00" is not a range HH:MM-HH:MM'),
        ("08:00-09:00-10:00", '"08:00-09:00-10:00" is not a range HH:MM-HH:MM'),
    ],
    ids=[
        "empty",
        "backwards",
        "empty-at-midnight",
        "hour-25",
        "past-midnight",
        "minute-60",
        "one-digit-hour",
        "no-end",
        "three-times",
    ],
)
def test_time_range_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        TimeRange.parse(text)

    assert str(raised.value) == message


def test_time_ranges_are_half_open() -> None:
    morning = TimeRange.parse("08:00-12:00")

    assert morning.contains(minutes("08:00"), minutes("12:00"))
    assert not morning.contains(minutes("11:00"), minutes("12:01"))
    assert not morning.contains(minutes("07:59"), minutes("09:00"))


def test_merge_ranges_joins_touching_and_overlapping_ranges() -> None:
    ranges = [
        TimeRange.parse(t) for t in ("13:00-16:00", "08:00-10:00", "10:00-12:00", "11:00-11:30")
    ]

    assert [str(r) for r in merge_ranges(ranges)] == ["08:00-12:00", "13:00-16:00"]


@pytest.mark.parametrize(
    ("day", "start", "end", "covered"),
    [
        (MONDAY, "11:00", "13:00", True),
        (MONDAY, "08:00", "16:00", True),
        (MONDAY, "15:00", "16:15", False),
        (MONDAY, "07:45", "08:30", False),
        (TUESDAY, "09:00", "12:30", False),
        (TUESDAY, "08:00", "12:00", True),
        (dt.date(2026, 12, 2), "09:00", "10:00", False),
    ],
    ids=[
        "across-touching-ranges",
        "whole-union",
        "past-the-end",
        "before-the-start",
        "across-a-gap",
        "inside-one-range",
        "weekday-without-windows",
    ],
)
def test_weekly_windows_cover_the_union_of_a_days_ranges(
    day: dt.date, start: str, end: str, covered: bool
) -> None:
    windows = WeeklyWindows.parse(
        # Monday's ranges touch at 12:00 and are listed out of order.
        {"mon": ["12:00-16:00", "08:00-12:00"], "tue": ["08:00-12:00", "12:30-16:00"]}
    )

    assert windows.covers(day, minutes(start), minutes(end)) is covered


def test_weekly_windows_write_weekdays_in_calendar_order() -> None:
    windows = WeeklyWindows.parse({"fri": ["08:00-12:00"], "mon": ["13:00-24:00"], "sun": []})

    assert list(windows.to_json().items()) == [
        ("mon", ["13:00-24:00"]),
        ("fri", ["08:00-12:00"]),
        ("sun", []),
    ]


def test_period_of_days_includes_its_last_day() -> None:
    period = Period.days(dt.date(2026, 12, 1), dt.date(2026, 12, 2))

    assert period.start == dt.datetime(2026, 12, 1, 0, 0)
    assert period.end == dt.datetime(2026, 12, 3, 0, 0)
    assert (period.first_day, period.last_day) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
    assert period.to_json() == {"start": "2026-12-01", "end": "2026-12-02"}


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (dt.datetime(2026, 12, 1, 0, 0), dt.datetime(2026, 12, 1, 0, 30), True),
        (dt.datetime(2026, 12, 1, 23, 0), dt.datetime(2026, 12, 2, 1, 0), True),
        (dt.datetime(2026, 11, 30, 23, 0), dt.datetime(2026, 12, 1, 0, 0), False),
        (dt.datetime(2026, 12, 2, 0, 0), dt.datetime(2026, 12, 2, 1, 0), False),
        (dt.datetime(2026, 11, 30, 8, 0), dt.datetime(2026, 12, 3, 8, 0), True),
    ],
    ids=[
        "just-after-midnight",
        "late-evening",
        "ends-at-the-start",
        "day-after",
        "spans-the-day",
    ],
)
def test_whole_day_period_covers_the_day_and_nothing_else(
    start: dt.datetime, end: dt.datetime, overlaps: bool
) -> None:
    one_day = Period.days(dt.date(2026, 12, 1), dt.date(2026, 12, 1))

    assert one_day.overlaps(start, end) is overlaps


def test_period_of_date_times_excludes_its_end() -> None:
    period = Period(dt.datetime(2026, 12, 2, 8, 0), dt.datetime(2026, 12, 2, 10, 0))

    assert not period.overlaps(dt.datetime(2026, 12, 2, 10, 0), dt.datetime(2026, 12, 2, 11, 0))
    assert period.overlaps(dt.datetime(2026, 12, 2, 9, 59), dt.datetime(2026, 12, 2, 11, 0))
    assert period.to_json() == {"start": "2026-12-02T08:00", "end": "2026-12-02T10:00"}


def test_period_ending_at_midnight_lies_on_one_day() -> None:
    evening = Period(dt.datetime(2026, 12, 2, 18, 0), dt.datetime(2026, 12, 3, 0, 0))

    assert evening.last_day == dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("date", "week"),
    [
        (dt.date(2026, 11, 30), "2026-W49"),
        (dt.date(2026, 12, 6), "2026-W49"),
        (dt.date(2026, 12, 28), "2026-W53"),
        (dt.date(2027, 1, 3), "2026-W53"),
        (dt.date(2027, 1, 4), "2027-W01"),
        (dt.date(2025, 12, 29), "2026-W01"),
    ],
    ids=["monday", "sunday", "w53-monday", "w53-sunday-in-next-year", "w01", "w01-in-december"],
)
def test_iso_week(date: dt.date, week: str) -> None:
    assert iso_week(date) == week


@pytest.mark.parametrize(
    ("week", "monday", "sunday"),
    [
        ("2026-W49", dt.date(2026, 11, 30), dt.date(2026, 12, 6)),
        ("2026-W53", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),
        ("2027-W01", dt.date(2027, 1, 4), dt.date(2027, 1, 10)),
        ("2026-W01", dt.date(2025, 12, 29), dt.date(2026, 1, 4)),
    ],
    ids=["w49", "w53-across-new-year", "w01", "w01-starting-in-december"],
)
def test_week_dates(week: str, monday: dt.date, sunday: dt.date) -> None:
    assert week_dates(week) == (monday, sunday)
    assert iso_week(monday) == iso_week(sunday) == week


@pytest.mark.parametrize(
    "week",
    ["2025-W53", "2026-W00", "2026-49", "2026-W49-1", "W49"],
    ids=["no-w53-in-2025", "week-zero", "no-w", "with-weekday", "no-year"],
)
def test_week_dates_rejects(week: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO week like 2026-W49"):
        week_dates(week)
