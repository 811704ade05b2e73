"""The hand-written VTIMEZONE of Europe/Helsinki agrees with the tz database, hour by hour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from calendars.event import Event
from calendars.feed import write_feed
from calendars.history import Published
from calendars.timezone import HELSINKI, helsinki, vtimezone
from tests.calendars.conftest import SETTINGS
from tests.calendars.parsers import ical_times, icalendar_times, icaljs_events, icaljs_times

ZONE = ZoneInfo(HELSINKI)
YEARS = range(2024, 2038)


def _around_changes() -> list[dt.datetime]:
    """Every quarter hour of the 6 hours around each change, and noon of every month."""
    moments = []
    for year in YEARS:
        for month in (3, 10):
            last = dt.date(year, month, 31)
            last_sunday = last - dt.timedelta(days=(last.weekday() + 1) % 7)
            change = dt.datetime.combine(last_sunday, dt.time(1), dt.UTC)
            moments += [change + dt.timedelta(minutes=15 * k) for k in range(-12, 13)]
        moments += [dt.datetime(year, month, 15, 12, tzinfo=dt.UTC) for month in range(1, 13)]
    return moments


def _calendar_text() -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + (
        helsinki().to_ical().decode() + "END:VCALENDAR\r\n"
    )


def test_the_rules_are_the_eu_rules_in_rrule_form() -> None:
    text = helsinki().to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "DTSTART:19700329T030000" in text and "DTSTART:19701025T040000" in text
    assert "RDATE" not in text


@pytest.mark.parametrize("reader", ["icalendar", "ical"])
def test_the_vtimezone_gives_the_tz_database_offsets(reader: str) -> None:
    if reader == "icalendar":
        tz = helsinki().to_tz()
    else:
        calendar = IcsCalendarStream.calendar_from_ics(_calendar_text())
        tz = IcsTimezoneInfo.from_timezone(calendar.timezones[0])
    for moment in _around_changes():
        expected = moment.astimezone(ZONE)
        local = expected.replace(tzinfo=None)
        if expected.fold:  # the repeated hour: a local time alone names its first instant
            continue
        assert local.replace(tzinfo=tz).utcoffset() == expected.utcoffset(), moment


def test_only_zones_with_a_written_vtimezone_are_accepted() -> None:
    with pytest.raises(ValueError, match="Europe/Stockholm"):
        vtimezone("Europe/Stockholm")


def test_times_in_the_repeated_hour_are_written_in_utc_and_read_right(tmp_path: Path) -> None:
    stamp = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 03:30 EEST
    second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 03:30 EET
    events = [
        Published(Event(f"e{n}", "travel", start, start + dt.timedelta(hours=2), "x"), f"e{n}",
                  0, stamp)
        for n, start in enumerate((first, second))
    ]  # fmt: skip
    feed = write_feed("Test", "test", events, SETTINGS, HELSINKI)
    assert b"DTSTART:20261025T003000Z" in feed and b"DTSTART:20261025T013000Z" in feed
    assert b"DTEND;TZID=Europe/Helsinki:20261025T043000" in feed
    expected = {f"{e.uid}@{SETTINGS.domain}": (e.event.start, e.event.end) for e in events}
    path = tmp_path / "fall-back.ics"
    path.write_bytes(feed)
    assert icalendar_times(feed) == expected
    assert ical_times(feed) == expected
    assert icaljs_times(icaljs_events([path])[str(path)]) == expected
    assert icalendar.Calendar.from_ical(feed).walk("VEVENT")[0].start == first
