"""The partner portal's shifts: only its own, nobody's name, confirmed or declined with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.store import models as m
from tests.web import portal
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield from portal.app_at(tmp_path)


@pytest.fixture
def published(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return demo_plan_document


@pytest.fixture
def partner(client: FlaskClient, auth: Auth) -> FlaskClient:
    """The partner user, logged in, reading English."""
    auth.login("partner")
    portal.english(client)
    return client


def answers(app: Flask) -> list[m.ShiftResponse]:
    from web import database

    with app.app_context():
        session = database.session()
        rows = list(session.scalars(sa.select(m.ShiftResponse).order_by(m.ShiftResponse.id)))
        session.expunge_all()  # still readable once the request's session is closed
        return rows


def post_answer(client: FlaskClient, action: str, shift_id: str, **fields: str):
    page = client.get("/partner/").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "shift": shift_id, "back": "list", **fields}
    return client.post(f"/partner/shifts/{WEEK}/{action}", data=data)


def carer_names(partner_ids: set[str]) -> set[str]:
    partners = demo_document(WEEK)["partners"]
    return {c["name"] for p in partners if p["id"] in partner_ids for c in p["carers"]}


def test_a_partner_sees_its_own_coming_shifts_and_no_one_else_s(
    partner: FlaskClient, published: dict
) -> None:
    mine = portal.own_shifts(published)
    others = [s for s in published["shifts"] if s["partner"] != portal.PARTNER]
    assert mine and others
    strangers = carer_names({s["partner"] for s in others})
    for path in ("/partner/", f"/partner/weeks/{WEEK}"):
        page = partner.get(path).get_data(as_text=True)
        assert page.count('class="shift-card') == len(mine), path
        assert {s["id"] for s in mine} <= set(portal.shift_ids(page)), path
        assert not {s["id"] for s in others} & set(portal.shift_ids(page)), path
        assert [name for name in strangers if name in page] == [], path


def test_a_shift_shows_venue_times_with_buffers_group_children_and_languages(
    partner: FlaskClient, published: dict
) -> None:
    html = partner.get("/partner/").get_data(as_text=True)
    shift = portal.own_shifts(published)[0]
    start = dt.datetime.fromisoformat(shift["start"])
    end = dt.datetime.fromisoformat(shift["end"])
    assert f"{start.hour}.{start.minute:02d}–{end.hour}.{end.minute:02d}" in html  # buffers
    assert "Place: " in html and "94100 Kemi" in html  # venue and address
    assert "The group meets" in html  # the session inside the shift's buffers
    assert "Children: under 1:" in html and "Languages of the families:" in html
    assert "Childcare: " in html and "Not answered yet" in html


def test_no_partner_page_shows_a_participant_or_a_child(
    partner: FlaskClient, published: dict
) -> None:
    shift = portal.own_shifts(published)[0]
    post_answer(partner, "decline", shift["id"], reason="Sairas")
    for path in (
        "/partner/",
        f"/partner/weeks/{WEEK}",
        "/partner/carers",
        f"/partner/carers/{shift['carer']}",
    ):
        response = partner.get(path)
        assert response.status_code == 200, path
        assert portal.leaks(response.get_data(as_text=True), WEEK) == [], path


def test_confirm_and_decline_with_a_reason(
    app: Flask, partner: FlaskClient, published: dict
) -> None:
    first, second = portal.own_shifts(published)[:2]
    assert post_answer(partner, "confirm", first["id"]).status_code == 302
    refused = post_answer(partner, "decline", second["id"], reason="  ")
    assert refused.status_code == 400
    assert "Say why the carer cannot come." in refused.get_data(as_text=True)
    assert post_answer(partner, "decline", second["id"], reason="Flunssa").status_code == 302

    stored = {a.shift_id: a for a in answers(app)}
    assert set(stored) == {first["id"], second["id"]}
    assert stored[first["id"]].status == "confirmed"
    assert (stored[second["id"]].status, stored[second["id"]].reason) == ("declined", "Flunssa")
    assert stored[second["id"]].responded_by == "partner:seurakunta"
    html = partner.get("/partner/").get_data(as_text=True)
    assert "1 confirmed" in html and "1 declined" in html
    assert "Reason: Flunssa" in html and "Confirm after all" in html


def test_the_latest_answer_counts_and_only_while_the_shift_is_unchanged(
    app: Flask, partner: FlaskClient, published: dict
) -> None:
    shift = portal.own_shifts(published)[0]
    post_answer(partner, "decline", shift["id"], reason="Flunssa")
    post_answer(partner, "confirm", shift["id"])
    html = partner.get("/partner/").get_data(as_text=True)
    assert "Flunssa" not in html and "1 confirmed" in html  # confirmed after all

    publish_plan(app, portal.moved(published, shift["session"], 60))
    html = partner.get("/partner/").get_data(as_text=True)
    assert "0 confirmed" in html
    assert "The shift changed after the last answer, so it needs a new one." in html


def test_a_partner_cannot_answer_another_organisation_s_shift(
    app: Flask, partner: FlaskClient, published: dict
) -> None:
    other = next(s for s in published["shifts"] if s["partner"] != portal.PARTNER)
    assert post_answer(partner, "confirm", other["id"]).status_code == 404
    assert post_answer(partner, "decline", other["id"], reason="x").status_code == 404
    assert post_answer(partner, "confirm", "no-such-shift").status_code == 404
    assert answers(app) == []


def test_a_begun_shift_cannot_be_answered(
    app: Flask, partner: FlaskClient, published: dict
) -> None:
    shift = portal.own_shifts(published)[0]
    app.config["CLOCK"] = lambda: dt.datetime.fromisoformat(shift["start"])
    page = partner.get(f"/partner/weeks/{WEEK}").get_data(as_text=True)
    assert "This shift has begun; it can no longer be answered." in page
    data = {"csrf_token": csrf_token(page), "shift": shift["id"], "back": "week"}
    assert partner.post(f"/partner/shifts/{WEEK}/confirm", data=data).status_code == 409
    assert answers(app) == []


def test_only_partners_open_the_portal(client: FlaskClient, auth: Auth, published: dict) -> None:
    assert "/login" in client.get("/partner/").headers["Location"]
    for role in ("coordinator", "staff"):
        auth.login(role)
        assert client.get("/partner/").status_code == 403
        assert client.get("/partner/carers").status_code == 403
        auth.logout()
    auth.login("partner")
    assert client.get("/").headers["Location"].endswith("/partner/")


def test_drafts_are_never_shown(app: Flask, partner: FlaskClient, demo_plan_document: dict) -> None:
    from planner.store.plans import save_draft
    from web import database

    with app.app_context():
        save_draft(database.session(), demo_plan_document, "test")
        database.session().commit()
    html = partner.get("/partner/").get_data(as_text=True)
    assert 'class="shift-card' not in html and "No coming shifts" in html
    week = partner.get(f"/partner/weeks/{WEEK}").get_data(as_text=True)
    assert "This week is not published yet" in week
    assert partner.get("/partner/weeks/2026-W99").status_code == 404
