"""A reader's events across the published versions of one week: SEQUENCE, DTSTAMP, cancels.

Calendar clients update an event they hold when its UID returns with a higher SEQUENCE, so
SEQUENCE goes up by one whenever an event's time, place, status or the people with the
reader change, and never goes down. DTSTAMP is when the event last changed, so an unchanged
week gives the same bytes. An event that a newer version drops stays as CANCELLED until it
is over; if its item comes back later, it comes back under a new UID, since clients may
have deleted the cancelled one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from calendars.event import CANCELLED, Event
from calendars.texts import Wording

# A published version of the week: when it was published, and the reader's events in it.
Version = tuple[dt.datetime, Sequence[Event]]


@dataclass(frozen=True)
class Published:
    """An event as the feed carries it: under its UID, with its SEQUENCE and DTSTAMP."""

    event: Event
    uid: str  # the event's uid_key, with "#<generation>" from its second appearance on
    sequence: int
    stamp: dt.datetime  # when the event last changed

    @property
    def cancelled(self) -> bool:
        return self.event.status == CANCELLED


def _significant(event: Event) -> tuple[object, ...]:
    """What a calendar client must be told of by a higher SEQUENCE."""
    return event.start, event.end, event.location, event.status, event.people


@dataclass
class _Track:
    """One uid_key's life so far: its current generation and any cancelled earlier ones."""

    current: Published
    generation: int = 1
    retired: tuple[Published, ...] = ()

    def seen(self, event: Event, published_at: dt.datetime) -> None:
        """The item is in this version."""
        was = self.current
        if was.cancelled:
            self.retired += (was,)
            self.generation += 1
            uid = f"{event.uid_key}#{self.generation}"
            self.current = Published(event, uid, 0, published_at)
        elif event != was.event:
            bump = _significant(event) != _significant(was.event)
            self.current = Published(event, was.uid, was.sequence + bump, published_at)

    def missed(self, published_at: dt.datetime, say: Wording) -> None:
        """The item is not in this version: cancel it, once."""
        was = self.current
        if not was.cancelled:
            summary = say("Cancelled: ") + was.event.summary
            event = dataclasses.replace(was.event, status=CANCELLED, summary=summary)
            self.current = Published(event, was.uid, was.sequence + 1, published_at)


def week_history(versions: Sequence[Version], lang: str, now: dt.datetime) -> list[Published]:
    """The events of the latest version and the cancelled ones not yet over at `now`.

    `versions` are one reader's events in each published version of one week, oldest first.
    """
    say = Wording(lang)
    tracks: dict[str, _Track] = {}
    for published_at, events in versions:
        present = {event.uid_key: event for event in events}
        for key, event in present.items():
            if key in tracks:
                tracks[key].seen(event, published_at)
            else:
                tracks[key] = _Track(Published(event, key, 0, published_at))
        for key, track in tracks.items():
            if key not in present:
                track.missed(published_at, say)
    shown = []
    for track in tracks.values():
        for published in (*track.retired, track.current):
            if not published.cancelled or published.event.end > now:
                shown.append(published)
    return shown
