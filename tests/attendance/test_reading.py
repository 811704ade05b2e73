"""Reading the records back: a week's published items, their records and change history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from planner.attendance.items import SESSION, VISIT, week_items
from planner.attendance.reading import (
    carer_hours,
    changed_fields,
    history,
    published_weeks,
    session_records,
    visit_records,
)
from planner.attendance.record import confirm_hours, mark_member, record_session, record_visit
from planner.store.master import import_scenario
from planner.store.plans import publish, save_draft
from tests import builders as b
from tests.conftest import Bind

WEEK = b.WEEK
SESSION_ID = f"g-1/{WEEK}/1"
VISIT_ID = f"n-1/{WEEK}/1"
SHIFT_ID = f"{SESSION_ID}/c-aada"
AFTER = dt.datetime.fromisoformat(b.at(b.day("sun", WEEK), "20:00"))


@pytest.fixture
def session(bind: Bind):
    with Session(bind, join_transaction_mode="create_savepoint") as s:
        import_scenario(s, b.world(), actor="test")
        s.commit()
        yield s


def test_a_week_has_no_items_until_it_is_published(session: Session) -> None:
    row = save_draft(session, b.world_plan(), actor="test")
    assert week_items(session, WEEK) == []
    assert published_weeks(session, WEEK, 5) == []
    publish(session, WEEK, row.version, actor="test")
    items = week_items(session, WEEK)
    assert [(i.kind, i.id) for i in items] == [(SESSION, SESSION_ID), (VISIT, VISIT_ID)]
    assert items[0].area == "kemi" and items[0].start < items[1].start
    assert published_weeks(session, WEEK, 5) == [WEEK]
    assert published_weeks(session, "2026-W48", 5) == []


def test_records_and_their_history_are_read_back_by_item(session: Session) -> None:
    row = save_draft(session, b.world_plan(), actor="test")
    publish(session, WEEK, row.version, actor="test")
    mark_member(session, SESSION_ID, "p-1", "present", actor="hanna", now=AFTER)
    record_session(session, SESSION_ID, children=2, actor="kaisa", now=AFTER + dt.timedelta(1))
    record_visit(session, VISIT_ID, status="no_show", actor="hanna", now=AFTER)
    confirm_hours(session, SHIFT_ID, partner_id="par-parish", actor="partner:p", now=AFTER)
    session.commit()
    assert set(session_records(session, [SESSION_ID, "g-1/2026-W49/9"])) == {SESSION_ID}
    assert visit_records(session, [VISIT_ID])[VISIT_ID].status == "no_show"
    assert carer_hours(session, [SHIFT_ID])[SHIFT_ID].minutes == 150
    found = history(session, [SESSION_ID, VISIT_ID])
    # Newest first; the partner's confirmation of the session's shift belongs to the session.
    assert [(c.actor, c.ref) for c in found[SESSION_ID]] == [
        ("kaisa", SESSION_ID),
        ("partner:p", SHIFT_ID),
        ("hanna", SESSION_ID),
    ]
    assert [c.actor for c in found[VISIT_ID]] == ["hanna"]
    assert changed_fields(found[SESSION_ID][0]) == ["children"]
    assert changed_fields(found[SESSION_ID][2]) == [
        "status",
        "facilitators",
        "carers",
        "p-1",
    ]
    assert history(session, []) == {}
