"""The soft goals of a finished plan, computed from the scenario and the plan alone."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from zoneinfo import ZoneInfo

from planner.domain import Scenario, Session, Shift, Visit
from planner.planning.changes import corresponding, people, place
from planner.planning.routes import travelled_minutes

GOALS = ("unplaced", "continuity", "stability", "travel", "fairness")


def goal_counts(
    scenario: Scenario,
    sessions: list[Session],
    shifts: list[Shift],
    visits: list[Visit],
    unplaced: int,
) -> dict[str, int]:
    """Each soft goal's penalty before weighting."""
    return {
        "unplaced": unplaced,
        "continuity": _continuity(scenario, sessions, shifts, visits),
        "stability": _stability(scenario, sessions, visits),
        "travel": travelled_minutes(scenario, sessions, shifts, visits),
        "fairness": _fairness(scenario, shifts),
    }


def weighted(scenario: Scenario, counts: dict[str, int]) -> dict[str, float]:
    """The plan's `cost` field: each goal's penalty times its weight."""
    weights = scenario.settings.weights
    return {goal: counts[goal] * getattr(weights, goal) for goal in GOALS}


def _continuity(
    scenario: Scenario, sessions: list[Session], shifts: list[Shift], visits: list[Visit]
) -> int:
    preferred_staff = {n.id: n.preferred_staff for n in scenario.guidance}
    penalty = sum(
        1
        for v in visits
        if preferred_staff[v.need] is not None and v.staff != preferred_staff[v.need]
    )
    preferred_carers = {g.id: g.preferred_carers for g in scenario.groups}
    group_of = {s.id: s.group for s in sessions}
    for shift in shifts:
        preferred = preferred_carers[group_of[shift.session]]
        penalty += preferred is not None and shift.carer not in preferred
    return penalty


def _stability(scenario: Scenario, sessions: list[Session], visits: list[Visit]) -> int:
    zone = ZoneInfo(scenario.timezone)
    placed: dict[str, Session | Visit] = {s.id: s for s in sessions} | {v.id: v for v in visits}
    penalty = 0
    for before in (*scenario.previous.sessions, *scenario.previous.visits):
        now = corresponding(before, placed)
        if now is None:
            penalty += 1
            continue
        a, b = before.start.astimezone(zone), now.start.astimezone(zone)
        same_time = (a.weekday(), a.time()) == (b.weekday(), b.time())
        same_people = people(before) == people(now)
        penalty += not (same_time and place(before) == place(now) and same_people)
    return penalty


def _fairness(scenario: Scenario, shifts: list[Shift]) -> int:
    per_carer = Counter(shift.carer for shift in shifts)
    total = len(shifts)
    penalty = 0
    for partner in scenario.partners:
        if partner.share is None:
            continue
        own = sum(per_carer[c.id] for c in partner.carers)
        penalty += math.ceil(abs(own - Fraction(str(partner.share)) * total))
    return penalty + max(per_carer.values(), default=0)
