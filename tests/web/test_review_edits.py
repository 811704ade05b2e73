"""Edits on the review: each judged by the checker at once, saved as a draft with a pin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.domain import Plan, Scenario, Session
from planner.formats.plan import load_plan
from planner.planning.edits import judge_edit, move_visit, restaff_session
from planner.store import models as m
from planner.store.master import export_scenario
from tests.web.conftest import WEEK, Auth
from tests.web.test_review import save, stored_versions, token
from web import database
from web.i18n import ZONE

ITEMS = f"/plan/{WEEK}/items"


def week_scenario(app: Flask) -> Scenario:
    """The scenario the web app judges edits against."""
    with app.app_context():
        return export_scenario(database.session(), WEEK)


def locks(app: Flask) -> dict[str, Any]:
    with app.app_context():
        rows = database.session().scalars(sa.select(m.PlanLock))
        return {row.item_id: row.item for row in rows}


def newest_document(app: Flask) -> dict[str, Any]:
    with app.app_context():
        return database.session().scalar(
            sa.select(m.PlanVersion.document).order_by(m.PlanVersion.version.desc()).limit(1)
        )


def clean_visit_move(scenario: Scenario, plan: Plan) -> tuple[str, dt.datetime]:
    """A visit and a new start for it, a quarter or half an hour off, that breaks no rule."""
    for visit in plan.visits:
        for minutes in (15, -15, 30, -30, 45, -45):
            start = visit.start + dt.timedelta(minutes=minutes)
            if not judge_edit(
                scenario, plan, move_visit(scenario, plan, visit.id, start), visit.id
            ):
                return visit.id, start
    raise AssertionError("no visit of the demo plan can move a little")


def clean_extra_carer(scenario: Scenario, plan: Plan) -> tuple[Session, str]:
    """A session with childcare and a carer who can join it without breaking a rule."""
    for session in (s for s in plan.sessions if s.carers):
        for carer in (c.id for c in scenario.carers() if c.id not in session.carers):
            people = (session.facilitators, [*session.carers, carer], session.interpreters)
            edited = restaff_session(scenario, plan, session.id, *people)
            if not judge_edit(scenario, plan, edited, session.id):
                return session, carer
    raise AssertionError("no carer can join any session of the demo plan")


def move_form(version: int, start: dt.datetime, venue: str | None = None) -> dict[str, str]:
    local = start.astimezone(ZONE)
    form = {
        "move-version": str(version),
        "move-day": local.date().isoformat(),
        "move-start": local.strftime("%H:%M"),
    }
    return form | ({"move-venue": venue} if venue else {})


@pytest.fixture
def draft(app: Flask, auth: Auth, demo_plan_document: dict) -> Plan:
    """The demo plan as draft version 1, the coordinator logged in."""
    save(app, demo_plan_document)
    auth.login()
    return load_plan(demo_plan_document)


def test_a_move_that_breaks_a_rule_is_refused_with_the_rule_and_saves_nothing(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    session = draft.sessions[0]
    sunday = dt.datetime(2026, 12, 6, 10, 0, tzinfo=ZONE)  # Independence Day
    form = move_form(1, sunday, session.venue) | {"csrf_token": token(client)}
    response = client.post(f"{ITEMS}/{session.id}/move", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Not saved: this change breaks the rules below." in html
    assert '<span class="rule" title="H2">Calendar</span>' in html and "public holiday" in html
    assert stored_versions(app) == [(1, "draft")]
    assert locks(app) == {}


def test_a_clean_move_is_a_new_draft_whose_item_is_pinned_in_the_scenario(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    visit_id, start = clean_visit_move(week_scenario(app), draft)
    form = move_form(1, start) | {"csrf_token": token(client)}
    response = client.post(f"{ITEMS}/{visit_id}/move", data=form)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plan/{WEEK}"
    assert stored_versions(app) == [(1, "draft"), (2, "draft")]
    moved = next(v for v in load_plan(newest_document(app)).visits if v.id == visit_id)
    assert moved.start == start
    assert dt.datetime.fromisoformat(locks(app)[visit_id]["start"]) == start
    scenario = week_scenario(app)
    assert scenario.pinned == {visit_id}
    assert not scenario.locked.visits  # a hand edit pins; only a deliberate act locks
    kept = next(v for v in scenario.previous.visits if v.id == visit_id)
    assert kept.start == start
    page = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert "version 2 · draft" in page and "Pinned items" in page


def test_re_staffing_a_session_gives_its_new_carer_a_shift(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    session, carer = clean_extra_carer(week_scenario(app), draft)
    form = {
        "csrf_token": token(client),
        "staff-version": "1",
        "staff-facilitators": list(session.facilitators),
        "staff-carers": [*session.carers, carer],
        "staff-interpreters": list(session.interpreters),
    }
    assert client.post(f"{ITEMS}/{session.id}/staff", data=form).status_code == 302
    plan = load_plan(newest_document(app))
    shifts = {s.carer: s for s in plan.shifts if s.session == session.id}
    assert set(shifts) == {*session.carers, carer}
    buffer = dt.timedelta(minutes=15)
    assert (shifts[carer].start, shifts[carer].end) == (
        session.start - buffer,
        session.end + buffer,
    )
    assert carer in next(s for s in plan.sessions if s.id == session.id).carers
    assert session.id in locks(app)


def test_a_form_filled_in_on_an_older_version_is_refused(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    visit_id, start = clean_visit_move(week_scenario(app), draft)
    save(app, newest_document(app))  # someone else saved version 2 meanwhile
    form = move_form(1, start) | {"csrf_token": token(client)}
    response = client.post(f"{ITEMS}/{visit_id}/move", data=form)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Not saved: version 2 has been saved since this page was opened, by test" in html
    assert stored_versions(app) == [(1, "draft"), (2, "draft")]


@pytest.mark.parametrize("action", ["staff", "lock"])
def test_a_change_of_people_or_a_lock_on_an_older_version_is_refused(
    app: Flask, client: FlaskClient, draft: Plan, action: str
) -> None:
    session = draft.sessions[0]
    save(app, newest_document(app))  # someone else saved version 2 meanwhile
    if action == "staff":
        form: dict[str, object] = {
            "staff-version": "1",
            "staff-facilitators": list(session.facilitators),
            "staff-carers": list(session.carers),
            "staff-interpreters": list(session.interpreters),
        }
    else:
        form = {"lock-version": "1"}
    response = client.post(
        f"{ITEMS}/{session.id}/{action}", data=form | {"csrf_token": token(client)}
    )
    assert response.status_code == 409
    assert "Not saved: version 2 has been saved since" in response.get_data(as_text=True)
    assert stored_versions(app) == [(1, "draft"), (2, "draft")]
    assert locks(app) == {}


def test_a_malformed_move_is_answered_beside_its_field(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    visit = draft.visits[0]
    form = {"csrf_token": token(client), "move-version": "1", "move-day": "2026-12-25"}
    response = client.post(f"{ITEMS}/{visit.id}/move", data=form | {"move-start": "25.99"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="move-day-error"' in html and 'id="move-start-error"' in html
    assert stored_versions(app) == [(1, "draft")]


def test_an_item_is_locked_and_unlocked(app: Flask, client: FlaskClient, draft: Plan) -> None:
    session = draft.sessions[0]
    page = client.get(f"{ITEMS}/{session.id}")
    assert page.status_code == 200 and "not locked" in page.get_data(as_text=True)
    form = {"csrf_token": token(client), "lock-version": "1"}
    assert client.post(f"{ITEMS}/{session.id}/lock", data=form).status_code == 302
    assert list(locks(app)) == [session.id]
    assert [s.id for s in week_scenario(app).locked.sessions] == [session.id]
    assert "locked by kaisa" in client.get(f"{ITEMS}/{session.id}").get_data(as_text=True)
    assert client.post(f"{ITEMS}/{session.id}/unlock", data=form).status_code == 302
    assert locks(app) == {}
    assert stored_versions(app) == [(1, "draft")]  # a lock changes no version


def test_no_edit_while_the_week_is_being_planned(
    app: Flask, client: FlaskClient, draft: Plan
) -> None:
    jobs = pytest.importorskip("planner.runtime.jobs")
    with app.app_context():
        jobs.enqueue(database.session(), WEEK, 10, "kaisa")
        database.session().commit()
    visit_id, start = clean_visit_move(week_scenario(app), draft)
    form = move_form(1, start) | {"csrf_token": token(client)}
    response = client.post(f"{ITEMS}/{visit_id}/move", data=form)
    assert response.status_code == 409
    assert "A planning run of this week is under way" in response.get_data(as_text=True)
    assert stored_versions(app) == [(1, "draft")]
