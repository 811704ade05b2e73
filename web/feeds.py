"""Calendar feeds over HTTP: `GET`/`HEAD /feeds/<token>.ics`, for every calendar client.

Only published plans are served, built by `feedsource` (as `kotoplan feeds` builds them).
A feed is built once per (reader, language, published versions, changes, day) and kept in a
small in-process cache; unchanged data gives byte-identical bytes. The ETag is of the bytes
and Last-Modified the newest change among the feed's own events, so clients ask cheaply
(304) and a publish that changes nothing of theirs costs them nothing. The token is a
secret: it is never written to a log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import threading
from collections import OrderedDict

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, make_response, request

from calendars import FeedSettings, Reader, UnknownReader
from planner.store import models as m
from web import database, feedlinks, feedsource
from web.errors import answer
from web.feedsource import ZONE, Built

bp = Blueprint("feeds", __name__)
CACHE = "kotoplan.feed_cache"
CACHE_SIZE = 512
TOKEN_IN_PATH = re.compile(r"/feeds/[^/\s?]+\.ics")


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
    day = feedsource.feed_day(clock())
    weeks = feedsource.published_weeks(session, feedsource.first_week(day, settings().past_weeks))
    last_change = session.scalar(sa.select(sa.func.max(m.Change.id)))
    key = (
        reader,
        lang,
        tuple((week, tuple(id for id, _ in keys)) for week, keys in weeks.items()),
        last_change or 0,
        day.date(),
    )
    cache: FeedCache = current_app.extensions[CACHE]
    built = cache.get(key)
    if built is None:
        try:
            built = feedsource.build(session, reader, weeks, settings(), lang, day)
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
