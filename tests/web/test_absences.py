"""The coordinator sees reported absences at once and plans around them in one click."""

from __future__ import annotations

import datetime as dt
from html import unescape
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.formats.plan import load_plan
from planner.runtime import jobs
from planner.store import models as m
from planner.store.replan import Away
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan
from web import absences, database

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
MONDAY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=ZONE)
# Hanna's absence: the whole demo week.
AWAY = (dt.datetime(2026, 11, 30, tzinfo=ZONE), dt.datetime(2026, 12, 7, tzinfo=ZONE))


@pytest.fixture
def app(app: Flask) -> Flask:
    # The staff pages and reports take "now" from the app's clock: a day of the demo week.
    app.config["CLOCK"] = lambda: MONDAY
    return app


@pytest.fixture
def plan(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return demo_plan_document


def hanna_away_all_week(client: FlaskClient, auth: Auth) -> None:
    """Hanna reports the whole demo week away, through her own form, then logs out."""
    auth.login("staff")
    page = client.get("/staff/absence").get_data(as_text=True)
    data = {"first_day": "2026-11-30", "last_day": "2026-12-06", "reason": "away"}
    response = client.post("/staff/absence", data=data | {"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    auth.logout()


def report_ids(app: Flask, handled: bool | None = None) -> list[int]:
    with app.app_context():
        query = sa.select(m.AbsenceReport.id).order_by(m.AbsenceReport.id)
        if handled is not None:
            column = m.AbsenceReport.handled_at
            query = query.where(column.is_not(None) if handled else column.is_(None))
        return list(database.session().scalars(query))


def rows(app: Flask, model: type[m.Base]) -> list[SimpleNamespace]:
    """Rows as plain values that outlive the request's session."""
    with app.app_context():
        found = database.session().scalars(sa.select(model))
        columns = model.__table__.columns
        return [SimpleNamespace(**{c.key: getattr(r, c.key) for c in columns}) for r in found]


def post_from_home(client: FlaskClient, path: str):
    page = client.get("/planning").get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page)})


def expected_free(plan: dict, person: str, start: dt.datetime, end: dt.datetime) -> set[str]:
    return {item.id for item in absences.touched(load_plan(plan), Away(person, start, end))}


def test_the_coordinator_sees_the_report_at_once_with_what_a_re_plan_keeps(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    hanna_away_all_week(client, auth)
    auth.login("coordinator")
    page = client.get("/planning").get_data(as_text=True)
    free = expected_free(plan, "s-hanna", *AWAY)
    kept = len(plan["sessions"]) + len(plan["visits"]) - len(free)
    assert free
    assert "Reported absences" in page and "Hanna Esimerkki" in page
    assert "Plan again around Hanna Esimerkki's absence" in unescape(page)
    assert f"keeps the other {kept} sessions and visits of version 1 as they are" in page
    panel = page[page.index('class="touched"') : page.index("</ul>", page.index('class="touched"'))]
    assert panel.count("<li>") == len(free)
    assert "wk 49" in page


def test_the_one_click_re_plan_locks_everything_else_and_queues_a_run(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    hanna_away_all_week(client, auth)
    [report] = report_ids(app)
    auth.login("coordinator")
    response = post_from_home(client, f"/absences/{report}/replan")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plan/{WEEK}")
    free = expected_free(plan, "s-hanna", *AWAY)
    every = {item["id"] for item in plan["sessions"] + plan["visits"]}
    assert {lock.item_id for lock in rows(app, m.PlanLock)} == every - free
    [job] = rows(app, m.SolveJob)
    assert (job.week, job.status, job.requested_by) == (WEEK, jobs.QUEUED, "kaisa")
    assert job.time_limit == app.config["SOLVE_TIME_LIMIT"]
    assert report_ids(app, handled=True) == [report]
    assert 'class="absence"' not in client.get("/planning").get_data(as_text=True)


def test_the_run_keeps_the_locked_items_and_plans_hers_without_her(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    from planner.runtime.worker import run_worker

    app.config["SOLVE_TIME_LIMIT"] = 3
    hanna_away_all_week(client, auth)
    auth.login("coordinator")
    post_from_home(client, f"/absences/{report_ids(app)[0]}/replan")
    assert run_worker(app.config["DATABASE_URL"], once=True, name="test-worker") == 1
    with app.app_context():
        draft = (
            database.session()
            .scalars(sa.select(m.PlanVersion).where(m.PlanVersion.version == 2))
            .one()
        )
        locks = {
            lock.item_id: lock.item for lock in database.session().scalars(sa.select(m.PlanLock))
        }
        document = draft.document
    new = load_plan(document)
    kept = {item["id"]: item for item in document["sessions"] + document["visits"]}
    assert all(kept.get(item_id) == item for item_id, item in locks.items())
    assert all("s-hanna" not in s.facilitators for s in new.sessions)
    assert all(v.staff != "s-hanna" for v in new.visits)


def test_an_absence_without_a_published_plan_is_only_marked_handled(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    auth.login("staff")
    page = client.get("/staff/absence").get_data(as_text=True)
    client.post(
        "/staff/absence",
        data={"first_day": "2026-12-08", "reason": "other", "csrf_token": csrf_token(page)},
    )
    auth.logout()
    auth.login("coordinator")
    page = client.get("/planning").get_data(as_text=True)
    assert "wk 50" in page and "no published plan yet" in page
    assert "Plan again around" not in page
    [report] = report_ids(app)
    assert post_from_home(client, f"/absences/{report}/handled").status_code == 302
    assert report_ids(app, handled=True) == [report] and rows(app, m.SolveJob) == []


def test_a_week_being_planned_is_not_touched(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    hanna_away_all_week(client, auth)
    with app.app_context():
        jobs.enqueue(database.session(), WEEK, 5, "someone")
        database.session().commit()
    auth.login("coordinator")
    page = client.get("/planning").get_data(as_text=True)
    assert "being planned right now" in page
    response = post_from_home(client, f"/absences/{report_ids(app)[0]}/replan")
    assert response.status_code == 302
    assert rows(app, m.PlanLock) == [] and len(rows(app, m.SolveJob)) == 1
    assert report_ids(app, handled=False) == report_ids(app)


def test_a_handled_report_is_not_planned_again(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    hanna_away_all_week(client, auth)
    report = report_ids(app)[0]
    auth.login("coordinator")
    post_from_home(client, f"/absences/{report}/handled")
    post_from_home(client, f"/absences/{report}/replan")
    assert rows(app, m.SolveJob) == [] and rows(app, m.PlanLock) == []


def test_a_carers_absence_frees_the_sessions_of_her_shifts(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict
) -> None:
    shift = plan["shifts"][0]
    start = dt.datetime.fromisoformat(shift["start"])
    with app.app_context():
        database.session().add(
            m.AbsenceReport(
                person_kind="carer",
                person_id=shift["carer"],
                reason="sick",
                reported_by="test",
                start=start.astimezone(dt.UTC),
                end=(start + dt.timedelta(hours=1)).astimezone(dt.UTC),
            )
        )
        database.session().commit()
        carer = database.session().get(m.Carer, shift["carer"]).name
    auth.login("coordinator")
    assert carer in client.get("/planning").get_data(as_text=True)
    post_from_home(client, f"/absences/{report_ids(app)[0]}/replan")
    locked = {lock.item_id for lock in rows(app, m.PlanLock)}
    assert shift["session"] not in locked and len(locked) > 0


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_only_the_coordinator_plans_again(
    client: FlaskClient, auth: Auth, app: Flask, plan: dict, role: str
) -> None:
    hanna_away_all_week(client, auth)
    auth.login(role)
    page = client.get("/calendars/").get_data(as_text=True)
    for action in ("replan", "handled"):
        response = client.post(
            f"/absences/{report_ids(app)[0]}/{action}", data={"csrf_token": csrf_token(page)}
        )
        assert response.status_code == 403
    assert report_ids(app, handled=False) == report_ids(app)


def test_an_unknown_report_is_not_found(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    assert post_from_home(client, "/absences/999/replan").status_code == 404
