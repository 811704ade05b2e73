"""Calendar feeds over HTTP: `GET`/`HEAD /feeds/<token>.ics`, for every calendar client.

Only published plans are served. A feed is built once per (reader, language, published
versions, master data, day) and kept in a small in-process cache; unchanged data gives
byte-identical bytes, so the ETag and Last-Modified let clients ask cheaply (304). The
token is a secret: it is never written to a log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, make_response, request
from sqlalchemy.orm import Session

from calendars import FeedSettings, Reader, UnknownReader, Version, build_feed
from planner.plan import load_plan
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.plans import PUBLISHED
from planner.timeparts import iso_week, week_dates
from web import database, feedlinks
from web.errors import answer

bp = Blueprint("feeds", __name__)
ZONE = ZoneInfo("Europe/Helsinki")
CACHE = "kotoplan.feed_cache"
CACHE_SIZE = 512
TOKEN_IN_PATH = re.compile(r"/feeds/[^/\s?]+\.ics")


@dataclass(frozen=True)
class Built:
    body: bytes
    etag: str
    last_modified: dt.datetime


class FeedCache:
    """The most recently used feeds, keyed by everything a feed is made of."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[tuple, Built] = OrderedDict()
        self.lock = threading.Lock()
        self.builds = 0

    def get(self, key: tuple) -> Built | None:
        with self.lock:
            built = self.entries.get(key)
            if built is not None:
                self.entries.move_to_end(key)
            return built

    def put(self, key: tuple, built: Built) -> None:
        with self.lock:
            self.builds += 1
            self.entries[key] = built
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class RedactFeedTokens(logging.Filter):
    """Keeps feed tokens out of request logs (werkzeug's development server logs paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = TOKEN_IN_PATH.sub("/feeds/<token>.ics", str(record.msg))
        if record.args:
            record.args = tuple(
                TOKEN_IN_PATH.sub("/feeds/<token>.ics", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True


def init_app(app: Flask) -> None:
    """The feed cache, the log filter and the feeds blueprint."""
    app.extensions[CACHE] = FeedCache()
    logging.getLogger("werkzeug").addFilter(RedactFeedTokens())
    app.register_blueprint(bp)


def _derived(name: str) -> str:
    """A key of its own for one purpose, derived from the app's secret key."""
    configured = current_app.config.get(name)
    if configured:
        return configured
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, name.encode(), hashlib.sha256).hexdigest()


def feed_key() -> str:
    """The key that feed link tokens are made with."""
    return _derived("FEED_KEY")


def settings() -> FeedSettings:
    """This installation's feed settings, from the app's configuration."""
    return FeedSettings(
        domain=current_app.config["FEED_DOMAIN"],
        base_url=current_app.config["BASE_URL"],
        secret=_derived("FEED_SECRET"),
        include_visit_address=bool(current_app.config["FEED_INCLUDE_VISIT_ADDRESS"]),
    )


def feed_url(token: str) -> str:
    """The https URL of a feed token."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/feeds/{token}.ics"


def _published(session: Session, first_week: str) -> dict[str, list[tuple[int, dt.datetime]]]:
    """(id, published_at) of the published versions of every week from `first_week` on.

    Only the keys: the plans themselves are read when a feed has to be built.
    """
    rows = session.execute(
        sa.select(m.PlanVersion.week, m.PlanVersion.id, m.PlanVersion.published_at)
        .where(m.PlanVersion.status == PUBLISHED, m.PlanVersion.week >= first_week)
        .order_by(m.PlanVersion.week, m.PlanVersion.published_at, m.PlanVersion.version)
    )
    weeks: dict[str, list[tuple[int, dt.datetime]]] = {}
    for week, id, published_at in rows:
        weeks.setdefault(week, []).append((id, _aware(published_at)))
    return weeks


def _build(
    session: Session,
    reader: Reader,
    weeks: dict[str, list[tuple[int, dt.datetime]]],
    lang: str,
    now: dt.datetime,
    changed: dt.datetime,
) -> Built:
    versions = []
    for week, keys in weeks.items():
        monday, _ = week_dates(week)
        scenario = export_scenario(session, week, today=max(dt.date.today(), monday))
        documents = {
            row.id: row.document
            for row in session.scalars(
                sa.select(m.PlanVersion).where(m.PlanVersion.id.in_([id for id, _ in keys]))
            )
        }
        versions.append(
            [Version(published, scenario, load_plan(documents[id])) for id, published in keys]
        )
    body = build_feed(reader, versions, settings(), lang, now)
    newest = max([changed, *(published for keys in weeks.values() for _, published in keys)])
    etag = hashlib.sha256(body).hexdigest()[:32]
    return Built(body, etag, newest.replace(microsecond=0))


@bp.route("/feeds/<token>.ics", methods=["GET", "HEAD"])
def feed(token: str):
    """A reader's feed; 404 for an unknown link, 410 for a replaced one."""
    session = database.session()
    row = feedlinks.find(session, token)
    if row is None:
        return answer(404, "No calendar has this address.")
    if row.replaced_at is not None:
        return answer(410, "This calendar address has been replaced; subscribe again.")
    reader = Reader(row.reader_kind, row.reader_id)
    lang = request.args.get("lang", "fi")
    if lang not in ("fi", "en"):
        return answer(400, "lang: must be fi or en")
    clock = current_app.config.get("CLOCK") or (lambda: dt.datetime.now(ZONE))
    now = clock().astimezone(ZONE)
    # Cancelled events stay until their day has passed: the feed changes once a day at most.
    today = dt.datetime.combine(now.date(), dt.time(), ZONE)
    first_week = iso_week(today.date() - dt.timedelta(weeks=settings().past_weeks))
    weeks = _published(session, first_week)
    last_change = session.execute(
        sa.select(m.Change.id, m.Change.at).order_by(m.Change.id.desc()).limit(1)
    ).first()
    key = (
        reader,
        lang,
        tuple((week, tuple(id for id, _ in keys)) for week, keys in weeks.items()),
        last_change.id if last_change else 0,
        today.date(),
    )
    cache: FeedCache = current_app.extensions[CACHE]
    built = cache.get(key)
    if built is None:
        changed = _aware(last_change.at) if last_change else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        try:
            built = _build(session, reader, weeks, lang, today, changed)
        except UnknownReader:
            return answer(410, "This calendar's owner is no longer in the plan.")
        cache.put(key, built)
    response = make_response(built.body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="kotoplan.ics"'
    response.headers["Cache-Control"] = "private"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(built.etag)
    response.last_modified = built.last_modified
    return response.make_conditional(request)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for values stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
