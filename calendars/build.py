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
from calendars.texts import Wording
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


def published_events(
    reader: Reader,
    weeks: Sequence[Sequence[Version]],
    settings: FeedSettings,
    lang: str,
    now: dt.datetime,
) -> list[Published]:
    """The reader's events of every week in the window, each week's versions oldest first."""
    shown: list[Published] = []
    for versions in weeks:
        if not versions:
            continue
        latest = versions[-1]
        first = window_start(now, latest.scenario.timezone, settings.past_weeks)
        if latest.plan.horizon.end < first.date():
            continue
        history = [
            (v.published_at, events_for(reader, v.scenario, v.plan, settings, lang))
            for v in versions
        ]
        shown += [p for p in week_history(history, lang, now) if p.event.end > first]
    return shown


def build_feed(
    reader: Reader,
    weeks: Sequence[Sequence[Version | tuple[dt.datetime, Scenario, Plan]]],
    settings: FeedSettings,
    lang: str,
    now: dt.datetime,
) -> bytes:
    """The feed of a reader from the published versions of each week, oldest first.

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
        name, zone = Wording(lang)("calendar"), HELSINKI
    else:
        name, zone = reader_name(reader, newest.scenario, lang), newest.scenario.timezone
    events = published_events(reader, versions, settings, lang, now)
    return write_feed(name, reader.key, events, settings, zone)
