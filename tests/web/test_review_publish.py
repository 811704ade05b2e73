"""Publishing from the review, and planning the week again around its locks."""

from __future__ import annotations

import copy
import datetime as dt

import icalendar
from flask import Flask
from flask.testing import FlaskClient

from planner.store import models as m
from planner.store.plans import published
from tests.web.conftest import WEEK, Auth
from tests.web.test_review import save, stored_versions, token
from web import database, feedlinks
from web.feeds import feed_key

PAGE = f"/plan/{WEEK}"


def publish(client: FlaskClient, version: int):
    return client.post(f"{PAGE}/publish", data={"csrf_token": token(client), "version": version})


def published_version(app: Flask) -> int | None:
    with app.app_context():
        row = published(database.session(), WEEK)
        return row.version if row else None


def failed(document: dict) -> dict:
    """A failed plan, as the solver writes one when a locked item breaks a rule."""
    ref = document["sessions"][0]["id"]
    error = {"ref": ref, "rule": "H6", "text": f"the locked session {ref} breaks H6"}
    empty = dict.fromkeys(("sessions", "shifts", "visits", "travel", "unplaced", "changes"), [])
    return (
        copy.deepcopy(document)
        | empty
        | {
            "status": "failed",
            "errors": [error],
            "objective": None,
            "bound": None,
            "cost": {},
        }
    )


def test_publishing_makes_the_draft_the_published_version_once(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "Publish version 1" in page
    response = publish(client, 1)
    assert response.status_code == 302
    assert published_version(app) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1 is published" in page and "This is the published version." in page
    again = publish(client, 1)
    assert again.status_code == 409
    assert "Version 1 is already published." in again.get_data(as_text=True)
    assert stored_versions(app) == [(1, "published")]


def test_feeds_serve_the_version_once_it_is_published(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    with app.app_context():
        session = database.session()
        path = f"/feeds/{feedlinks.issue(session, 'staff', 's-hanna', feed_key())}.ics"
        session.commit()
    hanna = {s["id"] for s in demo_plan_document["sessions"] if "s-hanna" in s["facilitators"]}

    def uids() -> set[str]:
        body = client.get(path).get_data()
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return {str(event["UID"]).split("@")[0] for event in events}

    assert not hanna & uids()  # a draft is never served
    auth.login()
    publish(client, 1)
    assert hanna <= uids()


def test_only_the_newest_draft_is_published(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    save(app, demo_plan_document)
    auth.login()
    response = publish(client, 1)
    assert response.status_code == 409
    assert "Version 1 is not the newest draft of this week" in response.get_data(as_text=True)
    assert published_version(app) is None
    assert publish(client, 7).status_code == 404


def test_a_failed_plan_is_shown_with_its_errors_and_never_published(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, failed(demo_plan_document))
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "Planning failed" in page and "breaks H6" in page
    assert "Publish version" not in page
    response = publish(client, 1)
    assert response.status_code == 409
    assert "Version 1 is a failed plan and cannot be published." in response.get_data(as_text=True)
    assert published_version(app) is None


def test_a_plan_that_breaks_a_rule_against_today_s_master_data_is_not_published(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    first = dt.datetime.fromisoformat(demo_plan_document["sessions"][0]["start"]).date()
    with app.app_context():
        database.session().add(m.ClosedDate(date=first))  # closed after the plan was made
        database.session().commit()
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "this version breaks" in page and '<span class="rule" title="H2">Calendar</span>' in page
    response = publish(client, 1)
    assert response.status_code == 409
    assert "change it or plan the week again before publishing" in response.get_data(as_text=True)
    assert published_version(app) is None
