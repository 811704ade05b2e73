"""Issue 6 done: decline -> re-plan -> publish -> the feeds and the partner's portal show the
new carer, and everyone affected gets exactly one notice, delivered by a real SMTP server.

Every step goes through its route: the partner declines in its portal, the coordinator
re-plans with one click (the carer away at the shift's time, the rest of the week locked, a
run queued), a worker solves the week for real in a child process, and the coordinator
publishes, which writes the notices that the outbox then mails.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.domain.timeparts import WEEKDAYS
from planner.runtime import jobs, mail
from planner.runtime.outbox import send_pending
from planner.runtime.worker import run_job
from planner.store import models as m
from planner.store.plans import published
from tests.smtp import MailServer, Received
from tests.web.conftest import WEEK, Auth, csrf_token, make_app
from tests.web.test_review import save, token
from web import database, feedlinks
from web.feeds import feed_key
from web.portal_notices import notices_for
from web.shiftlinks import read_token

ZONE = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=ZONE)  # the Friday before the week
PARTNER = "par-kemi-srk"  # the partner user's organisation (tests.web.conftest.USERS)


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer()
    running.start()
    yield running
    running.stop()


def publish(client: FlaskClient, version: int) -> None:
    response = client.post(
        f"/plan/{WEEK}/publish", data={"csrf_token": token(client), "version": version}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def holdings(document: dict) -> dict[tuple[str, str], set[tuple]]:
    """What each person holds in a plan: (item, start, end, place) of each of their items."""

    def key(item: dict, place: str) -> tuple:
        start, end = (dt.datetime.fromisoformat(item[k]) for k in ("start", "end"))
        return item["id"], start, end, item[place]

    held: dict[tuple[str, str], set[tuple]] = {}
    for s in document["sessions"]:
        for person in s["facilitators"]:
            held.setdefault(("staff", person), set()).add(key(s, "venue"))
    for v in document["visits"]:
        held.setdefault(("staff", v["staff"]), set()).add(key(v, "place"))
    for shift in document["shifts"]:
        held.setdefault(("carer", shift["carer"]), set()).add(key(shift, "venue"))
        held.setdefault(("partner", shift["partner"]), set()).add(key(shift, "venue"))
    return held


def emails() -> dict[tuple[str, str], str]:
    """Everyone's address in the demo region."""
    doc = demo_document(WEEK)
    found = {("staff", s["id"]): s["email"] for s in doc["staff"]}
    for partner in doc["partners"]:
        found["partner", partner["id"]] = partner["email"]
        found |= {("carer", c["id"]): c["email"] for c in partner["carers"]}
    return found


def feed_events(app: Flask, client: FlaskClient, partner: str) -> list[icalendar.Event]:
    with app.app_context():
        session = database.session()
        path = f"/feeds/{feedlinks.link(session, 'partner', partner, feed_key())}.ics"
        session.commit()
    response = client.get(path)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.get_data()).walk("VEVENT")


def events_of(events: list[icalendar.Event], shift_id: str) -> list[icalendar.Event]:
    return [e for e in events if re.match(rf"{re.escape(shift_id)}(#\d+)?@", str(e["UID"]))]


def pin_a_group(app: Flask, document: dict) -> dict:
    """A shift of the partner whose group meets once a week, at the hour the plan has it.

    The group may meet only then, so planning again must find another carer for it rather
    than move the session to a time when the carer who declined is free.
    """
    sessions = {s["id"]: s for s in document["sessions"]}
    with app.app_context():
        session = database.session()
        for shift in document["shifts"]:
            meeting = sessions[shift["session"]]
            group = session.get(m.Group, meeting["group"])
            if shift["partner"] != PARTNER or group.sessions_per_week != 1:
                continue
            start, end = (dt.datetime.fromisoformat(meeting[k]).astimezone(ZONE) for k in
                          ("start", "end"))  # fmt: skip
            group.windows = {WEEKDAYS[start.weekday()]: [f"{start:%H:%M}-{end:%H:%M}"]}
            session.commit()
            return shift
    raise AssertionError(f"no shift of {PARTNER} in a group that meets once a week")


def decline_and_replan(app: Flask, coordinator: FlaskClient, shift: dict) -> None:
    """The partner declines the shift in its portal; the coordinator re-plans with one click.

    The re-plan marks the carer away at the shift's time, locks the rest of the week and
    queues a run, which a worker solves for real in a child process.
    """
    partner = app.test_client()
    Auth(partner).login("partner")
    page = partner.get("/partner/").get_data(as_text=True)
    declined = partner.post(
        f"/partner/shifts/{WEEK}/decline",
        data={"csrf_token": csrf_token(page), "shift": shift["id"], "reason": "sairas"},
    )
    assert declined.status_code == 302
    replan = coordinator.post(
        f"/plan/{WEEK}/declines/replan",
        data={"csrf_token": token(coordinator), "shift": shift["id"]},
    )
    assert replan.status_code == 302
    with app.app_context():
        session = database.session()
        job = jobs.claim_next(session, "test-worker")
        session.commit()
    assert job is not None
    assert run_job(app.config["DATABASE_URL"], job.id) == jobs.DONE


def by_recipient(messages: list[Received]) -> dict[str, Received]:
    found = {r.to: r for r in messages}
    assert len(found) == len(messages), "somebody got two notices"
    return found


def test_decline_replan_publish_shows_the_new_carer_and_tells_each_person_once(
    database_url: str, server: MailServer, demo_plan_document: dict
) -> None:
    app = make_app(database_url, CLOCK=lambda: NOW, SOLVE_TIME_LIMIT=5.0, **server.config())
    smtp = mail.smtp_settings(app.config, prefix="SMTP_")
    assert smtp is not None
    engine = app.extensions["kotoplan.engine"]
    client = app.test_client()
    Auth(client).login()

    declined = pin_a_group(app, demo_plan_document)
    # The week is published: everyone with an item hears their week, once.
    save(app, demo_plan_document)
    publish(client, 1)
    first = send_pending(engine, smtp)
    everyone = {emails()[key] for key in holdings(demo_plan_document)}
    assert first.sent == len(everyone)
    assert set(by_recipient(server.inbox.messages)) == everyone
    server.inbox.clear()

    decline_and_replan(app, client, declined)
    publish(client, 2)  # the re-plan's draft: only the newest draft can be published
    with app.app_context():
        second = published(database.session(), WEEK).document

    # The shift's session has another carer now, and the carer who declined is off it.
    session_id = declined["session"]
    after = {s["carer"]: s for s in second["shifts"] if s["session"] == session_id}
    before = {s["carer"] for s in demo_plan_document["shifts"] if s["session"] == session_id}
    assert declined["carer"] not in after
    newcomers = sorted(set(after) - before)
    assert newcomers, "the re-plan found no other carer for the declined shift"

    # Each affected person gets exactly one notice, and nobody else gets any.
    old, new = holdings(demo_plan_document), holdings(second)
    affected = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    assert ("carer", declined["carer"]) in affected and ("partner", PARTNER) in affected
    done = send_pending(engine, smtp)
    assert done.sent == len(affected)
    received = by_recipient(server.inbox.messages)
    assert set(received) == {emails()[key] for key in affected}
    assert send_pending(engine, smtp).sent == 0 and len(server.inbox.messages) == len(affected)

    gone = received[emails()["carer", declined["carer"]]].body
    assert "Siirtyi toiselle – Lastenhoito" in gone or "Peruttu – Lastenhoito" in gone
    assert "Tulen: " not in gone
    links = []
    for carer in newcomers:
        message = received[emails()["carer", carer]]
        assert "Uusi – Lastenhoito" in message.body
        link = re.search(r"Tulen: (\S+/r/(\S+))", message.body)
        assert link is not None
        links.append(link.group(1))
        with app.app_context():
            answer = read_token(link.group(2), now=NOW)
        assert (answer.shift_id, answer.carer_id, answer.answer) == (
            after[carer]["id"], carer, "confirm"
        )  # fmt: skip

    # The feeds: the new carer's shift is there, the declined one is gone or cancelled.
    names = {c["id"]: c["name"] for p in demo_document(WEEK)["partners"] for c in p["carers"]}
    old_events = events_of(feed_events(app, client, PARTNER), declined["id"])
    assert all(str(e.get("STATUS")) == "CANCELLED" for e in old_events)
    for carer in newcomers:
        shift = after[carer]
        (event,) = events_of(feed_events(app, client, shift["partner"]), shift["id"])
        assert names[carer] in str(event["SUMMARY"]) and str(event.get("STATUS")) != "CANCELLED"

    # The partner's portal shows the new carer on the shift; the carer's link opens it.
    partner = app.test_client()
    Auth(partner).login("partner")
    portal = partner.get(f"/partner/weeks/{WEEK}").get_data(as_text=True)
    assert all(names[carer] in portal for carer in newcomers if after[carer]["partner"] == PARTNER)
    assert all(app.test_client().get(url).status_code == 200 for url in links)

    # The partner's portal lists the notice too, as sent.
    with app.app_context():
        latest = notices_for(database.session(), "partner", PARTNER)[0]
        assert (latest.version, latest.status) == (2, "sent")
    engine.dispose()
