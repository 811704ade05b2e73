"""The setting "childcare follows attendance", on SQLite and PostgreSQL: the exported
scenario counts the children of the mothers who come, and round-trips unchanged."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.attendance.record import record_session
from planner.domain.timeparts import iso_week, week_dates
from planner.formats.scenario import dump_scenario
from planner.solver import SolveOptions, solve
from planner.store import models as m
from planner.store.master import (
    export_scenario,
    import_scenario,
    set_childcare_follows_attendance,
)
from planner.store.plans import publish, save_draft
from tests import builders as b
from tests.conftest import Bind

WEEK = b.WEEK
BEFORE = [iso_week(week_dates(WEEK)[0] - dt.timedelta(weeks=n)) for n in (4, 3, 2, 1)]
MOTHERS = ["p-1", "p-2", "p-3", "p-4"]
GONE = ["p-3", "p-4"]  # they stopped coming, with their six children


def world() -> dict:
    """Four mothers with three children of four each in one group: 12 children, 2 carers."""
    kids = lambda p: [b.child(f"{p}-{n}", "2022-03-01") for n in range(3)]  # noqa: E731
    carers = [b.carer(c, max_shifts_per_week=5) for c in ("c-aada", "c-bea", "c-cilla")]
    return b.world(
        participants=[b.participant(p, children=kids(p)) for p in MOTHERS],
        groups=[b.group(members=MOTHERS)],
        partners=[b.partner(carers=carers)],
        venues=[b.venue(capacity=30, childcare_capacity=15)],
    )


@pytest.fixture
def session(bind: Bind):
    with Session(bind, join_transaction_mode="create_savepoint") as s:
        import_scenario(s, world(), actor="test")
        for week in BEFORE:  # four weeks held: p-1 and p-2 came, p-3 and p-4 did not
            row = save_draft(s, b.world_plan(week), actor="test")
            publish(s, week, row.version, actor="test")
            after = dt.datetime.fromisoformat(b.at(b.day("sun", week), "20:00"))
            statuses = {p: "present" if p not in GONE else "absent" for p in MOTHERS}
            statuses["p-4"] = "excused" if week == BEFORE[-1] else statuses["p-4"]
            record_session(s, f"g-1/{week}/1", members=statuses, actor="t", now=after)
        s.commit()
        yield s


def carers_needed(scenario) -> int:
    plan = solve(scenario, SolveOptions(time_limit=1, workers=1, deterministic=True))
    (meeting,) = plan.sessions
    return len(meeting.carers)


def counted(scenario) -> int:
    return sum(1 for p in scenario.participants for c in p.children if not c.in_daycare)


def test_off_by_default_every_members_children_count(session: Session) -> None:
    scenario = export_scenario(session, WEEK)
    assert counted(scenario) == 12
    assert carers_needed(scenario) == 2


def test_on_the_children_of_mothers_who_stopped_coming_are_not_counted(
    session: Session,
) -> None:
    off = dump_scenario(export_scenario(session, WEEK))
    assert set_childcare_follows_attendance(session, True, "web:kaisa")
    assert not set_childcare_follows_attendance(session, True, "web:kaisa")
    scenario = export_scenario(session, WEEK)
    assert counted(scenario) == 6
    assert carers_needed(scenario) == 1
    daycare = {p.id: {c.in_daycare for c in p.children} for p in scenario.participants}
    assert daycare == {"p-1": {False}, "p-2": {False}, "p-3": {True}, "p-4": {True}}
    # The master data is as it was, and nothing else of the scenario changed.
    assert not any(session.scalars(sa.select(m.Child.in_daycare)))
    on = dump_scenario(scenario)
    for doc in (on, off):
        for participant in doc["participants"]:
            for child in participant["children"]:
                child["in_daycare"] = False
    assert on == off
    logged = session.scalars(
        sa.select(m.Change).where(m.Change.kind == "organisation", m.Change.actor == "web:kaisa")
    ).all()
    assert len(logged) == 1 and logged[0].detail["to"] is True
    # Off again: the same scenario as before.
    set_childcare_follows_attendance(session, False, "web:kaisa")
    assert counted(export_scenario(session, WEEK)) == 12


def test_a_mother_who_comes_again_counts_again(session: Session) -> None:
    set_childcare_follows_attendance(session, True, "t")
    week = WEEK
    row = save_draft(session, b.world_plan(week), actor="test")
    publish(session, week, row.version, actor="test")
    after = dt.datetime.fromisoformat(b.at(b.day("sun", week), "20:00"))
    record_session(session, f"g-1/{week}/1", members={"p-3": "present"}, actor="t", now=after)
    following = iso_week(week_dates(WEEK)[0] + dt.timedelta(weeks=1))
    scenario = export_scenario(session, following)
    assert counted(scenario) == 9  # p-3's three children are back; p-4's are not
    # The week's own records do not change its own scenario: only the weeks before do.
    assert counted(export_scenario(session, WEEK)) == 6


def test_an_exported_scenario_imported_back_changes_nothing(session: Session) -> None:
    set_childcare_follows_attendance(session, True, "t")
    exported = dump_scenario(export_scenario(session, WEEK))
    report = import_scenario(session, copy.deepcopy(exported), actor="file")
    assert not report.updated, report.lines()
    assert not any(session.scalars(sa.select(m.Child.in_daycare)))
    assert dump_scenario(export_scenario(session, WEEK)) == exported
