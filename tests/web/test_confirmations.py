"""The coordinator sees who confirmed, declined or has not answered, and re-plans a decline."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.store import models as m
from tests.web import portal
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan

ZONE = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The portal on SQLite, then on PostgreSQL: stored answers must compare alike on both."""
    yield from portal.app_on(database_url)


@pytest.fixture
def answered(app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict):
    """The week published; the partner confirmed its first shift and declined its second."""
    publish_plan(app, demo_plan_document)
    confirmed, declined = portal.own_shifts(demo_plan_document)[:2]
    auth.login("partner")
    for action, shift, reason in (
        ("confirm", confirmed, ""),
        ("decline", declined, "Eeva on lomalla"),
    ):
        page = client.get("/partner/").get_data(as_text=True)
        data = {"csrf_token": csrf_token(page), "shift": shift["id"], "reason": reason}
        assert client.post(f"/partner/shifts/{WEEK}/{action}", data=data).status_code == 302
    auth.logout()
    auth.login("coordinator")
    portal.english(client)
    return confirmed, declined


def rows(html: str) -> dict[str, str]:
    """Each shift row of the overview by its start, carer and state, as text."""
    found = re.findall(r'<tr class="state-(\w+)">(.*?)</tr>', html, re.S)
    words = [(re.sub(r"<[^>]+>", " ", body), state) for state, body in found]
    return {re.sub(r"\s+", " ", body).strip(): state for body, state in words}


def in_db(app: Flask, query):
    from web import database

    with app.app_context():
        session = database.session()
        result = query(session)
        session.expunge_all()
        return result


def test_the_overview_shows_each_shift_s_answer_by_partner(
    client: FlaskClient, answered: tuple[dict, dict], demo_plan_document: dict
) -> None:
    confirmed, declined = answered
    html = unescape(client.get(f"/plan/{WEEK}/confirmations").get_data(as_text=True))
    states = rows(html)
    assert len(states) == len(demo_plan_document["shifts"])
    assert sorted(states.values()).count("confirmed") == 1
    assert sorted(states.values()).count("declined") == 1
    assert "Eeva on lomalla" in html and "seurakunta" in html
    partners = re.findall(r'<section class="card" id="partner-([\w-]+)"', html)
    assert set(partners) == {s["partner"] for s in demo_plan_document["shifts"]}
    assert "Kemin seurakunta, lapsityö" in html
    assert f"Plan again without {carer_name(declined['carer'])} at that time" in html


def carer_name(carer: str) -> str:
    partners = demo_document(WEEK)["partners"]
    return next(c["name"] for p in partners for c in p["carers"] if c["id"] == carer)


def test_the_review_shows_the_declines_with_a_one_click_re_plan(
    client: FlaskClient, answered: tuple[dict, dict]
) -> None:
    _confirmed, declined = answered
    html = unescape(client.get(f"/plan/{WEEK}").get_data(as_text=True))
    start = html.index('id="declines"')
    panel = html[start : html.index("</section>", start)]
    assert "1 shift has been declined" in panel
    assert "Eeva on lomalla" in panel and "1 confirmed" in panel
    assert f'name="shift" value="{declined["id"]}"' in panel
    assert f"/plan/{WEEK}/confirmations" in panel


def replan(client: FlaskClient, shift_id: str):
    page = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "shift": shift_id}
    return client.post(f"/plan/{WEEK}/declines/replan", data=data)


def test_re_planning_a_decline_marks_the_carer_away_locks_the_rest_and_queues_a_run(
    app: Flask, client: FlaskClient, answered: tuple[dict, dict], demo_plan_document: dict
) -> None:
    _confirmed, declined = answered
    response = replan(client, declined["id"])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plan/{WEEK}")

    start = dt.datetime.fromisoformat(declined["start"]).astimezone(ZONE)
    end = dt.datetime.fromisoformat(declined["end"]).astimezone(ZONE)
    period = {"start": f"{start:%Y-%m-%dT%H:%M}", "end": f"{end:%Y-%m-%dT%H:%M}"}
    absent = in_db(app, lambda s: s.get(m.Carer, declined["carer"]).absent)
    assert period in absent
    changes = in_db(
        app,
        lambda s: s.scalars(sa.select(m.Change).where(m.Change.action == "update")).all(),
    )
    assert [(c.actor, c.kind, c.ref) for c in changes] == [
        ("web:kaisa", "carers", declined["carer"])
    ]

    locked = set(in_db(app, lambda s: s.scalars(sa.select(m.PlanLock.item_id)).all()))
    items = {i["id"] for i in [*demo_plan_document["sessions"], *demo_plan_document["visits"]]}
    assert locked == items - {declined["session"]}
    jobs = in_db(app, lambda s: s.scalars(sa.select(m.SolveJob)).all())
    assert [(j.week, j.status, j.requested_by) for j in jobs] == [(WEEK, "queued", "kaisa")]

    html = unescape(client.get(f"/plan/{WEEK}").get_data(as_text=True))
    assert f"{carer_name(declined['carer'])} is marked away at that time" in html

    again = replan(client, declined["id"])  # the week is being planned already
    assert "already being planned" in unescape(
        client.get(again.headers["Location"]).get_data(as_text=True)
    )
    assert len(in_db(app, lambda s: s.scalars(sa.select(m.SolveJob)).all())) == 1


def test_only_a_declined_shift_is_re_planned(
    app: Flask, client: FlaskClient, answered: tuple[dict, dict]
) -> None:
    confirmed, _declined = answered
    response = replan(client, confirmed["id"])
    assert response.status_code == 302
    assert "no decline to act on" in unescape(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )
    assert replan(client, "no-such-shift").status_code == 404
    assert in_db(app, lambda s: s.scalars(sa.select(m.SolveJob)).all()) == []
    assert in_db(app, lambda s: s.scalars(sa.select(m.PlanLock)).all()) == []


def test_a_week_without_a_published_plan_has_no_answers(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    portal.english(client)
    html = client.get(f"/plan/{WEEK}/confirmations").get_data(as_text=True)
    assert "Nothing of this week is published yet" in html
    assert client.get("/plan/2026-W99/confirmations").status_code == 404


def test_only_the_coordinator_sees_the_answers(
    client: FlaskClient, auth: Auth, answered: tuple[dict, dict]
) -> None:
    auth.logout()
    for role in ("partner", "staff"):
        auth.login(role)
        assert client.get(f"/plan/{WEEK}/confirmations").status_code == 403
        page = client.get("/account/password").get_data(as_text=True)
        data = {"csrf_token": csrf_token(page), "shift": answered[1]["id"]}
        assert client.post(f"/plan/{WEEK}/declines/replan", data=data).status_code == 403
        auth.logout()
