"""Locked items that break a rule on their own: the plan fails with errors naming them.

They are judged by the independent checker on a plan that holds only the locked items, so
the solver never has to explain an infeasible model: H1 is left out (the other items are
not planned yet), and H2, H3 and H6 do not judge locked items (H11).
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.check import check
from planner.check.context import Violation
from planner.domain import Plan, PlanError, Scenario, Session, Visit
from planner.domain.childcare import partners_of_carers, shift_of

JUDGED = {"H4", "H5", "H7", "H8", "H9", "H10", "H11"}


def locked_violations(scenario: Scenario) -> list[Violation]:
    """Every rule that the locked items break among themselves, as the checker words it."""
    locked = scenario.locked
    if not locked.sessions and not locked.visits:
        return []
    plan = items_plan(scenario, locked.sessions, locked.visits)
    return [
        v
        for v in check(scenario, plan)
        if v.rule in JUDGED or (v.rule == "plan" and v.text.startswith("there is no"))
    ]


def locked_errors(scenario: Scenario) -> list[PlanError]:
    """The plan's errors when its locked items break a rule among themselves."""
    return [PlanError(v.ref, v.rule, v.text) for v in locked_violations(scenario)]


def items_plan(scenario: Scenario, sessions: Sequence[Session], visits: Sequence[Visit]) -> Plan:
    """A plan that holds only these items, with the carers' shifts around the sessions."""
    partner_of, rules = partners_of_carers(scenario), scenario.settings.childcare
    # A carer the scenario lacks keeps a shift without a partner, for the checker to name.
    shifts = tuple(shift_of(s, c, partner_of.get(c, ""), rules) for s in sessions for c in s.carers)
    return Plan(
        scenario=scenario.name,
        horizon=scenario.horizon,
        status="feasible",
        stats={"solve_seconds": 0},
        sessions=tuple(sessions),
        shifts=shifts,
        visits=tuple(visits),
    )
