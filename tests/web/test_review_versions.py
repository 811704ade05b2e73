"""The week as a whole on the review: holds released at once, older versions restored,
the publish confirmed with what it will do, the mothers to tell, the cost in words, the
closed days in the grid."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.store import models as m
from planner.store import review
from planner.store.master import export_scenario
from planner.store.plans import publish
from tests.web.conftest import WEEK, Auth, publish_plan
from tests.web.test_review import save, stored_versions, token
from web import database
from web.coordinator.weekview import closed_days

PAGE = f"/plan/{WEEK}"


def holds(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {row.item_id: row.hold for row in database.session().scalars(sa.select(m.PlanLock))}


def hold_items(app: Flask, document: dict[str, Any], how: list[str]) -> None:
    """Hold the plan's first sessions, one per entry of `how` ("lock" or "pin")."""
    with app.app_context():
        session = database.session()
        for item, hold in zip(document["sessions"], how, strict=False):
            review.lock_item(session, WEEK, "session", item, "test", hold=hold)
        session.commit()


def test_unlock_all_and_unpin_all_each_release_only_their_own_kind(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    hold_items(app, demo_plan_document, ["lock", "lock", "pin", "pin", "pin"])
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "Locked items" in page and "Pinned items" in page
    assert "Unlock all" in page and "Unpin all" in page
    response = client.post(f"{PAGE}/release/pin", data={"csrf_token": token(client)})
    assert response.status_code == 302
    assert sorted(holds(app).values()) == ["lock", "lock"]
    assert "3 items unpinned" in client.get(PAGE).get_data(as_text=True)
    client.post(f"{PAGE}/release/lock", data={"csrf_token": token(client)})
    assert holds(app) == {}
    assert client.post(f"{PAGE}/release/all", data={"csrf_token": token(client)}).status_code == 404


def test_restoring_an_older_version_makes_it_the_newest_draft_and_lets_pins_go(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    edited = copy.deepcopy(demo_plan_document)
    edited["visits"].pop()
    save(app, edited)
    hold_items(app, demo_plan_document, ["lock", "pin"])
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "Yes, restore version 1" in page and "Yes, restore version 2" not in page
    unconfirmed = client.post(f"{PAGE}/versions/1/restore", data={"csrf_token": token(client)})
    assert unconfirmed.status_code == 400 and stored_versions(app) == [(1, "draft"), (2, "draft")]
    form = {"csrf_token": token(client), "confirm": "yes"}
    assert client.post(f"{PAGE}/versions/1/restore", data=form).status_code == 302
    assert stored_versions(app) == [(1, "draft"), (2, "draft"), (3, "draft")]
    with app.app_context():
        rows = database.session().scalars(sa.select(m.PlanVersion).order_by(m.PlanVersion.version))
        documents = [row.document for row in rows]
    assert documents[2] == documents[0] != documents[1]
    assert list(holds(app).values()) == ["lock"]  # locks are facts; the pin is let go
    assert client.post(f"{PAGE}/versions/3/restore", data=form).status_code == 409
    assert client.post(f"{PAGE}/versions/7/restore", data=form).status_code == 404


def moved_session(document: dict[str, Any], hours: int = 1) -> tuple[dict[str, Any], str]:
    """The plan with its first session (and the session's shifts) an hour later."""
    changed = copy.deepcopy(document)
    session = changed["sessions"][0]

    def later(value: str) -> str:
        return (dt.datetime.fromisoformat(value) + dt.timedelta(hours=hours)).isoformat()

    session["start"], session["end"] = later(session["start"]), later(session["end"])
    for shift in changed["shifts"]:
        if shift["session"] == session["id"]:
            shift["start"], shift["end"] = later(shift["start"]), later(shift["end"])
    return changed, session["group"]


def members(app: Flask, group: str) -> list[tuple[str, tuple[str, ...]]]:
    with app.app_context():
        scenario = export_scenario(database.session(), WEEK)
    ids = next(g.members for g in scenario.groups if g.id == group)
    people = {p.id: p for p in scenario.participants}
    return [(people[i].name, people[i].languages) for i in ids]


def test_the_publish_asks_first_and_says_whom_it_tells_and_which_mothers_to_call(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    changed, group = moved_session(demo_plan_document)
    save(app, changed)
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    confirm = page[page.index('id="publish-confirm"') : page.index("</details>")]
    assert "Yes, publish version 2" in confirm
    assert "change 1 item from the published version" in confirm
    assert "send a change notice to" in confirm
    mothers = members(app, group)
    assert mothers, "the demo group has members"
    tell = page[page.index('id="tell"') :]
    for name, _ in mothers:
        assert name in tell
    assert "Mothers to tell" in page
    # The other groups' mothers are not on the list.
    with app.app_context():
        scenario = export_scenario(database.session(), WEEK)
    listed = {name for name, _ in mothers}
    others = {
        p.name for p in scenario.participants
        if not any(p.id in g.members for g in scenario.groups if g.id == group)
    }  # fmt: skip
    assert not any(f"<strong>{name}</strong>" in tell for name in others - listed)

    # In Finnish, with the languages by name; and after the publish the list stays.
    client.post("/language", data={"csrf_token": token(client), "lang": "fi"})
    with app.app_context():  # published as it stands (an hour later may break a rule)
        session = database.session()
        publish(session, WEEK, 2, "test")
        session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    tell = page[page.index('id="tell"') :]
    assert "Äidit, joille pitää kertoa" in page
    assert all(name in tell for name, _ in mothers)
    languages = {"ar": "arabia", "so": "somali", "ku": "kurdi", "fa": "persia", "ru": "venäjä"}
    spoken = {code for _, codes in mothers for code in codes if code in languages}
    assert all(languages[code] in tell for code in spoken)


def test_a_first_publication_lists_no_mothers(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    assert "send everyone with an item their week" in page
    assert 'id="tell"' not in page


def test_the_cost_is_told_goal_by_goal_and_adds_up_to_the_plan_cost(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    card = page[page.index('id="cost"') : page.index("</section>", page.index('id="cost"'))]
    cost = demo_plan_document["cost"]
    for goal in ("unplaced", "continuity", "stability", "travel", "fairness"):
        assert f'data-goal="{goal}"' in card
    travel = int(cost["travel"])  # weight 1 a minute in the demo
    assert f"{travel // 60} h {travel % 60} min on the road" in card
    assert f">{round(demo_plan_document['objective'])}<" in card
    assert round(sum(cost.values())) == round(demo_plan_document["objective"])
    bound = demo_plan_document.get("bound")
    if demo_plan_document["status"] == "optimal":
        assert "the planner proved it" in card
    elif bound is not None:
        objective = demo_plan_document["objective"]
        gap = 100 * (objective - bound) / objective
        shown = re.search(
            r"at most (\d+) % of this plan(?:'|&#39;)s cost could still be saved", card
        )
        assert shown is not None and abs(int(shown.group(1)) - gap) <= 1


def test_holidays_and_closed_dates_are_marked_in_the_week_grid(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    monday = dt.date(2026, 11, 30)
    with app.app_context():
        session = database.session()
        session.add(m.ClosedDate(date=monday))
        session.commit()
        scenario = export_scenario(session, WEEK)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert closed_days(scenario, monday) == {
            monday: "closed",
            dt.date(2026, 12, 6): "Independence Day",
        }
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert closed_days(scenario, monday)[dt.date(2026, 12, 6)] == "Itsenäisyyspäivä"
    save(app, demo_plan_document)
    auth.login()
    page = client.get(PAGE).get_data(as_text=True)
    views = page.count('data-view="')
    assert views == 3
    # Monday is closed in every lane of every view; Sunday's holiday shows only where
    # Sunday is in the grid (the demo has nothing on a Sunday).
    lanes = page.count('<article class="lane"')
    assert page.count('<div class="day closed"') == lanes
    head = 'class="day-head closed">Mon 30.11. <span class="closed-why">closed<'
    assert page.count(head) == lanes
    client.post("/language", data={"csrf_token": token(client), "lang": "fi"})
    page = client.get(PAGE).get_data(as_text=True)
    assert page.count('<span class="closed-why">suljettu</span>') == lanes
