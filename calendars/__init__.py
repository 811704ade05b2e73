"""iCalendar feeds of published plans, per reader (issue 4); depends on planner only.

`audience` decides what each reader may see of a plan (`describe` puts it into words),
`history` follows events across a week's published versions, `feed` writes the bytes with
the hand-written VTIMEZONE of `timezone`, and `build_feed` puts it all together.
"""

from calendars.audience import Reader, UnknownReader, all_readers, events_for, reader_name
from calendars.build import Version, build_feed
from calendars.event import Event, FeedSettings

__all__ = [
    "Event",
    "FeedSettings",
    "Reader",
    "UnknownReader",
    "Version",
    "all_readers",
    "build_feed",
    "events_for",
    "reader_name",
]
