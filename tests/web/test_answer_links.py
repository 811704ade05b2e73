"""Carers' one-click links: a GET only shows, a POST answers once, and only an unchanged shift."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.domain import Shift
from planner.store import models as m
from tests.web import portal
from tests.web.conftest import WEEK, csrf_token, publish_plan
from web.answer import answer_url
from web.shiftlinks import make_token

BASE = "https://kotoplan.example.org"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The portal on SQLite, then on PostgreSQL: stored answers must compare alike on both."""
    yield from portal.app_on(database_url)


@pytest.fixture
def shift(app: Flask, demo_plan_document: dict) -> Shift:
    """A published shift of the partner's carers."""
    publish_plan(app, demo_plan_document)
    found = portal.own_shifts(demo_plan_document)[0]
    start, end = (dt.datetime.fromisoformat(found[key]) for key in ("start", "end"))
    return Shift(
        found["id"], found["carer"], found["partner"], found["session"], found["venue"], start, end
    )


@pytest.fixture
def reader(client: FlaskClient) -> FlaskClient:
    portal.english(client)
    return client


def link(app: Flask, shift: Shift, answer: str = "confirm") -> str:
    """The link's path, as the change notice would hold it."""
    with app.test_request_context():
        url = answer_url(shift, shift.carer, WEEK, answer)
    assert url.startswith(f"{BASE}/r/")
    return url.removeprefix(BASE)


def stored(app: Flask) -> list[tuple[str, str, str | None, str, str | None]]:
    from web import database

    with app.app_context():
        rows = database.session().scalars(sa.select(m.ShiftResponse).order_by(m.ShiftResponse.id))
        return [(r.shift_id, r.status, r.reason, r.responded_by, r.link_id) for r in rows]


def answer(client: FlaskClient, path: str, **fields: str):
    page = client.get(path).get_data(as_text=True)
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    data = {"csrf_token": csrf_token(page), "seen": seen.group(1) if seen else "", **fields}
    return client.post(path, data=data)


def test_a_get_shows_the_shift_and_one_button_and_changes_nothing(
    app: Flask, reader: FlaskClient, shift: Shift
) -> None:
    path = link(app, shift)
    for _ in range(3):  # a mail scanner, a preview, the carer
        response = reader.get(path)
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Will you be there?" in html and "Place: " in html
    assert html.count("<button") == 2  # the answer and the language switch
    assert "Yes, I'll be there" in unescape(html)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert portal.leaks(html, WEEK) == []
    assert stored(app) == []


def test_a_link_answers_once(app: Flask, reader: FlaskClient, shift: Shift) -> None:
    path = link(app, shift)
    page = reader.get(path).get_data(as_text=True)
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_token(page), "seen": seen}
    first = reader.post(path, data=data)
    assert first.status_code == 200
    assert "Your answer is saved: you'll be there." in unescape(first.get_data(as_text=True))
    rows = stored(app)
    assert [(r[0], r[1], r[3]) for r in rows] == [(shift.id, "confirmed", f"carer:{shift.carer}")]
    assert rows[0][4]  # the link's id

    again = reader.get(path).get_data(as_text=True)
    assert "Already answered" in again and 'name="seen"' not in again
    second = reader.post(path, data=data)  # the same form sent again
    assert "Already answered" in second.get_data(as_text=True)
    assert len(stored(app)) == 1


def test_a_decline_link_takes_an_optional_reason(
    app: Flask, reader: FlaskClient, shift: Shift
) -> None:
    path = link(app, shift, "decline")
    assert "You can't come?" in unescape(reader.get(path).get_data(as_text=True))
    done = answer(reader, path, reason="Lapsi sairastui")
    assert "The coordinator will find someone else." in done.get_data(as_text=True)
    assert [r[:3] for r in stored(app)] == [(shift.id, "declined", "Lapsi sairastui")]


def test_a_forged_or_broken_token_is_refused(app: Flask, reader: FlaskClient, shift: Shift) -> None:
    path = link(app, shift)
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for bad in (forged, "/r/nonsense", "/r/" + "A" * 43):
        response = reader.get(bad)
        assert response.status_code == 404, bad
        assert "This link is not valid" in response.get_data(as_text=True)
    with app.test_request_context():
        other_key = make_token(shift.id, shift.carer, WEEK, "confirm", shift.start)
    app.config["SECRET_KEY"] = "another-secret"  # a link signed with someone else's key
    assert reader.get(f"/r/{other_key}").status_code == 404
    assert stored(app) == []


def test_an_expired_link_is_refused(app: Flask, reader: FlaskClient, shift: Shift) -> None:
    path = link(app, shift)
    page = reader.get(path).get_data(as_text=True)
    app.config["CLOCK"] = lambda: shift.start  # the shift has begun
    response = reader.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "seen": "x"}
    assert reader.post(path, data=data).status_code == 410
    assert stored(app) == []


def test_a_link_to_a_shift_that_has_changed_is_refused(
    app: Flask, reader: FlaskClient, shift: Shift, demo_plan_document: dict
) -> None:
    path = link(app, shift)
    page = reader.get(path).get_data(as_text=True)
    publish_plan(app, portal.moved(demo_plan_document, shift.session, 30))
    response = reader.get(path)
    assert response.status_code == 409
    assert "The shift has changed" in response.get_data(as_text=True)
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    posted = reader.post(path, data={"csrf_token": csrf_token(page), "seen": seen})
    assert posted.status_code == 409
    assert stored(app) == []


def test_a_page_answered_after_the_shift_changed_under_it_is_refused(
    app: Flask, reader: FlaskClient, shift: Shift
) -> None:
    path = link(app, shift)
    page = reader.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "seen": "not-what-the-page-showed"}
    assert reader.post(path, data=data).status_code == 409
    assert stored(app) == []


def test_the_partner_sees_the_carer_s_answer(app: Flask, reader: FlaskClient, shift: Shift) -> None:
    from tests.web.conftest import Auth

    answer(reader, link(app, shift, "decline"), reason="Lapsi sairastui")
    Auth(reader).login("partner")
    html = reader.get("/partner/").get_data(as_text=True)
    assert "Reason: Lapsi sairastui" in html
    assert "the carer, by the link in the email" in html
