"""A small world with three mothers, a published week and recorded attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.attendance.record import mark_member, record_visit
from planner.store.master import import_scenario
from planner.store.plans import publish, save_draft
from tests import builders as b

WEEK = b.WEEK
SESSION = f"g-1/{WEEK}/1"
VISIT = f"n-1/{WEEK}/1"
AFTER = dt.datetime.fromisoformat(b.at(b.day("sun", WEEK), "20:00"))
PEOPLE = ("p-1", "p-2", "p-3")


def three_mothers() -> dict:
    """b.world with p-1, p-2 and p-3 in the group; p-1 also has the weekly visit."""
    participants = [b.participant(p, children=[b.child(f"ch-{p}")]) for p in PEOPLE]
    return b.world(participants=participants, groups=[b.group(members=list(PEOPLE))])


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine) as s:
        import_scenario(s, three_mothers(), actor="test")
        row = save_draft(s, b.world_plan(), actor="test")
        publish(s, WEEK, row.version, actor="test")
        s.commit()
        yield s


def attend(session: Session) -> None:
    """p-1 and p-2 present, p-3 absent; p-1's visit done."""
    for person, status in zip(PEOPLE, ("present", "present", "absent"), strict=True):
        mark_member(session, SESSION, person, status, actor="facilitator", now=AFTER)
    record_visit(session, VISIT, status="done", actor="guide", now=AFTER)
    session.commit()
