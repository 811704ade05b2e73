"""The independent plan checker: which hard rules H1-H11 of its scenario does a plan break?

It reads only the scenario and the plan (spec/SCENARIO.md, "Hard rules") and shares no code
with the solver, so that it can judge the solver. One function per rule, listed in `RULES`,
in a module per family: `placement` (H1-H4), `people` (H5-H8), `childcare` (H9),
`language` (H10) and `locks` (H11). `consistency` first reports what is not a rule but
plainly wrong (a dangling reference, a shift named after another session), and every rule
skips what such a fault leaves unknown.
Texts name items and people by id only: they may leave the process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from planner.check.childcare import h9_childcare
from planner.check.consistency import plan_consistency
from planner.check.context import CheckContext, Violation
from planner.check.language import h10_language
from planner.check.locks import h11_locked
from planner.check.people import (
    h5_one_place_at_a_time,
    h6_availability,
    h7_working_time,
    h8_roles_and_skills,
)
from planner.check.placement import h1_demand, h2_calendar, h3_windows, h4_venue
from planner.domain import Plan, Scenario

Rule = Callable[[CheckContext], Iterator[Violation]]


def check(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every violation of the hard rules by a plan, in a stable order."""
    if plan.status == "failed":
        if plan.errors:
            return []
        return [Violation("plan", "errors", "the plan failed without saying why")]
    ctx = CheckContext(scenario, plan)
    found = dict.fromkeys(v for rule in (plan_consistency, *RULES) for v in rule(ctx))
    return sorted(found, key=lambda v: v.order)


RULES: tuple[Rule, ...] = (
    h1_demand,
    h2_calendar,
    h3_windows,
    h4_venue,
    h5_one_place_at_a_time,
    h6_availability,
    h7_working_time,
    h8_roles_and_skills,
    h9_childcare,
    h10_language,
    h11_locked,
)

__all__ = ["RULES", "Violation", "check", "plan_consistency"]
