"""Participant records in the database, on SQLite and PostgreSQL: logged reads, versions,
erasure on request and by retention with the reports' distinct counts unchanged."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.records.entry import InvalidRecord, RecordInput
from planner.records.erasure import apply_retention, erase_person
from planner.records.store import (
    RecordError,
    export_records,
    first_attendance,
    read_record,
    save_record,
)
from planner.store import models as m
from planner.store.db import StaleRecord
from planner.store.master import scenario_document
from tests.records.conftest import AFTER, PEOPLE, attend

NOW = AFTER
ANSWERS = {"labour_status": "unemployed", "age_band": "25_54", "migrant": True}


def consented(until: dt.date, **answers: object) -> RecordInput:
    return RecordInput(answers or ANSWERS, consent_for=("esf_reporting",), retain_until=until)


def reads(session: Session) -> list[tuple[str, str, str | None]]:
    rows = session.scalars(sa.select(m.RecordRead).order_by(m.RecordRead.id))
    return [(r.actor, r.what, r.person) for r in rows]


def distinct_people(session: Session) -> tuple[int, int, int]:
    """What the reports count: participants present, visited, and both together."""
    present = set(
        session.scalars(
            sa.select(m.MemberAttendance.person).where(m.MemberAttendance.status == "present")
        )
    )
    visited = set(
        session.scalars(sa.select(m.VisitRecord.person).where(m.VisitRecord.status == "done"))
    )
    return len(present), len(visited), len(present | visited)


def dump(session: Session) -> str:
    """Every row of every table as text."""
    lines = []
    for table in m.Base.metadata.sorted_tables:
        for row in session.execute(sa.select(table)):
            lines.append(f"{table.name}: {json.dumps(list(row), default=str)}")
    return "\n".join(lines)


def test_every_read_and_save_is_logged_and_the_start_follows_attendance(session: Session) -> None:
    attend(session)
    view = read_record(session, "p-1", actor="web:kaisa")
    assert view.row is None and view.version == 0
    assert view.started_on == first_attendance(session, ["p-1"])["p-1"] == dt.date(2026, 12, 1)
    save_record(session, "p-1", consented(dt.date(2030, 1, 1)), actor="web:kaisa", now=NOW)
    export_records(session, actor="cli:ops")
    session.commit()
    assert reads(session) == [
        ("web:kaisa", "view", "p-1"),
        ("web:kaisa", "edit", "p-1"),
        ("cli:ops", "export", None),
    ]
    change = session.scalars(
        sa.select(m.Change).where(m.Change.kind == "participant_records")
    ).one()
    assert "unemployed" not in json.dumps(change.detail)  # the log names fields, not answers
    assert "entry.labour_status" in change.detail["fields"]


def test_a_given_start_wins_over_the_first_attendance(session: Session) -> None:
    attend(session)
    given = RecordInput({}, started_on=dt.date(2026, 11, 2))
    save_record(session, "p-3", given, actor="t", now=NOW)
    assert read_record(session, "p-3", actor="t").started_on == dt.date(2026, 11, 2)
    assert read_record(session, "p-2", actor="t").started_on == dt.date(2026, 12, 1)


def test_participation_cannot_end_before_the_first_attendance(session: Session) -> None:
    attend(session)
    with pytest.raises(InvalidRecord) as caught:
        save_record(
            session, "p-2", RecordInput({}, ended_on=dt.date(2026, 11, 30)), actor="t", now=NOW
        )
    assert caught.value.fields() == ["ended_on"]
    row = save_record(
        session, "p-2", RecordInput({}, ended_on=dt.date(2026, 12, 1)), actor="t", now=NOW
    )
    assert row.started_on is None and row.ended_on == dt.date(2026, 12, 1)


def test_a_stale_save_is_refused_and_consent_is_kept_with_its_recorder(session: Session) -> None:
    first = save_record(
        session, "p-1", consented(dt.date(2030, 1, 1)), actor="a", now=NOW, expected=0
    )
    assert (first.version, first.consent_by) == (1, "a")
    with pytest.raises(StaleRecord):
        save_record(session, "p-1", consented(dt.date(2031, 1, 1)), actor="b", now=NOW, expected=0)
    again = save_record(
        session, "p-1", consented(dt.date(2031, 1, 1)), actor="b", now=NOW, expected=1
    )
    assert (again.version, again.consent_by, again.retain_until) == (2, "a", dt.date(2031, 1, 1))


def test_of_two_saves_made_on_one_version_the_second_is_stale(
    session: Session, engine: sa.Engine
) -> None:
    save_record(session, "p-1", RecordInput({}), actor="a", now=NOW)
    session.commit()
    mine = session.get(m.ParticipantRecord, "p-1")
    assert mine.version == 1  # read, and kept in this session's identity map
    with Session(engine) as other:
        save_record(other, "p-1", consented(dt.date(2030, 1, 1)), actor="b", now=NOW, expected=1)
        other.commit()
    with pytest.raises(StaleRecord):
        save_record(session, "p-1", consented(dt.date(2031, 1, 1)), actor="a", now=NOW, expected=1)
    session.rollback()
    assert session.get(m.ParticipantRecord, "p-1").retain_until == dt.date(2030, 1, 1)


def test_a_record_without_consent_holds_no_entry_data(session: Session) -> None:
    with pytest.raises(InvalidRecord) as caught:
        save_record(session, "p-1", RecordInput(ANSWERS), actor="t", now=NOW)
    assert "consent_for" in caught.value.fields()
    with pytest.raises(RecordError) as unknown:
        read_record(session, "p-404", actor="t")
    assert unknown.value.field == "person"


def test_retention_erases_exactly_the_records_past_their_date(session: Session) -> None:
    attend(session)
    save_record(session, "p-1", consented(dt.date(2027, 1, 31)), actor="t", now=NOW)
    save_record(session, "p-2", consented(dt.date(2027, 2, 1)), actor="t", now=NOW)
    session.commit()
    before = distinct_people(session)
    done = apply_retention(session, dt.date(2027, 2, 1), actor="cli:ops", now=NOW)
    session.commit()
    assert [erasure.person for _, erasure in done] == ["p-1"]
    key = done[0][1].key
    assert distinct_people(session) == before
    people = {p.id for p in session.scalars(sa.select(m.Participant))}
    assert people == {"p-2", "p-3"}
    anonymous = session.get(m.ParticipantRecord, key)
    assert anonymous is not None and anonymous.anonymous
    assert (anonymous.entry, anonymous.area) == (ANSWERS, "kemi")
    assert anonymous.started_on == dt.date(2026, 12, 1)
    assert (anonymous.consent_by, anonymous.retain_until) == (None, None)
    rows = session.scalars(sa.select(m.VisitRecord.person)).all()
    assert rows == [key]
    assert key in session.scalars(sa.select(m.MemberAttendance.person)).all()
    assert session.get(m.ParticipantRecord, "p-2").anonymous is False
    assert apply_retention(session, dt.date(2027, 2, 1), actor="cli:ops", now=NOW) == []


def test_erasure_on_request_leaves_no_name_or_id_and_is_not_done_twice(session: Session) -> None:
    attend(session)
    save_record(session, "p-1", consented(dt.date(2030, 1, 1)), actor="t", now=NOW)
    read_record(session, "p-1", actor="t")
    session.commit()
    name = session.get(m.Participant, "p-1").name
    assert name in dump(session)
    before = distinct_people(session)
    done = erase_person(session, "p-1", actor="cli:ops", now=NOW)
    session.commit()
    text = dump(session)
    assert name not in text
    assert not re.search(r"(?<![\w-])p-1(?![\w-])", text), "the id is left somewhere"
    assert distinct_people(session) == before
    assert done.rows["plan_versions"] == 1 and done.rows["group_members"] == 1
    assert text.count(done.key) >= 4  # attendance, visit, record, reads, the plan's visit
    assert {r.person for r in session.scalars(sa.select(m.RecordRead))} == {done.key}
    # The master data still makes a valid scenario, so planning goes on without her.
    doc = scenario_document(session, dt.date(2026, 12, 7), previous=False)
    assert [p["id"] for p in doc["participants"]] == ["p-2", "p-3"]
    assert doc["guidance"] == []
    with pytest.raises(RecordError, match="nothing to erase"):
        erase_person(session, "p-1", actor="cli:ops", now=NOW)
    with pytest.raises(RecordError, match="nothing to erase"):
        erase_person(session, done.key, actor="cli:ops", now=NOW)


def test_a_mother_without_a_record_is_still_counted_once_erased(session: Session) -> None:
    attend(session)
    before = distinct_people(session)
    done = erase_person(session, "p-2", actor="t", now=NOW)
    session.commit()
    assert distinct_people(session) == before
    row = session.get(m.ParticipantRecord, done.key)
    assert row is not None and row.anonymous and row.started_on == dt.date(2026, 12, 1)
    assert set(PEOPLE) - {p.id for p in session.scalars(sa.select(m.Participant))} == {"p-2"}


def test_a_late_evening_visit_starts_participation_on_its_own_helsinki_day(
    session: Session,
) -> None:
    """23.30 in Helsinki is 21.30 in UTC: the day is the Helsinki one on both databases, as
    the report reads it, so erasure fixes the start to the day the ESF table counted."""
    late = dt.datetime.fromisoformat("2026-12-06T23:30:00+02:00")
    session.add(
        m.VisitRecord(
            visit_id="n-9/2026-W49/1",
            week="2026-W49",
            plan_version=1,
            need_id="n-9",
            person="p-3",
            staff_id="s-1",
            area="kemi",
            start=late,
            end=late + dt.timedelta(minutes=20),
            status="done",
            minutes=20,
            recorded_by="test",
        )
    )
    session.commit()
    assert first_attendance(session, ["p-3"]) == {"p-3": dt.date(2026, 12, 6)}
    done = erase_person(session, "p-3", actor="t", now=NOW)
    session.commit()
    assert session.get(m.ParticipantRecord, done.key).started_on == dt.date(2026, 12, 6)
