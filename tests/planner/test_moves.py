"""Where an item fits on the demo week: every listed option is an edit the checker accepts."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

import pytest

from planner.check import check
from planner.demo import demo_document
from planner.domain import Plan, Scenario, Session
from planner.domain.timeparts import TimeRange, WeeklyWindows
from planner.formats.scenario import load_scenario
from planner.planning.edits import (
    judge_edit,
    local_start,
    move_session,
    move_visit,
    restaff_session,
    restaff_visit,
    without_lock,
)
from planner.planning.moves import Fit, Staffing, where_it_fits, who_is_free, windows_of
from planner.planning.moves.staffing import staffing_for
from planner.solver import SolveOptions, solve
from planner.solver.space import DEFAULT_VISIT_WINDOWS, item_space


@pytest.fixture(scope="module")
def demo() -> tuple[Scenario, Plan]:
    scenario = load_scenario(demo_document("2026-W49"), today=dt.date(2026, 11, 27))
    plan = solve(scenario, SolveOptions(time_limit=3, workers=1, deterministic=True))
    assert plan.sessions and plan.visits and not check(scenario, plan)
    return scenario, plan


def applied(scenario: Scenario, plan: Plan, item_id: str, fit: Fit) -> Plan:
    """The plan with the item moved to a fit and staffed as the fit says."""
    people = fit.staffing
    if fit.venue is not None:
        moved = move_session(scenario, plan, item_id, fit.start, fit.venue)
        return restaff_session(
            scenario, moved, item_id, people.facilitators, people.carers, people.interpreters
        )
    moved = move_visit(scenario, plan, item_id, fit.start)
    assert people.staff is not None
    return restaff_visit(scenario, moved, item_id, people.staff, people.interpreter)


def _picked(plan: Plan) -> list[str]:
    """A session with carers and interpreters, one without, and visits with and without one."""
    sessions = [
        next(s for s in plan.sessions if s.carers and s.interpreters),
        next(s for s in plan.sessions if not s.interpreters),
    ]
    visits = [v for v in plan.visits if v.interpreter][:1] + [
        v for v in plan.visits if not v.interpreter
    ][:1]
    return [i.id for i in (*sessions, *visits)]


def test_every_listed_fit_is_an_edit_the_checker_accepts(demo) -> None:
    scenario, plan = demo
    for item_id in _picked(plan):
        fits = where_it_fits(scenario, plan, item_id)
        assert len(fits) >= 3, item_id
        for fit in fits:
            edited = applied(scenario, plan, item_id, fit)
            assert judge_edit(scenario, plan, edited, item_id) == [], (item_id, fit.start)


def test_fits_are_cheapest_first_and_their_cost_is_the_plans_change(demo) -> None:
    scenario, plan = demo
    item_id = _picked(plan)[0]
    fits = where_it_fits(scenario, plan, item_id)
    assert [f.cost for f in fits] == sorted(f.cost for f in fits)
    # The plan now, its cost worked out again from the plan alone, as an edit's is.
    original = restaff_session(scenario, plan, item_id, *_people(plan_item(plan, item_id)))
    for fit in (fits[0], fits[-1]):
        edited = applied(scenario, plan, item_id, fit)
        assert fit.cost == pytest.approx(edited.objective - original.objective)
        assert sum(fit.goals.values()) == pytest.approx(fit.cost)


def plan_item(plan: Plan, item_id: str) -> Session:
    return next(s for s in plan.sessions if s.id == item_id)


def _people(session: Session):
    return session.facilitators, session.carers, session.interpreters


def test_no_fit_is_where_the_item_is_or_on_a_date_of_its_sibling(demo) -> None:
    scenario, plan = demo
    session = next(s for s in plan.sessions if sum(o.group == s.group for o in plan.sessions) > 1)
    sibling = next(o for o in plan.sessions if o.group == session.group and o.id != session.id)
    fits = where_it_fits(scenario, plan, session.id)
    assert fits
    assert not [f for f in fits if f.start == session.start and f.venue == session.venue]
    assert not [f for f in fits if f.start.date() == sibling.start.date()]


def test_the_people_free_at_the_items_time_are_each_accepted_alone(demo) -> None:
    scenario, plan = demo
    visit = next(v for v in plan.visits if not v.interpreter)
    free = who_is_free(scenario, plan, visit.id)
    assert visit.staff in free["guide"]
    for guide in free["guide"]:
        edited = restaff_visit(scenario, plan, visit.id, guide, None)
        broken = judge_edit(scenario, plan, edited, visit.id)
        # A guide who does not share her language needs an interpreter (H10), nothing else.
        assert {v.rule for v in broken} <= {"H10"}, (guide, broken)
    busy = {s.id for s in scenario.staff} - set(free["guide"])
    for guide in sorted(busy)[:3]:
        edited = restaff_visit(scenario, plan, visit.id, guide, None)
        assert judge_edit(scenario, plan, edited, visit.id), guide


def test_it_answers_fast_on_the_demo_week(demo) -> None:
    scenario, plan = demo
    visit = max(plan.visits, key=lambda v: len(where_it_fits(scenario, plan, v.id, limit=0)))
    begun = time.perf_counter()
    where_it_fits(scenario, plan, visit.id)
    assert time.perf_counter() - begun < 3


def test_the_violations_of_an_edit_say_which_sentence_and_what_they_name(demo) -> None:
    scenario, plan = demo
    session = plan.sessions[0]
    start = local_start(scenario, dt.date(2026, 12, 6), dt.time(10))  # Independence Day
    edited = move_session(scenario, plan, session.id, start, session.venue)
    broken = judge_edit(scenario, plan, edited, session.id)
    assert broken and all(v.code for v in broken)
    holiday = next(v for v in broken if v.code == "h2.holiday")
    assert holiday.args["item"].id == session.id and holiday.args["holiday"]


def test_a_visits_own_guide_and_interpreter_are_chosen_while_free(demo) -> None:
    scenario, plan = demo
    # A need that prefers the visit's own guide lists her twice; she must still come first.
    preferred = {n.id: n.preferred_staff for n in scenario.guidance}
    twice = next(v for v in plan.visits if preferred[v.need] == v.staff)
    with_one = next(v for v in plan.visits if v.interpreter)
    without = next(v for v in plan.visits if not v.interpreter)
    guides = tuple(sorted(s.id for s in scenario.staff if "guide" in s.roles))
    for visit in (with_one, without, twice):
        found = item_space(without_lock(scenario, visit.id), visit.id)
        assert found is not None
        space, candidate = found
        interpreters = (visit.interpreter,) if visit.interpreter else ()
        free = {"guide": guides, "interpreter": interpreters}
        chosen = staffing_for(space, candidate, visit, candidate.options[0], free)
        assert chosen == Staffing(staff=visit.staff, interpreter=visit.interpreter), visit.id


def test_a_session_without_free_facilitators_has_no_staffing(demo) -> None:
    scenario, plan = demo
    session = next(s for s in plan.sessions if s.facilitators)
    found = item_space(without_lock(scenario, session.id), session.id)
    assert found is not None
    space, candidate = found
    free = {"carer": session.carers, "interpreter": session.interpreters}
    assert staffing_for(space, candidate, session, candidate.options[0], free) is None


def test_an_items_windows_are_its_groups_needs_participants_or_the_default(demo) -> None:
    scenario, plan = demo
    session = plan.sessions[0]
    group = next(g for g in scenario.groups if g.id == session.group)
    assert windows_of(scenario, session) == ("group", group.windows)

    visit = plan.visits[0]
    hours = WeeklyWindows({"tue": (TimeRange(10 * 60, 12 * 60),)})

    def needs(windows: WeeklyWindows | None) -> tuple:
        return tuple(
            replace(n, windows=windows) if n.id == visit.need else n for n in scenario.guidance
        )

    def participants(available: WeeklyWindows | None) -> tuple:
        return tuple(
            replace(p, available=available) if p.id == visit.participant else p
            for p in scenario.participants
        )

    assert windows_of(replace(scenario, guidance=needs(hours)), visit) == ("need", hours)
    own = replace(scenario, guidance=needs(None), participants=participants(hours))
    assert windows_of(own, visit) == ("participant", hours)
    neither = replace(scenario, guidance=needs(None), participants=participants(None))
    assert windows_of(neither, visit) == ("default", DEFAULT_VISIT_WINDOWS)
