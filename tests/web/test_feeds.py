"""Feeds over real HTTP: conditional GET, HEAD, replaced links, published plans only."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa
from flask import Flask

from planner.store import models as m
from tests.web.conftest import LiveServer, publish_plan
from web import database, feedlinks
from web.feeds import CACHE, RedactFeedTokens, feed_key

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["CLOCK"] = lambda: NOW
    return app


def new_link(app: Flask, kind: str, reader: str | None) -> str:
    with app.app_context():
        session = database.session()
        token = feedlinks.issue(session, kind, reader, feed_key())
        session.commit()
    return f"/feeds/{token}.ics"


def published_at(app: Flask, version: int, moment: dt.datetime) -> None:
    """Date a published version of the demo week, and every change so far, back to `moment`,
    before the test's clock (the database was made and published at the real time)."""
    with app.app_context():
        session = database.session()
        row = session.scalar(sa.select(m.PlanVersion).where(m.PlanVersion.version == version))
        row.published_at = moment.astimezone(dt.UTC)
        session.execute(sa.update(m.Change).values(at=moment.astimezone(dt.UTC)))
        session.commit()


def events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_a_published_plan_is_served_as_a_calendar(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    path = new_link(app, "staff", "s-hanna")
    status, headers, body = live.request("GET", path)  # no Accept header, as Google asks
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["Cache-Control"] == "private"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["ETag"] and headers["Last-Modified"]
    staff_items = [s for s in demo_plan_document["sessions"] if "s-hanna" in s["facilitators"]] + [
        v for v in demo_plan_document["visits"] if v["staff"] == "s-hanna"
    ]
    uids = {str(e["UID"]) for e in events(body)}
    assert {f"{i['id']}@kotoplan.example.org" for i in staff_items} <= uids


def test_head_answers_the_same_headers_without_a_body(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    path = new_link(app, "venue", "v-mikseri")
    _, got, body = live.request("GET", path)
    status, head, head_body = live.request("HEAD", path)
    assert status == 200 and head_body == b""
    assert head["ETag"] == got["ETag"] and head["Content-Length"] == str(len(body))


def test_conditional_requests_get_304_until_a_new_version_is_published(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    path = new_link(app, "partner", "par-kemi-srk")
    _, headers, body = live.request("GET", path)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert live.request("GET", path, {"If-None-Match": etag})[0] == 304
    assert live.request("GET", path, {"If-Modified-Since": modified})[0] == 304
    assert live.request("GET", path)[2] == body  # unchanged data, the same bytes
    assert app.extensions[CACHE].builds == 1

    moved = copy.deepcopy(demo_plan_document)
    shift = next(s for s in moved["shifts"] if s["partner"] == "par-kemi-srk")
    moved["shifts"] = [s for s in moved["shifts"] if s["id"] != shift["id"]]
    session = next(s for s in moved["sessions"] if s["id"] == shift["session"])
    session["carers"] = [c for c in session["carers"] if c != shift["carer"]]
    publish_plan(app, moved)
    status, _, new_body = live.request("GET", path, {"If-None-Match": etag})
    assert status == 200
    (cancelled,) = [e for e in events(new_body) if str(e["UID"]).startswith(shift["id"] + "@")]
    assert cancelled["STATUS"] == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1


def test_a_replaced_link_answers_410_and_the_new_one_works(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    old = new_link(app, "carer", "c-aino")
    assert live.request("GET", old)[0] == 200
    new = new_link(app, "carer", "c-aino")
    status, headers, body = live.request("GET", old)
    assert status == 410 and headers["Content-Type"] == "application/json"
    assert b"replaced" in body
    assert live.request("GET", new)[0] == 200


def test_an_unknown_link_is_404(live: LiveServer) -> None:
    status, _, body = live.request("GET", "/feeds/" + "A" * 43 + ".ics")
    assert status == 404 and b"error" in body


def test_drafts_are_never_served(app: Flask, live: LiveServer, demo_plan_document: dict) -> None:
    from planner.store.plans import save_draft

    path = new_link(app, "coordinator", None)
    with app.app_context():
        save_draft(database.session(), demo_plan_document, "test")
        database.session().commit()
    status, _, body = live.request("GET", path)
    assert status == 200 and events(body) == []
    publish_plan(app, demo_plan_document)
    published = live.request("GET", path)[2]
    assert events(published)
    later = copy.deepcopy(demo_plan_document)
    later["sessions"][0]["start"], later["sessions"][0]["end"] = (
        later["sessions"][1]["start"],
        later["sessions"][1]["end"],
    )
    with app.app_context():
        save_draft(database.session(), later, "test")  # a newer draft changes nothing
        database.session().commit()
    assert live.request("GET", path)[2] == published


def test_tokens_are_long_random_stored_as_hashes_and_short_in_urls(app: Flask) -> None:
    path = new_link(app, "group", "g-arki-kemi")
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    assert len(token) >= 22  # 128 bits in URL-safe base64; these carry 256
    assert len(f"{app.config['BASE_URL']}{path}") < 256
    with app.app_context():
        rows = database.session().scalars(sa.select(m.FeedToken)).all()
        stored = " ".join(f"{r.token_hash} {r.salt}" for r in rows)
    assert token not in stored


def test_feed_tokens_never_reach_the_logs(
    app: Flask, live: LiveServer, demo_plan_document: dict, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    publish_plan(app, demo_plan_document)
    path = new_link(app, "staff", "s-hanna")
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    live.request("GET", path)
    new_link(app, "staff", "s-hanna")
    live.request("GET", path)  # 410
    live.request("GET", path.replace(token[:5], "zzzzz"))  # 404
    assert token not in caplog.text
    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, '"GET %s HTTP/1.1" 200', (path,), None
    )
    RedactFeedTokens().filter(record)
    assert token not in record.getMessage()


def test_a_malformed_token_is_refused_without_a_crash(live: LiveServer) -> None:
    for path in ("/feeds/x.ics", "/feeds/" + "%C3%A9" * 30 + ".ics", "/feeds/%00%ff.ics"):
        assert live.request("GET", path)[0] == 404


def test_last_modified_is_the_newest_change_of_the_feed_s_own_events(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    path = new_link(app, "venue", "v-mikseri")
    with app.app_context():
        published = database.session().scalar(sa.select(sa.func.max(m.PlanVersion.published_at)))
    published = published.replace(tzinfo=dt.UTC, microsecond=0)
    _, headers, body = live.request("GET", path)
    assert headers["Last-Modified"] == format_datetime(published, usegmt=True)
    # Issue 13: a publish that changes nothing of this venue's leaves its feed as it was.
    later = copy.deepcopy(demo_plan_document)
    dropped = next(v for v in later["visits"] if v["place"] == "home")
    later["visits"].remove(dropped)
    publish_plan(app, later)
    assert live.request("GET", path, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    _, again, same = live.request("GET", path)
    assert again["Last-Modified"] == headers["Last-Modified"] and same == body


def test_a_cancelled_event_leaving_the_feed_is_a_change(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    # Issue 13: once a cancelled shift is over it leaves the body, and If-Modified-Since
    # must not answer 304 to a client that still holds it.
    published_at(app, publish_plan(app, demo_plan_document), NOW - dt.timedelta(hours=2))
    path = new_link(app, "partner", "par-kemi-srk")
    moved = copy.deepcopy(demo_plan_document)
    shift = min(
        (s for s in moved["shifts"] if s["partner"] == "par-kemi-srk"), key=lambda s: s["end"]
    )
    moved["shifts"].remove(shift)
    session = next(s for s in moved["sessions"] if s["id"] == shift["session"])
    session["carers"].remove(shift["carer"])
    published_at(app, publish_plan(app, moved), NOW - dt.timedelta(hours=1))
    _, headers, body = live.request("GET", path)
    (cancelled,) = [e for e in events(body) if str(e["UID"]).startswith(shift["id"] + "@")]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    ends = dt.datetime.fromisoformat(shift["end"]).astimezone(NOW.tzinfo)
    app.config["CLOCK"] = lambda: ends + dt.timedelta(days=1)
    status, later, new_body = live.request(
        "GET", path, {"If-Modified-Since": headers["Last-Modified"]}
    )
    assert status == 200
    assert not any(str(e["UID"]).startswith(shift["id"] + "@") for e in events(new_body))
    midnight = dt.datetime.combine(ends.date() + dt.timedelta(days=1), dt.time(), NOW.tzinfo)
    assert later["Last-Modified"] == format_datetime(midnight.astimezone(dt.UTC), usegmt=True)
    assert later["ETag"] != headers["ETag"]


def test_an_interpreter_has_a_feed_of_her_own(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    # Issue 13: interpreters were planned but had no feed.
    publish_plan(app, demo_plan_document)
    theirs = [s for s in demo_plan_document["sessions"] if "i-hassan" in s["interpreters"]]
    theirs += [v for v in demo_plan_document["visits"] if v["interpreter"] == "i-hassan"]
    assert theirs, "the demo week has work for its interpreter"
    status, _, body = live.request("GET", new_link(app, "interpreter", "i-hassan"))
    assert status == 200
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Kotoplan – Hassan Esimerkki"
    uids = {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")}
    assert {i["id"] for i in theirs} <= uids
    assert all(not uid.startswith("travel/") or "/i-hassan/" in uid for uid in uids)
    assert b"/visits/" not in body
