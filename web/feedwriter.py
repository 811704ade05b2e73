"""`kotoplan feeds` on the database: every reader's feed as the server serves it, as files.

The published history is read as the server reads it (`feedsource`), with the server's own
settings and keys, so each file is the bytes a client downloads at the same moment: the
same UIDs, SEQUENCEs and cancellations, version after version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import sqlalchemy as sa
from sqlalchemy.orm import Session

from calendars import Reader, UnknownReader
from calendars.cli import warn, write_feeds
from planner.store import db
from web import feedlinks, feedsource


def feed_config(base_url: str | None, domain: str | None) -> dict[str, object]:
    """The app configuration for a base URL and UID domain given on a command line (else
    the app reads KOTOPLAN_BASE_URL and KOTOPLAN_FEED_DOMAIN itself)."""
    config: dict[str, object] = {}
    if base_url:
        config["BASE_URL"] = base_url.rstrip("/")
    if domain:
        config["FEED_DOMAIN"] = domain
    return config


def every_reader(session: Session) -> list[Reader]:
    """Every reader the database has a feed for: the coordinator, then by kind and id."""
    readers = [Reader("coordinator")]
    for kind, model in feedlinks.READER_KINDS.items():
        if model is not None:
            ids = session.scalars(sa.select(model.id).order_by(model.id))  # type: ignore[attr-defined]
            readers += [Reader(kind, id) for id in ids]
    return readers


def write_database_feeds(
    database: str,
    now: dt.datetime | None,
    out: Path,
    lang: str,
    domain: str | None,
    base_url: str | None,
    include_visit_address: bool,
) -> None:
    """Write OUT/<kind>-<id>.ics for every reader, as served at `now` (default: now)."""
    from web import create_app
    from web import database as web_database
    from web.feeds import settings

    with db.opened(database) as engine:
        db.require_current(engine)
    config: dict[str, object] = {"DATABASE_URL": database, **feed_config(base_url, domain)}
    if include_visit_address:
        config["FEED_INCLUDE_VISIT_ADDRESS"] = True
    app = create_app(config)
    try:
        with app.app_context():
            session = web_database.session()
            feed_settings = settings()
            day = feedsource.feed_day(now or dt.datetime.now(feedsource.ZONE))
            first = feedsource.first_week(day, feed_settings.past_weeks)
            weeks = feedsource.published_weeks(session, first)
            versions = feedsource.versions_of(session, weeks)
            feeds = {}
            for reader in every_reader(session):
                try:
                    built = feedsource.build(
                        session, reader, weeks, feed_settings, lang, day, versions
                    )
                except UnknownReader:
                    continue  # not in any published week's master data
                feeds[reader] = built.body
    finally:
        app.extensions["kotoplan.engine"].dispose()
    write_feeds(out, feeds)
    shown = ", ".join(weeks) or "none"
    click.echo(f"wrote {len(feeds)} feeds to {out}, as served on {day:%Y-%m-%d}; weeks: {shown}")
    coordinator = feeds.get(Reader("coordinator"), b"")
    if b"BEGIN:VEVENT" not in coordinator:
        warn(
            f"every feed is empty: no published week from {first} on holds anything for "
            f"{day:%Y-%m-%d} (a feed shows {feed_settings.past_weeks} weeks back and every "
            "week ahead; see --now)"
        )
