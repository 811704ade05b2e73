"""A feed from the database: the published versions of each week, as the server serves them.

One source for `GET /feeds/<token>.ics` and `kotoplan feeds`, so a feed written to a file
is byte for byte the feed a client downloads at the same moment. Nothing here knows HTTP:
the caller opens the session and passes the settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from calendars import FeedSettings, Reader, Version
from calendars.build import render_feed
from planner.domain.childcare import judged_on
from planner.domain.timeparts import iso_week
from planner.formats.plan import load_plan
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.plans import PUBLISHED

ZONE = ZoneInfo("Europe/Helsinki")
# Changes to plans reach a feed through its versions; any other change is to master data.
PLAN_KINDS = ("plan", "plan_lock")
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# The published versions of each week: (version id, published at), oldest first.
Published = dict[str, list[tuple[int, dt.datetime]]]


class Built(NamedTuple):
    """A feed's bytes, its ETag (of the bytes) and when those bytes last changed."""

    body: bytes
    etag: str
    last_modified: dt.datetime


def feed_day(now: dt.datetime) -> dt.datetime:
    """The moment a feed is built as of: local midnight, so a feed changes once a day at most
    (cancelled events stay until their day has passed)."""
    return dt.datetime.combine(now.astimezone(ZONE).date(), dt.time(), ZONE)


def first_week(day: dt.datetime, past_weeks: int) -> str:
    """The oldest week a feed is built from: the window's first week and the one before it,
    whose events left the feed when the window last moved on (that is a change too)."""
    return iso_week(day.date() - dt.timedelta(weeks=past_weeks + 1))


def published_weeks(session: Session, first: str) -> Published:
    """The keys of the published versions of every week from `first` on; the plans
    themselves are read only when a feed has to be built."""
    rows = session.execute(
        sa.select(m.PlanVersion.week, m.PlanVersion.id, m.PlanVersion.published_at)
        .where(m.PlanVersion.status == PUBLISHED, m.PlanVersion.week >= first)
        .order_by(m.PlanVersion.week, m.PlanVersion.published_at, m.PlanVersion.version)
    )
    weeks: Published = {}
    for week, id, published_at in rows:
        weeks.setdefault(week, []).append((id, aware(published_at)))
    return weeks


def master_changed(session: Session) -> dt.datetime | None:
    """The last change to master data: names and places in every feed's words come from it."""
    newest = session.scalar(
        sa.select(sa.func.max(m.Change.at)).where(m.Change.kind.not_in(PLAN_KINDS))
    )
    return aware(newest) if newest is not None else None


def versions_of(session: Session, weeks: Published) -> list[list[Version]]:
    """Every week's published plans, each with the week's scenario from today's master data."""
    versions = []
    for week, keys in weeks.items():
        scenario = export_scenario(session, week, today=judged_on(week))
        documents = {
            row.id: row.document
            for row in session.scalars(
                sa.select(m.PlanVersion).where(m.PlanVersion.id.in_([id for id, _ in keys]))
            )
        }
        versions.append(
            [Version(published, scenario, load_plan(documents[id])) for id, published in keys]
        )
    return versions


def build(
    session: Session,
    reader: Reader,
    weeks: Published,
    settings: FeedSettings,
    lang: str,
    day: dt.datetime,
    versions: list[list[Version]] | None = None,
) -> Built:
    """A reader's feed as of `day`, its ETag, and its Last-Modified: the newest change among
    its own events (cancellations and events that left it included) or to master data.

    A publish that changes nothing of the reader's leaves Last-Modified where it was.
    """
    if versions is None:
        versions = versions_of(session, weeks)
    feed = render_feed(reader, versions, settings, lang, day)
    modified = feed.modified
    if modified is None:  # never an event: only the name can have changed, with a publish
        modified = max((p for keys in weeks.values() for _, p in keys), default=NEVER)
    modified = max(modified, master_changed(session) or NEVER)
    etag = hashlib.sha256(feed.body).hexdigest()[:32]
    return Built(feed.body, etag, modified.replace(microsecond=0))


def aware(value: dt.datetime) -> dt.datetime:
    """A time from the database with its zone: SQLite hands back naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
