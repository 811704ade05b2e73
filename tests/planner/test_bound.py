"""The lower bound: never above a feasible plan's objective, and not empty either."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from planner.check import check
from planner.demo import demo_document
from planner.demo.generate import generate_scenario
from planner.formats.scenario import load_scenario
from planner.solver import SolveOptions, solve
from planner.solver.bound import lower_bound
from planner.solver.space import build_space
from tests import builders as b
from tests.planner.test_search import busy_world

# The bound is judged against any plan that keeps the rules; the tests that need a good
# plan (a proven optimum, a search for one below the bound) keep a longer, wider search.
QUICK = SolveOptions(time_limit=1.5, workers=1, deterministic=True)


def bound_of(scenario) -> float:
    return lower_bound(build_space(scenario)).value


def checked(scenario, options: SolveOptions = QUICK):
    plan = solve(scenario, options)
    assert check(scenario, plan) == []
    return plan


def test_the_builder_world_bound_is_below_its_proven_optimum_and_counts_the_drives() -> None:
    scenario = b.scenario(b.world())
    plan = checked(scenario, SolveOptions(time_limit=5, workers=8))
    assert plan.status == "optimal"
    # s-aino drives base -> hall -> home -> base (30 min); each item is entered by one
    # 10-minute arc at least, from base or from the other item: 20.
    assert lower_bound(build_space(scenario)).parts["travel"] == 20
    assert bound_of(scenario) <= plan.objective
    assert plan.bound is not None and plan.bound <= plan.objective


def test_the_demo_and_generated_weeks_stay_above_their_bounds() -> None:
    scenarios = [load_scenario(demo_document("2026-W49"), today=b.TODAY)]
    scenarios += [
        load_scenario(generate_scenario(1, seed), today=dt.date(2026, 11, 27)) for seed in (1, 2, 3)
    ]
    for scenario in scenarios:
        plan = checked(scenario)
        own = bound_of(scenario)
        assert 0 < own <= plan.objective
        assert own <= plan.bound <= plan.objective  # the plan reports it (or a better one)


def _variants() -> dict[str, dict[str, Any]]:
    """Worlds where a careless bound would count too much."""
    worlds: dict[str, dict[str, Any]] = {}
    doc = b.world()
    doc["locked"] = {"sessions": [], "visits": [b.visit(f"n-1/{b.WEEK}/1", b.day("thu"),
                                                        "14:00", "15:00")]}  # fmt: skip
    worlds["a locked visit"] = doc
    doc = b.world()
    doc["previous"] = {
        "sessions": [b.session(f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00",
                               carers=["c-aada"])],  # fmt: skip
        "visits": [b.visit(f"n-1/{b.WEEK}/1", b.day("mon"), "08:00", "09:00")],  # not possible
    }
    worlds["previous items"] = doc
    doc = b.world()
    doc["settings"] = {"weights": {"unplaced": 0, "travel": 0, "continuity": 0, "stability": 0,
                                   "fairness": 0}}  # fmt: skip
    worlds["weights of 0"] = doc
    doc = b.world()
    doc["settings"] = {"weights": {"unplaced": 3.5, "travel": 0.25, "continuity": 1.5,
                                   "stability": 0.5, "fairness": 0.1}}  # fmt: skip
    worlds["fractional weights, unplaced cheaper than a drive"] = doc
    doc = b.world()
    b.add_area(doc, "tervola", within=15, between=55)
    b.find(doc, "participants", "p-1")["area"] = "tervola"
    worlds["a visit in a far area"] = doc
    doc = b.world()
    doc["guidance"].append(b.need("n-2", place="v-hall"))
    doc["guidance"].append(b.need("n-3", place="v-hall", duration_minutes=30))
    worlds["visits at the same venue"] = doc
    doc = b.world()
    b.find(doc, "participants", "p-1")["languages"] = ["so"]
    b.find(doc, "groups", "g-1")["interpreting"] = ["so"]
    doc["interpreters"] = [b.interpreter("i-r", languages=["so", "fi"], remote=True)]
    worlds["a remote interpreter"] = doc
    worlds["the busy world"] = busy_world()
    return worlds


@pytest.mark.parametrize("name", list(_variants()))
def test_no_feasible_plan_is_below_the_bound(name: str) -> None:
    scenario = b.scenario(_variants()[name])
    plan = checked(scenario, SolveOptions(time_limit=2, workers=8))
    assert bound_of(scenario) <= plan.objective + 1e-9


@pytest.mark.parametrize("seed", range(6))
def test_randomly_changed_worlds_stay_above_their_bounds(seed: int) -> None:
    rng = random.Random(seed)
    doc = busy_world()
    for staff in doc["staff"]:
        staff["hours_per_week"] = rng.choice([6, 12, 30])
        if rng.random() < 0.3:
            staff["absent"] = [{"start": b.day(rng.choice(b.WORKDAYS)),
                                "end": b.day(rng.choice(b.WORKDAYS))}]  # fmt: skip
            staff["absent"][0]["end"] = max(staff["absent"][0].values())
            staff["absent"][0]["start"] = min(staff["absent"][0].values())
    for need in doc["guidance"]:
        need["visits_per_week"] = rng.randint(1, 3)
    doc["travel_minutes"]["kemi"]["tornio"] = doc["travel_minutes"]["tornio"]["kemi"] = (
        rng.randint(15, 70)
    )
    scenario = b.scenario(doc)
    plan = checked(scenario, SolveOptions(time_limit=1.5, workers=2, seed=seed))
    assert bound_of(scenario) <= plan.objective + 1e-9
