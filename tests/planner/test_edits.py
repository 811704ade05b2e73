"""Hand edits of a plan and the differences between two versions, judged by the checker."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from planner.check import check
from planner.domain import Plan, PlanItems, Scenario
from planner.formats.plan import dump_plan, load_plan
from planner.formats.scenario import load_scenario
from planner.planning.diff import plan_diff
from planner.planning.edits import (
    EditError,
    judge_edit,
    local_start,
    move_session,
    move_visit,
    restaff_session,
    restaff_visit,
    shifts_for,
)
from planner.solver import SolveOptions, solve
from tests.conftest import load_data

SUNDAY = dt.date(2026, 12, 6)  # Independence Day, a public holiday


@pytest.fixture(scope="module")
def world() -> tuple[Scenario, Plan]:
    scenario = load_scenario(load_data("tiny-scenario.json"))
    plan = solve(scenario, SolveOptions(time_limit=2, workers=1, deterministic=True))
    assert plan.sessions and plan.visits and not check(scenario, plan)
    return scenario, plan


def _with_childcare(plan: Plan):
    return next(s for s in plan.sessions if s.carers)


def _roundtrip(plan: Plan) -> dict[str, Any]:
    """The edited plan written and read back: the format's own checks pass."""
    document = dump_plan(plan)
    load_plan(document)
    return document


def test_a_moved_session_takes_its_shifts_along_and_keeps_its_length(world) -> None:
    scenario, plan = world
    session = _with_childcare(plan)
    start = session.start + dt.timedelta(minutes=15)
    edited = move_session(scenario, plan, session.id, start, session.venue)
    moved = next(s for s in edited.sessions if s.id == session.id)
    assert (moved.start, moved.end - moved.start) == (start, session.end - session.start)
    buffer = dt.timedelta(minutes=scenario.settings.childcare.buffer_minutes)
    shifts = [s for s in edited.shifts if s.session == session.id]
    assert sorted(s.carer for s in shifts) == sorted(session.carers)
    assert all((s.start, s.end) == (moved.start - buffer, moved.end + buffer) for s in shifts)
    assert len(edited.shifts) == len(plan.shifts)
    _roundtrip(edited)


def test_an_edited_plan_has_its_cost_travel_and_status_worked_out_again(world) -> None:
    scenario, plan = world
    visit = plan.visits[0]
    edited = move_visit(scenario, plan, visit.id, visit.start + dt.timedelta(minutes=15))
    assert edited.status == "feasible" and edited.bound is None
    assert edited.objective == pytest.approx(sum(edited.cost.values()))
    assert _roundtrip(edited)["objective"] == edited.objective


def test_re_staffing_a_session_gives_each_new_carer_a_shift(world) -> None:
    scenario, plan = world
    session = _with_childcare(plan)
    extra = next(c for c in scenario.carers() if c.id not in session.carers)
    carers = [*session.carers, extra.id]
    edited = restaff_session(
        scenario, plan, session.id, session.facilitators, carers, session.interpreters
    )
    shifts = {s.carer: s for s in edited.shifts if s.session == session.id}
    assert set(shifts) == set(carers)
    assert shifts[extra.id].id == f"{session.id}/{extra.id}"
    assert shifts[extra.id].venue == session.venue


def test_an_unknown_carer_or_item_is_an_edit_error(world) -> None:
    scenario, plan = world
    session = _with_childcare(plan)
    with pytest.raises(EditError):
        shifts_for(scenario, replace(session, carers=("c-nobody",)))
    with pytest.raises(EditError):
        restaff_visit(scenario, plan, "n-9/2026-W49/1", "s-aino", None)


def test_a_move_onto_a_holiday_is_judged_by_the_checker(world) -> None:
    scenario, plan = world
    session = plan.sessions[0]
    start = local_start(scenario, SUNDAY, dt.time(10))
    edited = move_session(scenario, plan, session.id, start, session.venue)
    broken = judge_edit(scenario, plan, edited, session.id)
    assert {(v.rule, v.ref) for v in broken} >= {("H2", session.id), ("H3", session.id)}


def test_a_locked_item_is_judged_unlocked_when_it_is_edited(world) -> None:
    scenario, plan = world
    session = plan.sessions[0]
    locked = replace(scenario, locked=PlanItems(sessions=(session,)))
    start = local_start(scenario, SUNDAY, dt.time(10))
    edited = move_session(locked, plan, session.id, start, session.venue)
    # Locked, the move would only break H11; the rules a lock waives still judge an edit.
    assert "H2" in {v.rule for v in judge_edit(locked, plan, edited, session.id)}


def _clean_moves(scenario: Scenario, plan: Plan, not_on: dt.date):
    """(visit id, edited plan) of every visit that can move by a quarter or half an hour."""
    for visit in plan.visits:
        if visit.start.date() == not_on:
            continue
        for minutes in (15, -15, 30, -30):
            start = visit.start + dt.timedelta(minutes=minutes)
            edited = move_visit(scenario, plan, visit.id, start)
            if not judge_edit(scenario, plan, edited, visit.id):
                yield visit.id, edited


def test_what_the_plan_broke_before_an_edit_is_not_blamed_on_it(world) -> None:
    scenario, plan = world
    first = plan.visits[0]
    closed = replace(scenario, closed_dates=(first.start.date(),))  # master data changed since
    assert any(v.ref == first.id for v in check(closed, plan))
    moved, edited = next(_clean_moves(scenario, plan, not_on=first.start.date()))
    assert judge_edit(closed, plan, edited, moved) == []


def test_the_difference_of_two_versions_item_by_item(world) -> None:
    scenario, plan = world
    session, visit, gone = _with_childcare(plan), plan.visits[0], plan.visits[-1]
    later = move_session(
        scenario, plan, session.id, session.start + dt.timedelta(minutes=30), session.venue
    )
    other = next(s.id for s in scenario.staff if s.id != visit.staff)
    later = restaff_visit(scenario, later, visit.id, other, visit.interpreter)
    later = replace(later, visits=tuple(v for v in later.visits if v.id != gone.id))
    found = {d.ref: d for d in plan_diff(plan, later)}
    assert found[session.id].changes == ("moved",)
    assert found[visit.id].changes == ("re-staffed",)
    assert (found[visit.id].gone, found[visit.id].new) == ((visit.staff,), (other,))
    assert found[gone.id].changes == ("cancelled",)
    assert set(found) == {session.id, visit.id, gone.id}
    assert [d.changes for d in plan_diff(later, plan) if d.ref == gone.id] == [("added",)]
    assert plan_diff(plan, plan) == []
