"""Pins are kept unless a rule forbids them; a re-plan stays out of the past; publish checks.

Every plan here is judged by the independent checker, on builder-made weeks: a home visit in
Kemi that s-bertta, based 30 minutes away in Tornio, was given by hand although s-aino, based
in Kemi, would cost 40 minutes less travel than the stability goal charges for the change.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from planner.check import check
from planner.formats.problems import InvalidDocument
from planner.formats.scenario import dump_scenario, load_scenario
from planner.planning.absences import ABSENT, DECLINED, clashes
from planner.solver import SolveOptions, solve
from tests import builders as b

OPTIONS = SolveOptions(time_limit=3, deterministic=True)
VISIT = f"n-1/{b.WEEK}/1"


def _world(pinned: bool = True) -> dict:
    doc = b.world()
    b.add_area(doc, "tornio", between=30)
    doc["staff"].append(b.staff("s-bertta", base_area="tornio"))
    hand = b.visit(VISIT, b.day("wed"), "10:00", "11:00", staff="s-bertta")
    doc["previous"] = {"sessions": [], "visits": [hand]}
    if pinned:
        doc["pinned"] = [VISIT]
    return doc


def _visit(plan):
    return next(v for v in plan.visits if v.id == VISIT)


def test_without_a_pin_the_optimiser_trades_the_hand_edit_for_less_travel() -> None:
    scenario = b.scenario(_world(pinned=False))
    plan = solve(scenario, OPTIONS)
    assert check(scenario, plan) == []
    assert _visit(plan).staff == "s-aino"


def test_a_pin_that_every_rule_allows_is_kept_exactly() -> None:
    scenario = b.scenario(_world())
    plan = solve(scenario, OPTIONS)
    assert check(scenario, plan) == []
    kept = _visit(plan)
    before = scenario.previous.visits[0]
    assert (kept.staff, kept.start, kept.end) == (before.staff, before.start, before.end)
    assert plan.dropped_pins == ()
    assert plan.stats["pins_held"] == 1


def test_a_pin_inside_a_reported_absence_is_dropped_and_the_item_planned_again() -> None:
    doc = _world()
    b.find(doc, "staff", "s-bertta")["absent"] = [{"start": b.day("wed"), "end": b.day("wed")}]
    scenario = b.scenario(doc)
    plan = solve(scenario, OPTIONS)
    # Unlike a lock, a pin is judged by H6: nobody is booked inside the absence.
    assert check(scenario, plan) == []
    assert [(e.ref, e.rule) for e in plan.dropped_pins] == [(VISIT, "H6")]
    assert "s-bertta" in plan.dropped_pins[0].text
    moved = _visit(plan)
    assert not (moved.staff == "s-bertta" and moved.start.date().isoformat() == b.day("wed"))


def test_a_pin_may_only_name_a_previous_item() -> None:
    doc = _world()
    doc["pinned"] = [VISIT, "n-9/2026-W49/1"]
    with pytest.raises(InvalidDocument) as error:
        b.scenario(doc)
    assert [p.path for p in error.value.problems] == ["pinned[1]"]
    assert "previous" in error.value.problems[0].message


def test_pins_and_not_before_survive_a_round_trip() -> None:
    doc = _world()
    doc["not_before"] = b.at(b.day("wed"), "12:00")
    scenario = b.scenario(doc)
    again = load_scenario(copy.deepcopy(dump_scenario(scenario)), today=b.TODAY)
    assert again.pinned == {VISIT}
    assert again.not_before == dt.datetime.fromisoformat(doc["not_before"])


def test_a_replan_in_the_middle_of_the_week_plans_nothing_in_the_past() -> None:
    doc = b.world_plan()
    world = b.world()
    world["previous"] = {"sessions": doc["sessions"], "visits": doc["visits"]}
    # Wednesday 10:30: Tuesday's session and the start of Wednesday's visit are past.
    world["not_before"] = b.at(b.day("wed"), "10:30")
    scenario = b.scenario(world)
    plan = solve(scenario, OPTIONS)
    assert check(scenario, plan) == []
    not_before = scenario.not_before
    assert all(item.start >= not_before for item in (*plan.sessions, *plan.visits))
    # The checker sees the past too: the published plan of Tuesday breaks H2 now.
    old = b.plan(doc)
    assert {(v.rule, v.ref) for v in check(scenario, old)} >= {("H2", f"g-1/{b.WEEK}/1")}


def test_a_locked_item_inside_an_absence_and_a_declined_shift_are_clashes() -> None:
    world = b.world()
    done = b.world_plan()
    world["locked"] = {"sessions": [], "visits": done["visits"]}
    b.find(world, "staff", "s-aino")["absent"] = [{"start": b.day("wed"), "end": b.day("wed")}]
    scenario = b.scenario(world)
    plan = b.plan(done)
    # H6 lets a lock be, so the checker does not see the visit; the publish check does.
    assert not [v for v in check(scenario, plan) if v.rule == "H6" and VISIT in v.text]
    found = clashes(scenario, plan, declined={plan.shifts[0].id})
    assert {(c.item, c.person, c.why) for c in found} == {
        (VISIT, "s-aino", ABSENT),
        (plan.shifts[0].session, "c-aada", DECLINED),
    }
    assert clashes(b.scenario(b.world()), plan) == []
