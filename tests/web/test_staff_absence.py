"""A staff member reports an absence: a report, and the period in her master data at once."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.domain.timeparts import Period
from planner.store import models as m
from planner.store.master import export_scenario
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan
from web import database

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
NOW = dt.datetime(2026, 12, 1, 9, 41, 30, tzinfo=ZONE)  # Tuesday of the demo week


@pytest.fixture
def app(app: Flask) -> Flask:
    # The staff pages and reports take "now" from the app's clock: a day of the demo week.
    app.config["CLOCK"] = lambda: NOW
    return app


def absent_periods(app: Flask) -> list[Period]:
    """Hanna's absences as the next planning run of the demo week reads them."""
    with app.app_context():
        scenario = export_scenario(database.session(), WEEK, today=NOW.date())
    return list(next(s for s in scenario.staff if s.id == "s-hanna").absent)


def reports(app: Flask) -> list[SimpleNamespace]:
    """Every absence report, as plain values that outlive the request's session."""
    with app.app_context():
        rows = database.session().scalars(sa.select(m.AbsenceReport).order_by(m.AbsenceReport.id))
        return [
            SimpleNamespace(**{c.key: getattr(r, c.key) for c in m.AbsenceReport.__table__.columns})
            for r in rows
        ]


def as_local(value: dt.datetime) -> dt.datetime:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(ZONE)


def sick_today(client: FlaskClient):
    page = client.get("/staff/").get_data(as_text=True)
    return client.post("/staff/absence/sick", data={"csrf_token": csrf_token(page)})


def report_away(client: FlaskClient, **fields: str):
    page = client.get("/staff/absence").get_data(as_text=True)
    data = {"reason": "away", "csrf_token": csrf_token(page), **fields}
    return client.post("/staff/absence", data=data)


def test_sick_today_is_one_click_from_now_to_the_end_of_the_day(
    client: FlaskClient, auth: Auth, app: Flask
) -> None:
    auth.login("staff")
    response = sick_today(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Get well soon" in page
    [report] = reports(app)
    assert (report.person_kind, report.person_id, report.reason) == ("staff", "s-hanna", "sick")
    assert as_local(report.start) == NOW.replace(second=0)
    assert as_local(report.end) == dt.datetime(2026, 12, 2, tzinfo=ZONE)
    assert report.handled_at is None and report.reported_by == "hanna"
    assert Period(dt.datetime(2026, 12, 1, 9, 41), dt.datetime(2026, 12, 2)) in absent_periods(app)
    # She sees her own report on her week.
    assert "sent to the coordinator" in page


def test_the_absence_goes_through_the_master_data_path_with_its_change_log(
    client: FlaskClient, auth: Auth, app: Flask
) -> None:
    auth.login("staff")
    sick_today(client)
    with app.app_context():
        change = (
            database.session()
            .execute(
                sa.select(m.Change.action, m.Change.ref, m.Change.actor, m.Change.detail)
                .where(m.Change.kind == "staff")
                .order_by(m.Change.id.desc())
            )
            .first()
        )
    assert (change.action, change.ref, change.actor) == ("update", "s-hanna", "web:hanna")
    assert change.detail == {"fields": ["absent"]}


def test_sick_today_twice_is_one_report(client: FlaskClient, auth: Auth, app: Flask) -> None:
    auth.login("staff")
    sick_today(client)
    page = client.get(sick_today(client).headers["Location"]).get_data(as_text=True)
    assert "already reported" in page
    assert len(reports(app)) == 1


def test_away_for_whole_days_becomes_dates_in_her_master_data(
    client: FlaskClient, auth: Auth, app: Flask
) -> None:
    auth.login("staff")
    response = report_away(
        client, first_day="2026-12-03", last_day="2026-12-04", reason="other", note="Koulutus"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("week=2026-W49")
    [report] = reports(app)
    assert (report.reason, report.note) == ("other", "Koulutus")
    assert as_local(report.start) == dt.datetime(2026, 12, 3, tzinfo=ZONE)
    assert as_local(report.end) == dt.datetime(2026, 12, 5, tzinfo=ZONE)
    assert Period.days(dt.date(2026, 12, 3), dt.date(2026, 12, 4)) in absent_periods(app)
    page = client.get("/staff/absence").get_data(as_text=True)
    assert "Koulutus" in page


def test_away_for_part_of_a_day(client: FlaskClient, auth: Auth, app: Flask) -> None:
    auth.login("staff")
    response = report_away(client, first_day="2026-12-02", from_time="10:00", until_time="12:30")
    assert response.status_code == 302
    expected = Period(dt.datetime(2026, 12, 2, 10), dt.datetime(2026, 12, 2, 12, 30))
    assert expected in absent_periods(app)


def test_away_from_a_time_to_the_end_of_the_last_day(
    client: FlaskClient, auth: Auth, app: Flask
) -> None:
    auth.login("staff")
    report_away(client, first_day="2026-12-02", last_day="2026-12-03", from_time="13:00")
    assert Period(dt.datetime(2026, 12, 2, 13), dt.datetime(2026, 12, 4)) in absent_periods(app)


def test_the_same_absence_twice_is_refused(client: FlaskClient, auth: Auth, app: Flask) -> None:
    auth.login("staff")
    report_away(client, first_day="2026-12-02", last_day="2026-12-04")
    response = report_away(client, first_day="2026-12-03")
    assert response.status_code == 400
    assert 'id="first_day-error"' in response.get_data(as_text=True)
    assert len(reports(app)) == 1


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"first_day": "2026-12-04", "last_day": "2026-12-03"}, "last_day"),
        ({"first_day": "2026-11-30"}, "first_day"),
        ({"first_day": "32.13.2026"}, "first_day"),
        ({"first_day": ""}, "first_day"),
        ({"first_day": "2026-12-02", "from_time": "12:00", "until_time": "11:00"}, "until_time"),
        ({"first_day": "2026-12-01", "until_time": "09:00"}, "until_time"),
        ({"first_day": "2026-12-02", "until_time": "25:00"}, "until_time"),
        ({"first_day": "2026-12-02", "last_day": "2028-01-01"}, "last_day"),
        ({"first_day": "2026-12-02", "reason": "holiday"}, "reason"),
        ({"first_day": "2026-12-02", "note": "x" * 1001}, "note"),
    ],
    ids=[
        "ends-before-it-starts",
        "first-day-passed",
        "not-a-date",
        "no-first-day",
        "until-before-from",
        "already-over",
        "not-a-time",
        "too-far-ahead",
        "unknown-reason",
        "note-too-long",
    ],
)
def test_bad_input_is_refused_beside_its_field(
    client: FlaskClient, auth: Auth, app: Flask, fields: dict[str, str], wrong: str
) -> None:
    auth.login("staff")
    response = report_away(client, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{wrong}-error"' in page
    assert page.count('class="error"') == 1
    assert reports(app) == [] and absent_periods(app) == []


def test_a_post_without_the_csrf_token_is_refused(
    client: FlaskClient, auth: Auth, app: Flask
) -> None:
    auth.login("staff")
    assert client.post("/staff/absence/sick").status_code == 400
    assert reports(app) == []


def test_items_in_her_absence_are_marked_on_her_week(
    client: FlaskClient, auth: Auth, app: Flask, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    auth.login("staff")
    report_away(client, first_day="2026-12-02", last_day="2026-12-06")
    page = client.get(f"/staff/?week={WEEK}").get_data(as_text=True)
    later = [
        v for v in demo_plan_document["visits"]
        if v["staff"] == "s-hanna" and v["start"] >= "2026-12-02"
    ]  # fmt: skip
    assert page.count("during-absence") >= len(later)
    assert page.count("absent-note") == 5


def test_her_latest_reports_and_those_in_the_week_come_from_one_query(app: Flask) -> None:
    """The week page's single read gives what the two separate reads give."""
    from web import absences

    with app.app_context():
        session = database.session()
        day = dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC)
        for n in range(14):  # reported one a day; every third one lies in the demo week
            start = NOW + dt.timedelta(hours=n) if n % 3 == 0 else day + dt.timedelta(days=n)
            session.add(
                m.AbsenceReport(
                    person_kind="staff", person_id="s-hanna", start=start,
                    end=start + dt.timedelta(hours=2), reason="away", reported_by="hanna",
                    reported_at=day - dt.timedelta(days=30 - n),
                )
            )  # fmt: skip
        session.flush()
        week = (dt.datetime(2026, 11, 30, tzinfo=ZONE), dt.datetime(2026, 12, 7, tzinfo=ZONE))
        latest, during = absences.latest_and_overlapping(session, "staff", "s-hanna", *week)
        assert [r.id for r in latest] == [
            r.id for r in absences.reports_of(session, "staff", "s-hanna")
        ]
        assert [r.id for r in during] == [
            r.id for r in absences.overlapping(session, "staff", "s-hanna", *week)
        ]
        assert len(latest) == absences.SHOWN and len(during) == 5  # n = 0, 3, 6, 9, 12
        session.rollback()
