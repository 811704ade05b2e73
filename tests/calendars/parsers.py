"""Feeds as three independent parsers read them: every event's UTC start and end by UID.

- `icalendar`, which the feeds are written with;
- allenporter's `ical`, with times read through the feed's own VTIMEZONE (by itself it
  looks TZIDs up in the tz database and would not notice a wrong VTIMEZONE);
- Mozilla's `ical.js` through node, as Thunderbird reads a subscription. It needs
  `npm ci --prefix tests/calendars/icaljs`; without it the tests that use it are skipped,
  and fail on CI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

Times = dict[str, tuple[dt.datetime, dt.datetime]]

ICALJS = Path(__file__).resolve().parent / "icaljs"


def _utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, "a feed's times are never floating"
    return moment.astimezone(dt.UTC)


def icalendar_times(feed: bytes) -> Times:
    """Times as `icalendar` reads them."""
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(e["UID"]): (_utc(e.start), _utc(e.end)) for e in calendar.walk("VEVENT")}


def ical_times(feed: bytes) -> Times:
    """Times as `ical` reads them, local times placed by the feed's VTIMEZONE."""
    calendar = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
    zones = {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in calendar.timezones}

    def placed(moment: dt.datetime) -> dt.datetime:
        key = getattr(moment.tzinfo, "key", None)
        return moment.replace(tzinfo=zones[key]) if key in zones else moment

    return {
        str(e.uid): (_utc(placed(e.dtstart)), _utc(placed(e.dtend)))  # type: ignore[arg-type]
        for e in calendar.events
    }


def icaljs_ready() -> bool:
    """Whether node and ical.js are installed; on CI they must be."""
    ready = shutil.which("node") is not None and (ICALJS / "node_modules" / "ical.js").is_dir()
    if not ready and os.environ.get("CI"):
        pytest.fail("ical.js is missing: run npm ci --prefix tests/calendars/icaljs")
    return ready


def icaljs_events(paths: list[Path]) -> dict[str, list[dict[str, object]]]:
    """Every event of each file as ical.js reads it (times in UTC seconds)."""
    if not icaljs_ready():
        pytest.skip("ical.js not installed (npm ci --prefix tests/calendars/icaljs)")
    script = ICALJS / "events.mjs"
    done = subprocess.run(
        ["node", str(script), *map(str, paths)], capture_output=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def icaljs_times(events: list[dict[str, object]]) -> Times:
    """The times of one file's ical.js events."""

    def utc(seconds: object) -> dt.datetime:
        assert isinstance(seconds, int)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)

    return {str(e["uid"]): (utc(e["start"]), utc(e["end"])) for e in events}
