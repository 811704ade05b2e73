"""The VTIMEZONE of Europe/Helsinki, written by hand in the RRULE form every client reads.

`icalendar` can generate a VTIMEZONE from the tz database, but in a form that lists every
change as an RDATE; Thunderbird's parser (ical.js) and vobject misread it and put summer
events an hour late. Two yearly rules (the EU's: clocks change at 01:00 UTC on the last
Sunday of March and of October) are what Outlook, Google, Apple and Mozilla all publish.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

HELSINKI = "Europe/Helsinki"


def _observance(
    kind: type[TimezoneDaylight] | type[TimezoneStandard],
    name: str,
    offsets: tuple[int, int],
    onset: dt.datetime,
) -> TimezoneDaylight | TimezoneStandard:
    """One yearly change: from offset to offset (hours), first at `onset` local time."""
    observance = kind()
    observance.add("TZNAME", name)
    observance.add("TZOFFSETFROM", dt.timedelta(hours=offsets[0]))
    observance.add("TZOFFSETTO", dt.timedelta(hours=offsets[1]))
    observance.add("DTSTART", onset)  # naive: the local time before the change
    rule = vRecur({"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": "-1SU"})
    observance.add("RRULE", rule)
    return observance


def helsinki() -> Timezone:
    """Europe/Helsinki: EEST +03:00 from the last Sunday of March at 03:00 local time,
    EET +02:00 from the last Sunday of October at 04:00 local time (both 01:00 UTC).
    """
    zone = Timezone()
    zone.add("TZID", HELSINKI)
    zone.add("X-LIC-LOCATION", HELSINKI)
    # 1970-03-29 and 1970-10-25 were the last Sundays of March and October 1970.
    zone.add_component(_observance(TimezoneDaylight, "EEST", (2, 3), dt.datetime(1970, 3, 29, 3)))
    zone.add_component(_observance(TimezoneStandard, "EET", (3, 2), dt.datetime(1970, 10, 25, 4)))
    return zone


VTIMEZONES = {HELSINKI: helsinki}


def vtimezone(zone: str) -> Timezone:
    """The hand-written VTIMEZONE of a scenario's zone; other zones are refused."""
    try:
        return VTIMEZONES[zone]()
    except KeyError:
        known = ", ".join(sorted(VTIMEZONES))
        raise ValueError(f'calendar feeds know no time zone "{zone}", only {known}') from None
