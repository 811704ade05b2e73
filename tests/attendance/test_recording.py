"""Recording what happened at a published plan's items, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.attendance.importer import ImportRejected, import_attendance
from planner.attendance.items import AttendanceError
from planner.attendance.record import confirm_hours, mark_member, record_session, record_visit
from planner.store import models as m
from planner.store.master import import_scenario
from planner.store.plans import publish, save_draft
from tests import builders as b
from tests.conftest import Bind

WEEK = b.WEEK
SESSION = f"g-1/{WEEK}/1"
VISIT = f"n-1/{WEEK}/1"
AFTER = dt.datetime.fromisoformat(b.at(b.day("sun", WEEK), "20:00"))
BEFORE = dt.datetime.fromisoformat(b.at(b.day("mon", WEEK), "08:00"))


@pytest.fixture
def session(bind: Bind):
    with Session(bind, join_transaction_mode="create_savepoint") as s:
        import_scenario(s, b.world(), actor="test")
        s.commit()
        yield s


def published_world(session: Session) -> None:
    row = save_draft(session, b.world_plan(), actor="test")
    publish(session, WEEK, row.version, actor="test")
    session.commit()


def test_nothing_is_recorded_for_a_week_without_a_published_plan(session: Session) -> None:
    save_draft(session, b.world_plan(), actor="test")
    with pytest.raises(AttendanceError, match="not published"):
        mark_member(session, SESSION, "p-1", "present", actor="t", now=AFTER)


def test_nothing_is_recorded_before_the_item_starts(session: Session) -> None:
    published_world(session)
    with pytest.raises(AttendanceError, match="has not started"):
        mark_member(session, SESSION, "p-1", "present", actor="t", now=BEFORE)


def test_a_member_marked_twice_changes_once_and_logs_once(session: Session) -> None:
    published_world(session)
    assert mark_member(session, SESSION, "p-1", "present", actor="t", now=AFTER).changed
    assert not mark_member(session, SESSION, "p-1", "present", actor="t", now=AFTER).changed
    assert mark_member(session, SESSION, "p-1", "excused", actor="u", now=AFTER).changed
    logged = session.scalars(sa.select(m.Change).where(m.Change.kind == "attendance")).all()
    assert [(c.action, c.actor) for c in logged] == [("create", "t"), ("update", "u")]
    assert logged[1].detail["before"]["members"] == {"p-1": "present"}
    assert logged[1].detail["after"]["members"] == {"p-1": "excused"}


def test_only_group_members_are_marked(session: Session) -> None:
    published_world(session)
    with pytest.raises(AttendanceError) as caught:
        mark_member(session, SESSION, "p-stranger", "present", actor="t", now=AFTER)
    assert caught.value.field == "person"


def test_a_cancelled_session_needs_a_reason_and_has_no_attendance(session: Session) -> None:
    published_world(session)
    with pytest.raises(AttendanceError, match="reason"):
        record_session(session, SESSION, status="cancelled", actor="t", now=AFTER)
    mark_member(session, SESSION, "p-1", "present", actor="t", now=AFTER)
    row = record_session(
        session, SESSION, status="cancelled", reason="snow storm", actor="t", now=AFTER
    ).row
    assert row.members == [] and row.cancel_reason == "snow storm"


def test_a_done_visit_lasts_as_planned_unless_told(session: Session) -> None:
    published_world(session)
    row = record_visit(session, VISIT, status="done", actor="t", now=AFTER).row
    assert row.minutes == 60 and row.person == "p-1"
    row = record_visit(session, VISIT, status="done", minutes=75, actor="t", now=AFTER).row
    assert row.minutes == 75
    with pytest.raises(AttendanceError) as caught:
        record_visit(session, VISIT, status="cancelled", actor="t", now=AFTER)
    assert caught.value.field == "cancelled_by"


def test_a_partner_confirms_only_its_own_shifts(session: Session) -> None:
    published_world(session)
    shift = f"{SESSION}/c-aada"
    with pytest.raises(AttendanceError, match="not a shift of par-other"):
        confirm_hours(session, shift, partner_id="par-other", actor="t", now=AFTER)
    row = confirm_hours(session, shift, partner_id="par-parish", actor="t", now=AFTER).row
    assert row.minutes == 150  # two hours and a 15-minute buffer on each side


def test_the_import_is_all_or_nothing_and_idempotent(session: Session) -> None:
    published_world(session)
    good = f"item,person,status\n{SESSION},p-1,present\n{VISIT},p-1,done\n"
    bad = good + f"{SESSION},p-9,present\nnonsense,p-1,present\n{VISIT},p-1,maybe\n"
    with pytest.raises(ImportRejected) as caught:
        import_attendance(session, bad, actor="t", now=AFTER)
    session.rollback()
    assert [line for line, _ in caught.value.problems] == [4, 5, 6]
    assert session.scalar(sa.select(sa.func.count()).select_from(m.SessionRecord)) == 0
    first = import_attendance(session, good, actor="t", now=AFTER)
    session.commit()
    again = import_attendance(session, good, actor="t", now=AFTER)
    assert (first.changed, again.changed, again.unchanged) == (2, 0, 2)
