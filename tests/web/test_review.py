"""The review page: unplaced items first, the difference from the published version, three views."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.store import models as m
from planner.store.plans import save_draft
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan
from web import database

PAGE = f"/plan/{WEEK}"


def save(app: Flask, document: dict[str, Any]) -> int:
    """Store a plan as the week's next draft; its version number."""
    with app.app_context():
        session = database.session()
        version = save_draft(session, document, "test").version
        session.commit()
        return version


def token(client: FlaskClient) -> str:
    """A CSRF token of the logged-in user's session."""
    return csrf_token(client.get("/account/password").get_data(as_text=True))


def stored_versions(app: Flask) -> list[tuple[int, str]]:
    with app.app_context():
        rows = database.session().execute(
            sa.select(m.PlanVersion.version, m.PlanVersion.status).order_by(m.PlanVersion.version)
        )
        return [tuple(row) for row in rows]


def with_unplaced(document: dict[str, Any]) -> dict[str, Any]:
    """The plan with its first visit left out, for a reason, and the cost to match."""
    changed = copy.deepcopy(document)
    visit = changed["visits"].pop(0)
    reason = {"rule": "H6", "text": "no guide who speaks so is free Mon-Fri 09:00-16:00 in simo"}
    changed["unplaced"].append({"ref": visit["id"], "kind": "visit", "reasons": [reason]})
    changed["cost"]["unplaced"] += 1000
    changed["objective"] += 1000
    return changed


def test_unplaced_items_and_their_reasons_come_before_the_three_views(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    document = with_unplaced(demo_plan_document)
    save(app, document)
    auth.login()
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    reason = document["unplaced"][-1]["reasons"][0]["text"]
    views = [html.index(f'id="view-{key}"') for key in ("area", "venue", "person")]
    assert html.index("1 item could not be placed") < html.index(reason) < min(views)
    assert '<span class="rule" title="H6">Availability</span>' in html
    # Lanes: an area, a venue, home visits, and a staff member, a carer and an interpreter.
    venues = {v["id"]: v["name"] for v in demo_document(WEEK)["venues"]}
    used = venues[document["sessions"][0]["venue"]]
    for lane in ("Tornio", used, "Home visits", "Hanna Esimerkki"):
        assert lane in html
    carer = next(c for s in document["sessions"] for c in s["carers"])
    interpreter = next(i for s in document["sessions"] for i in s["interpreters"])
    assert f'data-lane="{carer}"' in html
    assert f'data-lane="{interpreter}"' in html


def test_blocks_show_time_group_place_and_people_and_open_their_item(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    html = client.get(PAGE).get_data(as_text=True)
    session = next(s for s in demo_plan_document["sessions"] if s["id"].startswith("g-arki-kemi"))
    assert f'href="/plan/{WEEK}/items/{session["id"]}?version=1"' in html
    assert "Arjen taidot, Kemi (selkosuomi)" in html
    assert "Kohtaamispaikka Mikseri" in html
    # The coordinator's page names a visit's participant; a feed never would.
    assert "Guidance: " in html and "Esimerkki" in html


def test_the_newest_draft_is_shown_and_earlier_versions_stay_in_the_history(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    save(app, demo_plan_document)
    auth.login()
    html = client.get(PAGE).get_data(as_text=True)
    assert "version 2 · draft" in html
    assert f'href="/plan/{WEEK}?version=1"' in html
    earlier = client.get(f"{PAGE}?version=1").get_data(as_text=True)
    assert "version 1 · draft" in earlier and "This is an earlier version." in earlier
    assert "Publish version" not in earlier  # only the newest draft can be published


def test_the_difference_from_the_published_version_item_by_item(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    document = copy.deepcopy(demo_plan_document)
    session = document["sessions"][0]
    gone = session["facilitators"][0]
    other = next(
        person
        for s in document["sessions"]
        for person in s["facilitators"]
        if person not in session["facilitators"]
    )
    session["facilitators"] = [other, *session["facilitators"][1:]]
    cancelled = document["visits"].pop()
    document["unplaced"].append(
        {"ref": cancelled["id"], "kind": "visit", "reasons": [{"rule": "H3", "text": "no time"}]}
    )
    save(app, document)
    auth.login()
    html = client.get(PAGE).get_data(as_text=True)
    changes = html[html.index('id="changes"') : html.index('id="week-title"')]
    assert "2 items differ from published version 1." in changes
    assert "re-staffed" in changes and "cancelled" in changes and "now unplaced" in changes
    with app.app_context():
        rows = database.session().execute(sa.select(m.StaffMember.id, m.StaffMember.name))
        names = {person: name for person, name in rows}
    assert "<del" in changes and names[gone] in changes and names[other] in changes


def test_a_week_without_plans_says_so(client: FlaskClient, auth: Auth) -> None:
    auth.login()
    response = client.get("/plan/2026-W50")
    assert response.status_code == 200
    assert "No plan for this week yet" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/plan/2026-W60",
        "/plan/2026-W7",
        "/plan/next-week",
        f"{PAGE}?version=9",
        f"{PAGE}?version=first",
        f"{PAGE}/items/g-nobody/{WEEK}/1",
        f"{PAGE}/items/g-nobody/{WEEK}/1?version=9",
    ],
)
def test_unknown_weeks_versions_and_items_are_404(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict, path: str
) -> None:
    save(app, demo_plan_document)
    auth.login()
    assert client.get(path).status_code == 404


def test_edits_of_unknown_items_are_404(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    for action in ("move", "staff", "lock", "unlock"):
        path = f"{PAGE}/items/g-nobody/{WEEK}/1/{action}"
        assert client.post(path, data={"csrf_token": token(client)}).status_code == 404


ROUTES = [
    ("GET", PAGE),
    ("GET", f"{PAGE}/items/g-arki-kemi/{WEEK}/1"),
    ("POST", f"{PAGE}/items/g-arki-kemi/{WEEK}/1/move"),
    ("POST", f"{PAGE}/items/g-arki-kemi/{WEEK}/1/staff"),
    ("POST", f"{PAGE}/items/g-arki-kemi/{WEEK}/1/lock"),
    ("POST", f"{PAGE}/items/g-arki-kemi/{WEEK}/1/unlock"),
    ("POST", f"{PAGE}/publish"),
    ("POST", f"{PAGE}/release/lock"),
    ("POST", f"{PAGE}/release/pin"),
    ("POST", f"{PAGE}/versions/1/restore"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[p for _, p in ROUTES])
@pytest.mark.parametrize("role", ["staff", "partner", None])
def test_only_the_coordinator_reviews_edits_and_publishes(
    app: Flask,
    client: FlaskClient,
    auth: Auth,
    demo_plan_document: dict,
    role: str | None,
    method: str,
    path: str,
) -> None:
    save(app, demo_plan_document)
    data = {}
    if role is not None:
        auth.login(role)
        data = {"csrf_token": token(client), "version": "1"}
    response = client.open(path, method=method, data=data if method == "POST" else None)
    if role is None:
        assert response.status_code in (302, 400)  # a stranger has no CSRF token to show
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
    assert stored_versions(app) == [(1, "draft")]
