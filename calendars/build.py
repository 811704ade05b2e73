"""A reader's whole feed: every published week in the rolling window, each with its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from calendars.audience import Reader, events_for, reader_name
from calendars.event import FeedSettings
from calendars.feed import write_feed
from calendars.history import Published, week_history
from calendars.texts import CALENDAR
from calendars.timezone import HELSINKI
from planner.domain import Plan, Scenario


class Version(NamedTuple):
    """A published plan of a week, the scenario it was planned from, and when it came out."""

    published_at: dt.datetime
    scenario: Scenario
    plan: Plan


def window_start(now: dt.datetime, zone: str, past_weeks: int) -> dt.datetime:
    """The first instant a feed shows: Monday 00:00 `past_weeks` weeks before `now`'s week."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    monday = today - dt.timedelta(days=today.weekday(), weeks=past_weeks)
    return dt.datetime.combine(monday, dt.time(), tz)


class Feed(NamedTuple):
    """A feed's bytes and the last moment they changed (HTTP's Last-Modified)."""

    body: bytes
    modified: dt.datetime | None  # None: the feed never held an event


def _midnight_after(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The first local midnight at or after `moment`."""
    local = moment.astimezone(tz)
    day = local.date() if local.time() == dt.time() else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tz)


def _left_at(published: Published, now: dt.datetime, tz: ZoneInfo, past_weeks: int) -> dt.datetime:
    """When an event the feed no longer shows left it: a cancelled one once it was over (or
    when it was cancelled, if later), the others once the window's start passed their end;
    at the latest `now`.

    A server builds its feeds as of local midnight, so an event leaves at a midnight; a
    moment later than the true one only costs a client a download, an earlier one would
    wrongly tell it that nothing changed.
    """
    end = published.event.end
    left = _midnight_after(end, tz)
    if not published.cancelled:  # out of the window: the first Monday it started after it
        monday = left.date() + dt.timedelta(days=(7 - left.weekday()) % 7, weeks=past_weeks)
        left = max(left, dt.datetime.combine(monday, dt.time(), tz))
    # An event cancelled after it was over left the feed when it was cancelled.
    return min(max(left, published.stamp), now)


def published_events(
    reader: Reader,
    weeks: Sequence[Sequence[Version]],
    settings: FeedSettings,
    lang: str,
    now: dt.datetime,
) -> tuple[list[Published], dt.datetime | None]:
    """The reader's events of every week in the window, each week's versions oldest first,
    and the last moment that changed them (a change, a cancellation or an event leaving)."""
    shown: list[Published] = []
    changes: list[dt.datetime] = []
    for versions in weeks:
        if not versions:
            continue
        latest = versions[-1]
        tz = ZoneInfo(latest.scenario.timezone)
        first = window_start(now, latest.scenario.timezone, settings.past_weeks)
        history = [
            (v.published_at, events_for(reader, v.scenario, v.plan, settings, lang))
            for v in versions
        ]
        for published in week_history(history, lang, dt.datetime.min.replace(tzinfo=dt.UTC)):
            if published.event.end > first and (
                not published.cancelled or published.event.end > now
            ):
                shown.append(published)
                changes.append(published.stamp)
            else:
                changes.append(_left_at(published, now, tz, settings.past_weeks))
    return shown, max(changes, default=None)


def render_feed(
    reader: Reader,
    weeks: Sequence[Sequence[Version | tuple[dt.datetime, Scenario, Plan]]],
    settings: FeedSettings,
    lang: str,
    now: dt.datetime,
) -> Feed:
    """The feed of a reader from the published versions of each week, oldest first, and
    when it last changed.

    It holds the weeks from `settings.past_weeks` before `now`'s week on, every future week
    included; the name and time zone are those of the newest week's latest scenario.
    """
    versions = [[Version(*v) for v in week] for week in weeks]
    newest = max(
        (week[-1] for week in versions if week),
        key=lambda v: v.plan.horizon.start,
        default=None,
    )
    if newest is None:
        name, zone = CALENDAR, HELSINKI
    else:
        name, zone = reader_name(reader, newest.scenario, lang), newest.scenario.timezone
    events, modified = published_events(reader, versions, settings, lang, now)
    return Feed(write_feed(name, reader.key, events, settings, zone), modified)


def build_feed(
    reader: Reader,
    weeks: Sequence[Sequence[Version | tuple[dt.datetime, Scenario, Plan]]],
    settings: FeedSettings,
    lang: str,
    now: dt.datetime,
) -> bytes:
    """The bytes of `render_feed`."""
    return render_feed(reader, weeks, settings, lang, now).body
