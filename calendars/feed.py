"""Published events as the bytes of an iCalendar feed (RFC 5545 with RFC 7986's names).

The writer decides nothing about privacy: it writes what `audience` put in each event.
The same events give the same bytes: nothing here reads the clock, and events are sorted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vText

from calendars.event import FeedSettings
from calendars.history import Published
from calendars.timezone import vtimezone

PRODID = "-//Kotoplan//Kotoplan feeds//FI"


def _order(published: Published) -> tuple[dt.datetime, str, dt.datetime]:
    return published.event.start, published.uid, published.event.end


def write_feed(
    name: str,
    key: str,
    events: Sequence[Published],
    settings: FeedSettings,
    zone: str,
) -> bytes:
    """The feed `name` (its display name) of the reader `key`, with its events in order."""
    refresh = dt.timedelta(minutes=settings.refresh_minutes)
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        uid=f"feed/{key}@{settings.domain}",
    )
    # NAME and X-WR-CALNAME are text: written as vText so that commas and semicolons are
    # escaped (icalendar's `name=` writes them raw).
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    calendar.add("X-WR-TIMEZONE", zone)
    calendar.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    calendar.add_component(vtimezone(zone))
    tz = ZoneInfo(zone)
    for published in sorted(events, key=_order):
        calendar.add_component(_vevent(published, settings.domain, tz))
    return calendar.to_ical()


def wall_clock(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The moment on the zone's clock, or in UTC where that clock is ambiguous.

    In the hour that repeats when the clocks go back, a local time names two instants and
    RFC 5545 reads it as the first; such a moment is written in UTC so it cannot be misread.
    """
    local = moment.astimezone(tz)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment.astimezone(dt.UTC)
    return local


def _vevent(published: Published, domain: str, tz: ZoneInfo) -> Event:
    event = published.event
    return Event.new(
        uid=f"{published.uid}@{domain}",
        stamp=published.stamp.astimezone(dt.UTC),
        start=wall_clock(event.start, tz),
        end=wall_clock(event.end, tz),
        sequence=published.sequence,
        status=event.status,
        summary=event.summary,
        location=event.location,
        description=event.description or None,
        url=event.url,
        categories=event.categories,
        # A cancelled event stays visible until it is over, but no longer blocks the time.
        transparency="TRANSPARENT" if published.cancelled else "OPAQUE",
    )
