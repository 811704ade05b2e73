"""The staff member's own week: only her items of the published plan, day by day."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from tests.web.conftest import WEEK, Auth, publish_plan

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
TUESDAY = dt.datetime(2026, 12, 1, 7, 0, tzinfo=ZONE)


@pytest.fixture
def app(app: Flask) -> Flask:
    # The staff pages and reports take "now" from the app's clock: a day of the demo week.
    app.config["CLOCK"] = lambda: TUESDAY
    return app


@pytest.fixture
def plan(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return demo_plan_document


def visit_links(page: str) -> set[str]:
    # A visit already started is linked a second time, to record its outcome (#outcome).
    return set(re.findall(r'href="(/visits/[^"#]+)', page))


def visit_path(visit_id: str) -> str:
    return "/visits/" + quote(visit_id, safe="/")


def test_her_week_shows_her_sessions_visits_and_travel_and_nobody_elses(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    response = client.get(f"/staff/?week={WEEK}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    mine = [v for v in plan["visits"] if v["staff"] == "s-hanna"]
    assert mine and visit_links(page) == {visit_path(v["id"]) for v in mine}
    groups = {g["id"]: g["name"] for g in demo_document(WEEK)["groups"]}
    for session in plan["sessions"]:
        if "s-hanna" in session["facilitators"]:
            assert groups[session["group"]] in page
    if any(leg["person"] == "s-hanna" for leg in plan["travel"]):
        assert "Travel" in page
    # No participant's name reaches the week page; her visits' pages hold those.
    for participant in demo_document(WEEK)["participants"]:
        assert participant["name"] not in page


def test_each_visit_links_to_its_page_which_she_may_open(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    page = client.get(f"/staff/?week={WEEK}").get_data(as_text=True)
    for link in visit_links(page):
        assert client.get(link).status_code == 200


def test_the_week_is_this_week_by_default_with_the_weeks_around_it(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    page = client.get("/staff/").get_data(as_text=True)
    assert "wk 49" in page and "/staff/?week=2026-W48" in page and "/staff/?week=2026-W50" in page
    assert 'class="day today"' in page


def test_a_week_without_a_published_plan_says_so(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    page = client.get("/staff/?week=2026-W50").get_data(as_text=True)
    assert "No plan has been published for this week yet." in page


def test_a_draft_is_not_shown(client: FlaskClient, auth: Auth, app: Flask, demo_plan_document):
    from planner.store.plans import save_draft
    from web import database

    with app.app_context():
        save_draft(database.session(), demo_plan_document, "test")
        database.session().commit()
    auth.login("staff")
    page = client.get(f"/staff/?week={WEEK}").get_data(as_text=True)
    assert visit_links(page) == set()


@pytest.mark.parametrize("week", ["2026-W60", "soon", "2026-W1"])
def test_what_is_not_a_week_is_not_found(client: FlaskClient, auth: Auth, week: str) -> None:
    auth.login("staff")
    assert client.get(f"/staff/?week={week}").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_only_staff_members_have_a_week_here(client: FlaskClient, auth: Auth, role: str) -> None:
    auth.login(role)
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/absence").status_code == 403


def test_strangers_are_sent_to_the_login(client: FlaskClient) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_staff_login_lands_on_her_week(client: FlaskClient, auth: Auth) -> None:
    auth.login("staff")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
