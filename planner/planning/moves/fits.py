"""Where an item fits and who is free for it: the answers, one option at a time.

Each option of the item's candidate space is looked at quickly (another date than its
owner's other items, its mothers free), then by who is free, a staffing of them and the
checker on the edited plan; what passes is a `Fit`, priced against the current plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.domain import Plan, Scenario, Session
from planner.planning.costs import GOALS
from planner.planning.edits import find_item
from planner.planning.moves.probe import Probe
from planner.planning.moves.staffing import Staffing
from planner.solver.space import Option

# At most this many options are tried: a week's windows give a session or visit ~100-150.
MAX_OPTIONS = 300
SESSION_ROLES = ("facilitator", "carer", "interpreter")
VISIT_ROLES = ("guide", "interpreter")


@dataclass(frozen=True)
class Fit:
    """A time and place where the item keeps every rule, with people free then and its cost."""

    start: dt.datetime
    end: dt.datetime
    venue: str | None  # a session's venue; a visit's place stays its need's
    staffing: Staffing  # people who are free then; the checker accepts the item with them
    free: Mapping[str, tuple[str, ...]]  # role -> everyone free then for it
    cost: float  # the plan's cost after the move less its cost now
    goals: Mapping[str, float] = field(default_factory=dict)  # the change by soft goal


def where_it_fits(
    scenario: Scenario, plan: Plan, item_id: str, limit: int = MAX_OPTIONS
) -> list[Fit]:
    """Every option of an item that the checker accepts, with its people, cheapest first."""
    item = find_item(plan, item_id)
    probe = Probe.of(scenario, plan, item)
    if probe is None:
        return []
    fits = []
    for option in probe.candidate.options[:limit]:
        start = probe.space.timeline.at(option.t0)
        end = probe.space.timeline.at(option.t1)
        same_place = not isinstance(item, Session) or option.venue == item.venue
        if (start == item.start and same_place) or not probe.open_for_members(option, start, end):
            continue
        free = probe.free_people(option, start, end)
        staffing = probe.staffing(option, free)
        if staffing is None:
            continue
        fit = _judge(probe, option, start, end, staffing, free)
        if fit is not None:
            fits.append(fit)
    return sorted(fits, key=lambda f: (f.cost, f.start, f.venue or ""))


def who_is_free(scenario: Scenario, plan: Plan, item_id: str) -> dict[str, tuple[str, ...]]:
    """For each role, the people who may take the item where and when it is now."""
    item = find_item(plan, item_id)
    probe = Probe.of(scenario, plan, item)
    if probe is None:
        return {}
    venue = item.venue if isinstance(item, Session) else None
    return probe.free_people(None, item.start, item.end, venue)


def _judge(
    probe: Probe,
    option: Option,
    start: dt.datetime,
    end: dt.datetime,
    staffing: Staffing,
    free: Mapping[str, tuple[str, ...]],
) -> Fit | None:
    """The option as a fit, if the checker finds nothing new in the edited plan."""
    edited = probe.edited(start, end, option.venue, staffing)
    if edited is None or probe.breaks(edited):
        return None
    after = edited.cost
    goals = {g: after[g] - probe.cost_now[g] for g in GOALS if after[g] != probe.cost_now[g]}
    return Fit(start, end, option.venue, staffing, free, sum(goals.values()), goals)
