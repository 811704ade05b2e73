"""Recording what happened, from the web: the facilitator's taps, the guide's visit outcome,
the partner's carer hours and the coordinator's week, on SQLite and PostgreSQL.

The app's clock is set on the demo week's Sunday evening, when every item has started;
a test that needs an item not started yet moves it back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from tests.web import portal
from tests.web.conftest import WEEK, Auth, csrf_token, make_app, publish_plan

ZONE = ZoneInfo("Europe/Helsinki")
SUNDAY_EVENING = dt.datetime(2026, 12, 6, 20, 0, tzinfo=ZONE)
HANNA = "s-hanna"
PARTNER = portal.PARTNER


class Clock:
    """The app's "now", which a test may move."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(SUNDAY_EVENING)


@pytest.fixture
def app(database_url: str, clock: Clock) -> Iterator[Flask]:
    application = make_app(database_url, CLOCK=clock)
    yield application
    application.extensions["kotoplan.engine"].dispose()


@pytest.fixture
def plan(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return demo_plan_document


def path(item_id: str) -> str:
    return quote(item_id, safe="/")


def hers(plan: dict) -> dict:
    """Hanna's first session of the demo week whose group has at least three members."""
    return next(s for s in plan["sessions"] if HANNA in s["facilitators"])


def not_hers(plan: dict) -> dict:
    return next(s for s in plan["sessions"] if HANNA not in s["facilitators"])


def members_on(html: str) -> list[str]:
    """The members a page offers one tap each for."""
    return re.findall(r'name="person" value="([^"]+)"', html)


def query(app: Flask, statement):
    from web import database

    with app.app_context():
        return database.session().execute(statement).all()


def record_of(app: Flask, session_id: str) -> dict[str, str]:
    from planner.store import models as m

    rows = query(
        app,
        sa.select(m.MemberAttendance.person, m.MemberAttendance.status).where(
            m.MemberAttendance.session_id == session_id
        ),
    )
    return dict(rows)


def attendance_changes(app: Flask) -> list[tuple[str, str, str]]:
    from planner.store import models as m

    rows = query(
        app,
        sa.select(m.Change.actor, m.Change.action, m.Change.ref)
        .where(m.Change.kind == "attendance")
        .order_by(m.Change.id),
    )
    return [tuple(r) for r in rows]


def tap(client: FlaskClient, session_id: str, person: str, status: str, token: str, **kw):
    return client.post(
        f"/staff/sessions/{path(session_id)}/mark",
        data={"csrf_token": token, "person": person, "status": status},
        **kw,
    )


def test_a_facilitator_marks_three_members_with_one_tap_each(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    session = hers(plan)
    listing = client.get("/staff/sessions").get_data(as_text=True)
    assert f"/staff/sessions/{path(session['id'])}" in listing
    page = client.get(f"/staff/sessions/{path(session['id'])}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    members = members_on(html)
    assert len(members) >= 3
    token = csrf_token(html)
    marks = dict(zip(members[:3], ["present", "absent", "excused"], strict=True))
    for person, status in marks.items():
        answer = tap(client, session["id"], person, status, token)
        assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#m-{person}")
    assert record_of(app, session["id"]) == marks
    # The page's script asks for JSON and gets the new state without a reload.
    answer = tap(
        client, session["id"], members[0], "excused", token, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 200 and answer.get_json()["status"] == "excused"
    assert record_of(app, session["id"])[members[0]] == "excused"
    assert (
        attendance_changes(app)
        == [("hanna", "create", session["id"])] + [("hanna", "update", session["id"])] * 3
    )
    # Her page shows the taps as pressed, and the mothers' names (she facilitates the group).
    html = client.get(f"/staff/sessions/{path(session['id'])}").get_data(as_text=True)
    assert html.count('aria-pressed="true"') == 3


def test_the_facilitator_records_a_cancelled_session_and_who_came(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m

    auth.login("staff")
    session = hers(plan)
    url = f"/staff/sessions/{path(session['id'])}"
    html = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "version": "0", "status": "cancelled", "reason": ""}
    refused = client.post(url, data=data)
    assert refused.status_code == 400 and "reason" in refused.get_data(as_text=True)
    data.update(reason="Lumimyräkkä", children="3", facilitators=[HANNA])
    assert client.post(url, data=data).status_code == 302
    r = m.SessionRecord
    (row,) = query(
        app,
        sa.select(r.status, r.cancel_reason, r.children, r.facilitators, r.recorded_by).where(
            r.session_id == session["id"]
        ),
    )
    assert tuple(row) == ("cancelled", "Lumimyräkkä", 3, [HANNA], "hanna")
    html = client.get(url).get_data(as_text=True)
    assert "Lumimyräkkä" in html and members_on(html) == []  # no taps on a cancelled session


def test_a_staff_member_not_on_the_session_is_refused(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    other = not_hers(plan)
    assert client.get(f"/staff/sessions/{path(other['id'])}").status_code == 403
    listing = client.get("/staff/sessions").get_data(as_text=True)
    assert path(other["id"]) not in listing
    token = csrf_token(client.get("/staff/sessions").get_data(as_text=True))
    group = next(g for g in demo_document(WEEK)["groups"] if g["id"] == other["group"])
    answer = tap(client, other["id"], group["members"][0], "present", token)
    assert answer.status_code == 403
    assert record_of(app, other["id"]) == {}
    # Nor may she record another staff member's visit.
    visit = next(v for v in plan["visits"] if v["staff"] != HANNA)
    answer = client.post(
        f"/visits/{path(visit['id'])}/outcome",
        data={"csrf_token": token, "version": "0", "status": "done", "minutes": "60"},
    )
    assert answer.status_code == 403


def test_an_item_not_started_is_shown_without_a_form_and_refused(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict, clock: Clock
) -> None:
    session = hers(plan)
    clock.moment = dt.datetime.fromisoformat(session["start"]) - dt.timedelta(minutes=1)
    auth.login("staff")
    page = client.get(f"/staff/sessions/{path(session['id'])}").get_data(as_text=True)
    assert "Not started yet" in page and members_on(page) == []
    listing = client.get("/staff/sessions").get_data(as_text=True)
    assert "not started yet" in listing
    group = next(g for g in demo_document(WEEK)["groups"] if g["id"] == session["group"])
    answer = tap(client, session["id"], group["members"][0], "present", csrf_token(page))
    assert answer.status_code == 409 and "not started yet" in answer.get_data(as_text=True)
    answer = tap(
        client,
        session["id"],
        group["members"][0],
        "present",
        csrf_token(page),
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 409 and "not started" in answer.get_json()["error"]
    assert record_of(app, session["id"]) == {}


def test_a_week_not_published_or_an_item_not_in_it_is_404_with_a_reason(
    client: FlaskClient, auth: Auth, plan: dict
) -> None:
    auth.login("staff")
    answer = client.get("/staff/sessions/g-arki-kemi/2026-W50/1")
    assert answer.status_code == 404 and "not published" in answer.get_data(as_text=True)
    answer = client.get(
        f"/staff/sessions/g-arki-kemi/{WEEK}/99", headers={"Accept": "application/json"}
    )
    assert answer.status_code == 404 and "not in the published plan" in answer.get_json()["error"]


def test_the_guide_records_her_visit_done_with_its_real_length(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m

    auth.login("staff")
    visit = next(v for v in plan["visits"] if v["staff"] == HANNA)
    url = f"/visits/{path(visit['id'])}"
    html = client.get(url).get_data(as_text=True)
    planned = int(
        (
            dt.datetime.fromisoformat(visit["end"]) - dt.datetime.fromisoformat(visit["start"])
        ).total_seconds()
        // 60
    )
    assert (
        f'name="minutes" type="number" min="1" max="1440" inputmode="numeric" value="{planned}"'
        in html
    )
    data = {"csrf_token": csrf_token(html), "version": "0", "status": "cancelled"}
    assert client.post(f"{url}/outcome", data=data).status_code == 400  # by whom?
    data.update(status="done", minutes=str(planned + 15), interpreter="")
    assert client.post(f"{url}/outcome", data=data).status_code == 302
    v = m.VisitRecord
    (row,) = query(
        app,
        sa.select(v.status, v.minutes, v.interpreter, v.recorded_by).where(
            v.visit_id == visit["id"]
        ),
    )
    assert tuple(row) == ("done", planned + 15, None, "hanna")


def test_a_partner_confirms_its_carers_hours_and_no_one_elses(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m

    auth.login("partner")
    page = client.get("/partner/hours")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and portal.leaks(html, WEEK) == []
    own = portal.own_shifts(plan)
    assert own and set(portal.shift_ids(html)) == {s["id"] for s in own}
    shift = own[0]
    length = (
        dt.datetime.fromisoformat(shift["end"]) - dt.datetime.fromisoformat(shift["start"])
    ).total_seconds() / 3600
    token = csrf_token(html)
    data = {"csrf_token": token, "shift": shift["id"], "given": "yes", "hours": "2,5"}
    assert client.post(f"/partner/hours/{WEEK}", data=data).status_code == 302
    data = {"csrf_token": token, "shift": own[-1]["id"], "given": "no", "hours": ""}
    assert client.post(f"/partner/hours/{WEEK}", data=data).status_code == 302
    rows = dict(query(app, sa.select(m.CarerHours.shift_id, m.CarerHours.minutes)))
    assert rows[shift["id"]] == 150
    if len(own) > 1:
        assert rows[own[-1]["id"]] == 0
    assert f"{length:.2f}".rstrip("0").rstrip(".") in html  # prefilled, buffers included
    other = next(s for s in plan["shifts"] if s["partner"] != PARTNER)
    data = {"csrf_token": token, "shift": other["id"], "given": "yes", "hours": "1"}
    assert client.post(f"/partner/hours/{WEEK}", data=data).status_code == 404
    assert other["id"] not in dict(
        query(app, sa.select(m.CarerHours.shift_id, m.CarerHours.minutes))
    )
    assert [a for a, _, _ in attendance_changes(app)] == ["partner:seurakunta"] * len(rows)


def coordinator_form(html: str, item_id: str) -> dict[str, object]:
    """The fields of the coordinator's form of one item, as the browser would post them."""
    start = html.index(f'name="item" value="{item_id}"')
    form = html[html.rindex("<form", 0, start) : html.index("</form>", start)]
    data: dict[str, object] = {}
    for tag in re.findall(r"<input[^>]+>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("checkbox", "radio") and " checked" not in tag:
            continue
        key, text = unescape(name.group(1)), unescape(value.group(1)) if value else ""
        if kind and kind.group(1) == "checkbox":
            data.setdefault(key, []).append(text)  # type: ignore[union-attr]
        else:
            data[key] = text
    data["reason"] = ""
    return data


def test_the_coordinator_edits_a_record_on_the_week_page_and_a_stale_form_is_refused(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m

    session = plan["sessions"][0]
    group = next(g for g in demo_document(WEEK)["groups"] if g["id"] == session["group"])
    auth.login("coordinator")
    portal.english(client)
    assert f"/attendance/{WEEK}" in client.get(f"/plan/{WEEK}").get_data(as_text=True)
    html = client.get(f"/attendance/{WEEK}").get_data(as_text=True)
    for item in [*plan["sessions"], *plan["visits"]]:
        assert f'name="item" value="{item["id"]}"' in html
    data = coordinator_form(html, session["id"])
    assert data["version"] == "0"
    first, second = group["members"][:2]
    data[f"member:{first}"] = "present"
    data[f"member:{second}"] = "absent"
    data["children"] = "4"
    saved = client.post(f"/attendance/{WEEK}/sessions", data=data)
    assert saved.status_code == 302
    assert record_of(app, session["id"]) == {first: "present", second: "absent"}
    # The same form again, on the version it was opened on: someone saved meanwhile.
    data[f"member:{first}"] = "excused"
    stale = client.post(f"/attendance/{WEEK}/sessions", data=data)
    text = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Not saved" in text and "kaisa" in text
    assert record_of(app, session["id"])[first] == "present"
    # Opened again, the form carries the new version and saves.
    html = client.get(f"/attendance/{WEEK}").get_data(as_text=True)
    fresh = coordinator_form(html, session["id"])
    assert fresh["version"] == "1" and fresh[f"member:{first}"] == "present"
    fresh[f"member:{first}"] = "excused"
    assert client.post(f"/attendance/{WEEK}/sessions", data=fresh).status_code == 302
    assert record_of(app, session["id"])[first] == "excused"
    (row,) = query(app, sa.select(m.SessionRecord.children, m.SessionRecord.version))
    assert tuple(row) == (4, 2)
    # The history names who changed what, and when.
    html = client.get(f"/attendance/{WEEK}").get_data(as_text=True)
    assert "History: 2 changes" in html and html.count("<strong>kaisa</strong>") == 2


def test_the_coordinator_week_refuses_what_is_not_published_or_not_started(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict, clock: Clock
) -> None:
    auth.login("coordinator")
    portal.english(client)
    answer = client.get("/attendance/2026-W50")
    assert answer.status_code == 404 and "not published" in answer.get_data(as_text=True)
    visit = plan["visits"][0]
    clock.moment = dt.datetime.fromisoformat(visit["start"]) - dt.timedelta(hours=1)
    html = client.get(f"/attendance/{WEEK}").get_data(as_text=True)
    assert f'name="item" value="{visit["id"]}"' not in html and "Not started yet" in html
    data = {
        "csrf_token": csrf_token(html),
        "item": visit["id"],
        "version": "0",
        "status": "no_show",
    }
    answer = client.post(f"/attendance/{WEEK}/visits", data=data)
    assert answer.status_code == 409 and "not started yet" in answer.get_data(as_text=True)
    data["item"] = f"n-01/{WEEK}/99"
    assert client.post(f"/attendance/{WEEK}/visits", data=data).status_code == 404


def test_the_coordinator_records_a_visit_that_its_guide_then_sees(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m

    visit = next(v for v in plan["visits"] if v["staff"] == HANNA)
    auth.login("coordinator")
    portal.english(client)
    html = client.get(f"/attendance/{WEEK}").get_data(as_text=True)
    data = coordinator_form(html, visit["id"])
    data.update(status="cancelled", cancelled_by="")
    assert client.post(f"/attendance/{WEEK}/visits", data=data).status_code == 400
    data.update(cancelled_by="participant")
    assert client.post(f"/attendance/{WEEK}/visits", data=data).status_code == 302
    v = m.VisitRecord
    (row,) = query(app, sa.select(v.status, v.cancelled_by, v.minutes, v.recorded_by))
    assert tuple(row) == ("cancelled", "participant", None, "kaisa")
    auth.logout()
    auth.login("staff")
    page = client.get(f"/visits/{path(visit['id'])}").get_data(as_text=True)
    assert "by the participant" in page and "Recorded by kaisa" in page


def test_the_staff_pages_show_nothing_of_the_esf_entry_data(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    from planner.store import models as m
    from web import database

    session = hers(plan)
    group = next(g for g in demo_document(WEEK)["groups"] if g["id"] == session["group"])
    visit = next(v for v in plan["visits"] if v["staff"] == HANNA)
    with app.app_context():
        db = database.session()
        for person in [*group["members"], visit["participant"]]:
            db.merge(
                m.ParticipantRecord(
                    person=person,
                    entry={"education": "ISCED-SECRET-3", "labour_market": "SECRET-unemployed"},
                    consent_for="ESF-SECRET",
                    updated_by="kaisa",
                )
            )
        db.commit()
    auth.login("staff")
    for url in (
        "/staff/sessions",
        f"/staff/sessions/{path(session['id'])}",
        f"/visits/{path(visit['id'])}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "SECRET" not in page, url


ODD = ["", "x", "-1", "²", "٣", "99999999999999999999", "1.5", "\x00", "a" * 300, "0"]


def test_odd_input_to_every_record_form_is_a_4xx_never_a_5xx(
    app: Flask, client: FlaskClient, auth: Auth, plan: dict
) -> None:
    session, visit = hers(plan), next(v for v in plan["visits"] if v["staff"] == HANNA)
    shift = portal.own_shifts(plan)[0]
    own = f"/staff/sessions/{path(session['id'])}"
    posts = {
        "staff": [
            (own, ["version", "status", "children", "reason", "facilitators", "carer_extra"]),
            (f"{own}/mark", ["person", "status"]),
            (
                f"/visits/{path(visit['id'])}/outcome",
                ["version", "status", "minutes", "interpreter", "cancelled_by"],
            ),
        ],
        "coordinator": [
            (
                f"/attendance/{WEEK}/sessions",
                ["item", "version", "status", f"member:{session['id']}", "children"],
            ),
            (f"/attendance/{WEEK}/visits", ["item", "version", "status", "minutes"]),
        ],
        "partner": [(f"/partner/hours/{WEEK}", ["shift", "given", "hours"])],
    }
    base = {
        "version": "0",
        "status": "held",
        "person": "p-01",
        "minutes": "60",
        "item": session["id"],
        "shift": shift["id"],
        "given": "yes",
        "hours": "2",
    }
    for role, forms in posts.items():
        auth.login(role)
        token = csrf_token(client.get("/calendars/").get_data(as_text=True))
        for url, fields in forms:
            for name in fields:
                for value in ODD:
                    data = {**base, "csrf_token": token, name: value}
                    answer = client.post(url, data=data)
                    assert answer.status_code < 500, (role, url, name, value)
        auth.logout()
