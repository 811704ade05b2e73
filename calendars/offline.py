"""Versions of a week from files alone: the scenario's `previous` before the plan.

Without a server there is no list of published versions, but a scenario exported for a
re-plan carries, as `previous`, the items of the week's published plan. Those items are the
earlier version and the new plan the latest, so that moved and dropped items reach the
feeds as updates and cancellations.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from calendars.build import Version
from planner.domain import Plan, Scenario, Session, Shift
from planner.domain.childcare import partners_of_carers, shifts_of


def _shifts(scenario: Scenario, sessions: tuple[Session, ...]) -> tuple[Shift, ...]:
    """The carers' shifts around sessions (rule H9), of the carers the scenario still holds."""
    partner_of = partners_of_carers(scenario)
    rules = scenario.settings.childcare
    return tuple(shift for s in sessions for shift in shifts_of(s, partner_of, rules))


def previous_plan(scenario: Scenario, plan: Plan) -> Plan | None:
    """The scenario's `previous` items of the plan's own weeks as a plan, if it has any.

    `previous` holds no travel, so the earlier version has none: travel legs can appear in
    the latest version but are never cancelled by it.
    """
    zone = ZoneInfo(scenario.timezone)

    def within(start: dt.datetime) -> bool:
        return plan.horizon.start <= start.astimezone(zone).date() <= plan.horizon.end

    sessions = tuple(s for s in scenario.previous.sessions if within(s.start))
    visits = tuple(v for v in scenario.previous.visits if within(v.start))
    if not sessions and not visits:
        return None
    return Plan(
        scenario=plan.scenario,
        horizon=plan.horizon,
        status="feasible",
        sessions=sessions,
        shifts=_shifts(scenario, sessions),
        visits=visits,
    )


def offline_versions(
    scenario: Scenario, plan: Plan, published_at: dt.datetime, previous_at: dt.datetime
) -> list[Version]:
    """The week's versions: `previous` (if it holds this week) at `previous_at`, the plan last."""
    earlier = previous_plan(scenario, plan)
    latest = Version(published_at, scenario, plan)
    if earlier is None:
        return [latest]
    return [Version(min(previous_at, published_at), scenario, earlier), latest]
