"""The demo ships its past: four weeks planned, published and recorded, its own week not."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.orm import Session

from planner.demo import records as demo_records
from planner.demo.database import make_demo_database
from planner.demo.history import CANCELLED, GONE, history_weeks
from planner.domain.timeparts import iso_week, week_dates
from planner.records.entry import ENTRY_FIELDS, parse_entry, purposes_of
from planner.records.store import first_attendance
from planner.reports.period import Period
from planner.reports.query import report
from planner.store import db
from planner.store import models as m
from planner.store.plans import published
from web.cli import main

# A week in the past: the demo accepts it, and its four weeks before are further back.
PAST_WEEK = iso_week(dt.date.today() - dt.timedelta(weeks=10))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(
        main,
        ["demo", "--database-file", str(database), "--week", PAST_WEEK, "--time-limit", "2",
         "--no-serve"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f"History {history_weeks(PAST_WEEK)[0]} - {history_weeks(PAST_WEEK)[-1]}" in result.output
    )
    assert re.search(r"\d+ participant records with consent and ESF entry data", result.output)
    return f"sqlite:///{database}"


def test_four_past_weeks_are_published_with_records_and_the_own_week_has_none(
    demo_db: str,
) -> None:
    past = history_weeks(PAST_WEEK)
    assert past == [
        iso_week(week_dates(PAST_WEEK)[0] - dt.timedelta(weeks=n)) for n in (4, 3, 2, 1)
    ]
    with db.opened(demo_db) as engine, Session(engine) as session:
        for week in [*past, PAST_WEEK]:
            assert published(session, week) is not None, week

        def per_week(model: type[m.Base]) -> Counter[str]:
            return Counter(session.scalars(sa.select(model.week)))  # type: ignore[attr-defined]

        sessions, visits = per_week(m.SessionRecord), per_week(m.VisitRecord)
        hours = per_week(m.CarerHours)
        for week in past:
            plan = published(session, week)
            assert plan is not None
            assert sessions[week] == len(plan.document["sessions"]) > 0
            assert visits[week] == len(plan.document["visits"]) > 0
            assert hours[week] == len(plan.document["shifts"]) > 0
        for counts in (sessions, visits, hours):
            assert counts[PAST_WEEK] == 0
        records = session.scalars(sa.select(m.SessionRecord)).all()
        cancelled = [r for r in records if r.status == "cancelled"]
        assert len(cancelled) == len(CANCELLED) and all(r.cancel_reason for r in cancelled)
        assert {r.group_id for r in cancelled} == {group for _, group, _ in CANCELLED}
        statuses = Counter(a.status for r in records for a in r.members)
        assert set(statuses) == {"present", "absent", "excused"}
        # Most mothers come most weeks ...
        assert statuses["present"] > 2 * (statuses["absent"] + statuses["excused"])
        # ... the two who stopped coming never did, though they are members.
        for person in GONE:
            theirs = [a.status for r in records for a in r.members if a.person == person]
            assert theirs and "present" not in theirs
        # The children in childcare are the present mothers' (a held session with none
        # present has none), and a cancelled session's carers gave no hours.
        for r in records:
            if r.status == "held" and not any(a.status == "present" for a in r.members):
                assert r.children == 0
        given = {h.session_id: h.given for h in session.scalars(sa.select(m.CarerHours))}
        assert all(not given[r.session_id] for r in cancelled if r.session_id in given)
        assert any(given.values())
        outcomes = Counter(session.scalars(sa.select(m.VisitRecord.status)))
        assert set(outcomes) == {"done", "cancelled", "no_show"}
        assert outcomes["done"] > outcomes["cancelled"] + outcomes["no_show"]
        # Recorded through the store's path, which logs every record as a change.
        logged = session.scalar(
            sa.select(sa.func.count()).select_from(m.Change).where(m.Change.kind == "attendance")
        )
        assert logged == len(records) + sum(visits.values()) + sum(hours.values())


def test_most_mothers_who_came_have_a_record_with_consent_and_entry_data(demo_db: str) -> None:
    with db.opened(demo_db) as engine, Session(engine) as session:
        firsts = first_attendance(session, None)
        rows = session.scalars(sa.select(m.ParticipantRecord)).all()
        mothers = set(session.scalars(sa.select(m.Participant.id)))
        # Four in five of the mothers who came.
        assert set(firsts) <= mothers
        assert {r.person for r in rows} <= set(firsts)
        assert len(rows) == round(demo_records.SHARE * len(firsts)) > 0
        today = dt.date.today()
        for row in rows:
            assert purposes_of(row.consent_for) == ("esf_reporting", "stea_reporting")
            assert row.consent_by == demo_records.ACTOR == "web:koordinaattori"
            # Consent was recorded at her first attendance, and is kept for years.
            assert row.consent_at.date() == firsts[row.person]
            assert row.retain_until is not None and row.retain_until > today.replace(
                year=today.year + 2
            )
            assert row.started_on is None and not row.anonymous
            assert parse_entry(row.entry) == row.entry  # valid, every field present
        entries = [r.entry for r in rows]

        def share(field: str, *answers: object) -> float:
            return sum(e[field] in answers for e in entries) / len(entries)

        # Plausible for immigrant mothers at home with children, and not all alike.
        assert share("labour_status", "inactive", "inactive_not_in_education", "unemployed",
                     "long_term_unemployed") > 0.7  # fmt: skip
        assert share("age_band", "25_54") > 0.6 and share("foreign_background", True) == 1
        assert share("migrant", True) > 0.8
        for field in ("labour_status", "age_band", "education"):
            assert len({e[field] for e in entries}) >= 3, field
        # Saved through the store: each one a change and the coordinator's logged edit.
        changes = session.scalars(
            sa.select(m.Change.ref).where(m.Change.kind == "participant_records")
        ).all()
        assert sorted(changes) == sorted(r.person for r in rows)
        edits = session.scalars(
            sa.select(m.RecordRead.person).where(
                m.RecordRead.what == "edit", m.RecordRead.actor == demo_records.ACTOR
            )
        ).all()
        assert sorted(edits) == sorted(r.person for r in rows)


def test_the_reports_esf_table_over_the_past_weeks_counts_real_starters(demo_db: str) -> None:
    past = history_weeks(PAST_WEEK)
    period = Period(week_dates(past[0])[0], week_dates(past[-1])[1])
    with db.opened(demo_db) as engine, Session(engine) as session:
        esf = report(session, period).esf
        with_record = session.scalar(sa.select(sa.func.count()).select_from(m.ParticipantRecord))
        reached = len(first_attendance(session, None))
    # Every mother who came started in these weeks: the demo has no earlier history.
    assert esf.starters == reached > 0
    assert list(esf.fields) == list(ENTRY_FIELDS)
    assert esf.fields["foreign_background"][True] == with_record
    assert esf.fields["foreign_background"][None] == reached - with_record  # no record
    assert esf.fields["age_band"]["25_54"] > 0
    assert esf.indicators["inactive"] > 0 and esf.indicators["unemployed"] > 0
    assert esf.indicators["unemployed"] >= esf.indicators["long_term_unemployed"] > 0


def test_the_history_is_the_same_every_time(demo_db: str, tmp_path: Path) -> None:
    """Seeded: the database-only demo of the same week records the same attendance."""
    database = tmp_path / "again.db"
    make_demo_database(database, PAST_WEEK)  # the database alone, the week not planned

    def attendance(url: str) -> list[tuple[str, str, str]]:
        with db.opened(url) as engine, Session(engine) as session:
            rows = session.execute(
                sa.select(m.MemberAttendance.session_id, m.MemberAttendance.person,
                          m.MemberAttendance.status).order_by(m.MemberAttendance.session_id,
                                                              m.MemberAttendance.person)
            )  # fmt: skip
            return [tuple(row) for row in rows]  # type: ignore[misc]

    assert attendance(f"sqlite:///{database}") == attendance(demo_db)

    def records(url: str) -> list[tuple[str, dict, str | None]]:
        with db.opened(url) as engine, Session(engine) as session:
            rows = session.scalars(
                sa.select(m.ParticipantRecord).order_by(m.ParticipantRecord.person)
            )
            return [(r.person, r.entry, r.consent_for) for r in rows]

    assert records(f"sqlite:///{database}") == records(demo_db) != []


def test_the_coordinator_sees_who_stopped_coming_in_the_demo(demo_db: str) -> None:
    from web import create_app
    from web.accounts import create_user

    with db.opened(demo_db) as engine, db.session_scope(engine) as session:
        create_user(session, "kaisa", "sininen-kettu-42", "coordinator", language="en")
    app = create_app({"DATABASE_URL": demo_db, "SESSION_COOKIE_SECURE": False, "SECRET_KEY": "x"})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "kaisa", "password": "sininen-kettu-42", "csrf_token": token}
    )
    page = client.get("/planning").get_data(as_text=True)
    flagged = set(re.findall(r'<li id="absentee-([^"]+)">', page))
    assert set(GONE) <= flagged and len(flagged) <= len(GONE) + 2, flagged
    app.extensions["kotoplan.engine"].dispose()


def test_the_demo_of_the_coming_week_records_nothing_that_has_not_happened(
    tmp_path: Path,
) -> None:
    """The coming week's four weeks before end with this one: only its past is recorded."""
    database = tmp_path / "coming.db"
    make_demo_database(database, None)  # the coming week's, the week itself not planned
    now = dt.datetime.now(dt.UTC)
    with db.opened(f"sqlite:///{database}") as engine, Session(engine) as session:
        ends = [
            *session.scalars(sa.select(m.SessionRecord.end)),
            *session.scalars(sa.select(m.VisitRecord.end)),
        ]
        weeks = set(session.scalars(sa.select(m.SessionRecord.week)))
    # SQLite hands the instants back as the Helsinki wall clock they were written in.
    helsinki = ZoneInfo("Europe/Helsinki")
    assert ends and all(end.replace(tzinfo=end.tzinfo or helsinki) <= now for end in ends)
    this_week = iso_week(dt.date.today())
    assert set(history_weeks(iso_week(dt.date.today() + dt.timedelta(weeks=1)))) - weeks <= {
        this_week
    }  # every earlier week has records; this one only if something has ended yet
