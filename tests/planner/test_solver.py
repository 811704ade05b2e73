"""The solver, judged by the independent checker: each rule where it binds, and what cannot be."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.check import check
from planner.demo import demo_document
from planner.demo.generate import generate_scenario
from planner.domain import Plan, Scenario
from planner.formats.scenario import load_scenario
from planner.solver import SolveOptions, plan_of, solve
from planner.solver.heuristic import construct
from planner.solver.space import build_space
from tests import builders as b

# Most tests here need a plan that keeps the rules, not a good one: one worker, a fixed seed
# and a short limit give the same plan on every run. Tests of the search itself say so.
QUICK = SolveOptions(time_limit=1.5, workers=1, deterministic=True)
ZONE = dt.timezone(dt.timedelta(hours=2))


def planned(doc: dict[str, Any], options: SolveOptions = QUICK) -> tuple[Scenario, Plan]:
    scenario = b.scenario(doc)
    plan = solve(scenario, options)
    assert check(scenario, plan) == []
    return scenario, plan


def only(items, id_part: str):
    found = [i for i in items if id_part in getattr(i, "id", getattr(i, "ref", ""))]
    assert len(found) == 1, items
    return found[0]


def test_the_builder_world_is_planned_whole() -> None:
    _, plan = planned(b.world())
    assert plan.unplaced == ()
    assert len(plan.sessions) == 1 and len(plan.visits) == 1
    assert [s.carer for s in plan.shifts] == ["c-aada"]


def test_the_model_objective_is_the_cost_of_the_plan_it_returns() -> None:
    _, plan = planned(b.world())
    assert plan.objective == sum(plan.cost.values())
    assert plan.stats["model_objective"] == plan.objective
    assert plan.bound is not None and plan.bound <= plan.objective


def test_h1_sessions_of_one_week_fall_on_different_dates() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["sessions_per_week"] = 3
    _, plan = planned(doc)
    days = {s.start.date() for s in plan.sessions}
    assert len(plan.sessions) == 3 and len(days) == 3


def test_h2_nothing_on_a_closed_date() -> None:
    doc = b.world(closed_dates=[b.day(d) for d in ("mon", "tue", "wed", "thu")])
    _, plan = planned(doc)
    assert {s.start.astimezone(ZONE).date().isoformat() for s in plan.sessions} == {b.day("fri")}


def test_h2_a_group_whose_only_day_is_closed_is_unplaced_and_says_so() -> None:
    doc = b.world(closed_dates=[b.day("tue")])
    b.find(doc, "groups", "g-1")["windows"] = b.windows("09:00-15:00", days=["tue"])
    _, plan = planned(doc)
    reasons = only(plan.unplaced, "g-1").reasons
    assert [r.rule for r in reasons] == ["H2"]
    assert "Tue" in reasons[0].text


def test_h3_a_session_waits_for_the_venue_to_open() -> None:
    doc = b.world()
    b.find(doc, "venues", "v-hall")["open"] = b.windows("12:45-17:00")
    _, plan = planned(doc)
    session = plan.sessions[0]
    # The group's windows end at 15:00; with the carer's 15-minute buffer it starts at 13:00.
    assert session.start.astimezone(ZONE).time() == dt.time(13, 0)


def test_h4_one_room_holds_one_group_at_a_time() -> None:
    doc = b.world()
    for group in doc["groups"]:
        group["windows"] = b.windows("10:00-12:00", days=["tue", "wed"])
    doc["groups"].append({**doc["groups"][0], "id": "g-2", "childcare": False, "members": []})
    doc["staff"].append(b.staff("s-bertta"))
    _, plan = planned(doc)
    assert len(plan.sessions) == 2
    assert len({s.start for s in plan.sessions}) == 2


def _seats_for_one_interpreter_too_few(childcare: bool) -> dict[str, Any]:
    """A group interpreted into Arabic at a venue whose seats are all taken without them.

    With childcare the child is in the childcare room; without it she takes a seat too.
    """
    doc = b.world()
    group = b.find(doc, "groups", "g-1")
    group.update(interpreting=["ar"], childcare=childcare)
    b.find(doc, "venues", "v-hall")["capacity"] = 2 if childcare else 3  # member, staff, child
    doc["interpreters"] = [b.interpreter("i-site", languages=["ar", "fi"])]
    return doc


@pytest.mark.parametrize("childcare", [True, False], ids=["with childcare", "without"])
def test_h4_an_on_site_interpreter_needs_a_seat_so_a_remote_one_interprets(
    childcare: bool,
) -> None:
    doc = _seats_for_one_interpreter_too_few(childcare)
    doc["interpreters"].append(b.interpreter("i-remote", languages=["ar", "fi"], remote=True))
    _, plan = planned(doc)
    assert only(plan.sessions, "g-1").interpreters == ("i-remote",)


@pytest.mark.parametrize("childcare", [True, False], ids=["with childcare", "without"])
def test_h4_with_only_an_on_site_interpreter_and_no_seat_the_session_is_left_out(
    childcare: bool,
) -> None:
    _, plan = planned(_seats_for_one_interpreter_too_few(childcare))
    assert plan.sessions == ()
    assert only(plan.unplaced, "g-1").kind == "session"


def test_h4_the_constructive_plan_counts_on_site_interpreters_too() -> None:
    scenario = b.scenario(_seats_for_one_interpreter_too_few(childcare=False))
    space = build_space(scenario)
    plan = plan_of(space, construct(space), "feasible")
    assert check(scenario, plan) == []
    assert plan.sessions == ()


def test_h5_a_participant_is_never_in_two_places() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["windows"] = b.windows("10:00-12:00", days=["wed"])
    b.find(doc, "guidance", "n-1")["windows"] = b.windows("10:00-13:00", days=["wed"])
    doc["staff"].append(b.staff("s-bertta"))
    _, plan = planned(doc)
    session, visit = plan.sessions[0], plan.visits[0]
    assert visit.start >= session.end


def test_h6_staff_work_only_when_available() -> None:
    doc = b.world()
    b.find(doc, "staff", "s-aino")["available"] = b.windows("08:00-16:00", days=["thu"])
    _, plan = planned(doc)
    days = {i.start.astimezone(ZONE).date().isoformat() for i in (*plan.sessions, *plan.visits)}
    assert days == {b.day("thu")}


def test_h7_weekly_hours_leave_room_for_one_item_only_and_say_why() -> None:
    doc = b.world()
    # 2.5 h: the session and its drives take 140 minutes, the visit 80; not both.
    b.find(doc, "staff", "s-aino")["hours_per_week"] = 2.5
    _, plan = planned(doc)
    assert len(plan.sessions) + len(plan.visits) == 1
    (left_out,) = plan.unplaced
    assert [r.rule for r in left_out.reasons] == ["H7"]
    assert "s-aino (week full)" in left_out.reasons[0].text


def test_h8_a_group_in_arabic_needs_a_facilitator_who_speaks_it() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["language"] = "ar"
    doc["staff"].append(b.staff("s-amal", languages=["ar", "fi"], roles=["facilitator"]))
    _, plan = planned(doc)
    assert only(plan.sessions, "g-1").facilitators == ("s-amal",)


def test_h9_a_baby_needs_a_carer_for_infants() -> None:
    doc = b.world()
    b.find(doc, "children", "ch-1")["birth_date"] = "2026-06-01"
    doc["partners"][0]["carers"].append(b.carer("c-bea", infants=True))
    _, plan = planned(doc)
    assert [s.carer for s in plan.shifts] == ["c-bea"]


def test_h10_a_visit_in_somali_gets_an_interpreter() -> None:
    doc = b.world()
    b.find(doc, "participants", "p-1")["languages"] = ["so"]
    doc["interpreters"] = [b.interpreter("i-1", languages=["so", "fi"])]
    _, plan = planned(doc)
    assert plan.visits[0].interpreter == "i-1"


def test_h11_a_locked_visit_stays_as_it_is() -> None:
    doc = b.world()
    locked = b.visit(f"n-1/{b.WEEK}/1", b.day("thu"), "14:00", "15:00")
    doc["locked"] = {"sessions": [], "visits": [locked]}
    _, plan = planned(doc)
    visit = plan.visits[0]
    assert (visit.staff, visit.start.isoformat()) == ("s-aino", locked["start"])


def test_h11_locked_items_that_break_a_rule_fail_the_plan_naming_them() -> None:
    doc = b.world()
    session = b.session(f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00")
    visit = b.visit(f"n-1/{b.WEEK}/1", b.day("tue"), "11:00", "12:00")
    doc["locked"] = {"sessions": [session], "visits": [visit]}
    plan = solve(b.scenario(doc), QUICK)
    assert plan.status == "failed"
    assert {e.rule for e in plan.errors} >= {"H5"}
    assert any("s-aino" in e.ref or "s-aino" in e.text for e in plan.errors)


def test_no_carers_in_the_area_leaves_the_session_out_with_the_real_cause() -> None:
    doc = b.world()
    b.add_area(doc, "tervola")
    b.find(doc, "venues", "v-hall")["area"] = "tervola"
    b.find(doc, "participants", "p-1")["area"] = "tervola"
    _, plan = planned(doc)
    reasons = only(plan.unplaced, "g-1").reasons
    assert [r.rule for r in reasons] == ["H9"]
    assert (reasons[0].code, reasons[0].args["area"]) == ("no_carer_in_area", "tervola")
    assert "no carer works in Tervola" in reasons[0].text
    assert len(plan.visits) == 1  # everything else is still planned


def test_a_language_nobody_speaks_leaves_the_visit_out_and_names_it() -> None:
    doc = b.world()
    b.find(doc, "participants", "p-1")["languages"] = ["ti"]
    _, plan = planned(doc)
    reasons = only(plan.unplaced, "n-1").reasons
    # H10 Language, not H8: a guide exists; no one can talk with the participant.
    assert [r.rule for r in reasons] == ["H10"]
    assert "speaks Tigrinya" in reasons[0].text
    assert len(plan.sessions) == 1


def test_the_same_input_gives_the_same_plan_in_deterministic_mode() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["sessions_per_week"] = 2
    options = SolveOptions(time_limit=3, deterministic=True)
    first = solve(b.scenario(doc), options)
    second = solve(b.scenario(doc), options)
    assert first.sessions == second.sessions and first.visits == second.visits


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_scenarios_give_plans_without_violations(seed: int) -> None:
    doc = generate_scenario(1, seed)
    scenario = load_scenario(doc, today=dt.date(2026, 11, 27))
    plan = solve(scenario, SolveOptions(time_limit=2, workers=1, deterministic=True))
    assert check(scenario, plan) == []
    assert all(u.reasons for u in plan.unplaced)


def test_the_demo_week_is_planned_whole_without_violations() -> None:
    # The default search, as the product runs it: that it places the whole week is the test.
    scenario = load_scenario(demo_document(), today=dt.date(2026, 11, 27))
    plan = solve(scenario, SolveOptions(time_limit=6))
    assert check(scenario, plan) == []
    assert plan.unplaced == ()


def test_more_sessions_than_free_days_leaves_the_rest_out_naming_the_days() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["sessions_per_week"] = 4
    b.find(doc, "staff", "s-aino")["available"] = b.windows("08:00-16:00", days=["tue", "wed"])
    _, plan = planned(doc)
    assert len(plan.sessions) == 2 and len(plan.visits) == 1
    assert sorted(u.ref for u in plan.unplaced) == [f"g-1/{b.WEEK}/3", f"g-1/{b.WEEK}/4"]
    for left_out in plan.unplaced:
        (reason,) = left_out.reasons
        assert reason.rule == "H1"
        assert "only be held Tue, Wed" in reason.text


def test_more_sessions_than_free_hours_leaves_the_rest_out_naming_the_full_week() -> None:
    doc = b.world()
    b.find(doc, "groups", "g-1")["sessions_per_week"] = 3
    # Five hours: two sessions with their drives (2 x 140 min) fit; a third does not.
    b.find(doc, "staff", "s-aino")["hours_per_week"] = 5
    doc["staff"].append(b.staff("s-bertta", roles=["guide"]))
    b.find(doc, "guidance", "n-1")["staff"] = ["s-bertta"]
    _, plan = planned(doc)
    assert len(plan.sessions) == 2 and len(plan.visits) == 1
    (left_out,) = plan.unplaced
    assert [r.rule for r in left_out.reasons] == ["H7"]
    assert "s-aino (week full)" in left_out.reasons[0].text
