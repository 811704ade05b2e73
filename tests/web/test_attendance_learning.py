"""What planning learns from attendance, in the coordinator's pages: the mothers who stopped
coming on the start page, and the setting "childcare follows attendance"."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.domain.timeparts import iso_week
from planner.store import models as m
from tests.web.conftest import Auth, csrf_token
from web import database

GROUP = "g-venaja-tornio"
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def record_weeks(app: Flask, gone: str, weeks: int = 4) -> list[str]:
    """The group held a session in each of the `weeks` weeks before NOW; `gone` never came."""
    held = []
    with app.app_context():
        session = database.session()
        members = session.scalars(
            sa.select(m.GroupMember.participant_id).where(m.GroupMember.group_id == GROUP)
        ).all()
        for n in range(weeks, 0, -1):
            start = NOW - dt.timedelta(weeks=n)
            week = iso_week(start.date())
            session.add(
                m.SessionRecord(
                    session_id=f"{GROUP}/{week}/1",
                    week=week,
                    plan_version=1,
                    group_id=GROUP,
                    venue_id="v-tornio-kirjasto",
                    area="tornio",
                    start=start,
                    end=start + dt.timedelta(hours=2),
                    status="held",
                    facilitators=[],
                    carers=[],
                    recorded_by="test",
                    members=[
                        m.MemberAttendance(person=p, status="absent" if p == gone else "present")
                        for p in members
                    ],
                )  # fmt: skip
            )
            held.append(week)
        session.commit()
    return held


def name_of(app: Flask, person: str) -> str:
    with app.app_context():
        participant = database.session().get(m.Participant, person)
        assert participant is not None
        return participant.name


def test_the_start_page_names_a_mother_who_has_not_come_for_four_weeks(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    app.config["CLOCK"] = lambda: NOW
    auth.login()
    assert "Not come for 4 weeks" not in client.get("/planning").get_data(as_text=True)
    record_weeks(app, "p-42", weeks=3)
    # Three weeks of sessions are not four: nothing to say yet.
    assert "Not come for 4 weeks" not in client.get("/planning").get_data(as_text=True)
    with app.app_context():
        database.session().execute(sa.delete(m.SessionRecord))
        database.session().commit()
    record_weeks(app, "p-42")
    page = client.get("/planning").get_data(as_text=True)
    assert "Not come for 4 weeks" in page
    found = re.search(r'<li id="absentee-p-42">(.*?)</li>', page, re.S)
    assert found, page
    assert name_of(app, "p-42") in found.group(1)
    assert "Elämänhallinta (venäjäksi), Tornio" in found.group(1)
    assert "never recorded present" in found.group(1)
    assert page.count('id="absentee-') == 1  # the others came


def test_the_setting_is_off_and_the_coordinator_turns_it_on(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login()
    page = client.get("/data/settings").get_data(as_text=True)
    assert 'name="childcare_follows_attendance"' in page and " checked" not in page
    version = re.search(r'name="record_version" value="(\d+)"', page).group(1)
    saved = client.post(
        "/data/settings",
        data={"csrf_token": csrf_token(page), "record_version": version,
              "childcare_follows_attendance": "on"},
    )  # fmt: skip
    assert saved.status_code == 302
    with app.app_context():
        org = database.session().scalar(sa.select(m.Organisation))
        assert org is not None and org.childcare_follows_attendance
    page = client.get("/data/settings").get_data(as_text=True)
    assert " checked" in page
    # A page opened before that save is refused, and names why.
    stale = client.post(
        "/data/settings", data={"csrf_token": csrf_token(page), "record_version": version}
    )
    assert stale.status_code == 409
    assert "changed since this page was opened" in stale.get_data(as_text=True)
    bad = client.post(
        "/data/settings",
        data={"csrf_token": csrf_token(page), "childcare_follows_attendance": "yes"},
    )
    assert bad.status_code == 400 and "childcare_follows_attendance" in bad.get_data(as_text=True)


def test_staff_and_partners_cannot_open_the_settings(client: FlaskClient, auth: Auth) -> None:
    for role in ("staff", "partner"):
        auth.login(role)
        assert client.get("/data/settings").status_code in (302, 403)
        auth.logout()
