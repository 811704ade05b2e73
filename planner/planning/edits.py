"""Hand edits of a plan: move or re-staff one item, and what follows from it.

A moved session takes its shifts and its counted children along; any edit changes people's
days, so travel, costs and the changes against `previous` are worked out again for the
whole plan. Whether the result keeps the rules is for `planner.check` to say: `judge_edit`
asks it, and tells the violations an edit brings from those the plan had before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from planner.check import Violation, check
from planner.domain import ChildCounts, Plan, PlanItems, Scenario, Session, Shift, Visit, childcare
from planner.planning.changes import plan_changes
from planner.planning.costs import goal_counts, weighted
from planner.planning.routes import travel_legs

Item = Session | Visit


class EditError(ValueError):
    """An edit that names what the plan or the scenario does not hold."""


def find_item(plan: Plan, item_id: str) -> Item:
    """The session or visit of the plan with this id."""
    for item in (*plan.sessions, *plan.visits):
        if item.id == item_id:
            return item
    raise EditError(f"the plan has no session or visit {item_id}")


def local_start(scenario: Scenario, day: dt.date, clock: dt.time) -> dt.datetime:
    """The instant of a local date and clock time on the scenario's time zone."""
    zone = ZoneInfo(scenario.timezone)
    # Through UTC and back, so that a clock time the zone skips lands on a real instant.
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def _moved(item: Item, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """New start and end: the item keeps its length in real minutes."""
    length = item.end - item.start
    return start, (start.astimezone(dt.UTC) + length).astimezone(start.tzinfo)


def move_session(
    scenario: Scenario, plan: Plan, session_id: str, start: dt.datetime, venue: str
) -> Plan:
    """The plan with a session at another time or venue, its shifts and children along."""
    session = find_item(plan, session_id)
    if not isinstance(session, Session):
        raise EditError(f"{session_id} is not a session")
    begin, end = _moved(session, start)
    moved = replace(session, start=begin, end=end, venue=venue)
    return with_item(scenario, plan, replace(moved, children=counted_children(scenario, moved)))


def move_visit(scenario: Scenario, plan: Plan, visit_id: str, start: dt.datetime) -> Plan:
    """The plan with a visit at another time; its place stays."""
    visit = find_item(plan, visit_id)
    if not isinstance(visit, Visit):
        raise EditError(f"{visit_id} is not a visit")
    begin, end = _moved(visit, start)
    return with_item(scenario, plan, replace(visit, start=begin, end=end))


def restaff_session(
    scenario: Scenario,
    plan: Plan,
    session_id: str,
    facilitators: Sequence[str],
    carers: Sequence[str],
    interpreters: Sequence[str],
) -> Plan:
    """The plan with other facilitators, carers or interpreters on a session."""
    session = find_item(plan, session_id)
    if not isinstance(session, Session):
        raise EditError(f"{session_id} is not a session")
    staffed = replace(
        session,
        facilitators=tuple(sorted(facilitators)),
        carers=tuple(sorted(carers)),
        interpreters=tuple(interpreters),
    )
    return with_item(scenario, plan, staffed)


def restaff_visit(
    scenario: Scenario, plan: Plan, visit_id: str, staff: str, interpreter: str | None
) -> Plan:
    """The plan with another staff member or interpreter on a visit."""
    visit = find_item(plan, visit_id)
    if not isinstance(visit, Visit):
        raise EditError(f"{visit_id} is not a visit")
    return with_item(scenario, plan, replace(visit, staff=staff, interpreter=interpreter or None))


def counted_children(scenario: Scenario, session: Session) -> ChildCounts:
    """Rule H9's counted children of the session's group on the session's date."""
    group = next((g for g in scenario.groups if g.id == session.group), None)
    if group is None:
        raise EditError(f"there is no group {session.group} in the scenario")
    mothers = {p.id: p for p in scenario.participants}
    day = childcare.session_date(scenario, session)
    return childcare.group_headcount(group, mothers, day, scenario.settings.childcare).counts()


def shifts_for(scenario: Scenario, session: Session) -> list[Shift]:
    """One shift per carer, from the childcare buffer before the session to the one after."""
    partner_of = childcare.partners_of_carers(scenario)
    unknown = [carer for carer in session.carers if carer not in partner_of]
    if unknown:
        raise EditError(f"there is no carer {', '.join(unknown)} in the scenario")
    return childcare.shifts_of(session, partner_of, scenario.settings.childcare)


def with_item(scenario: Scenario, plan: Plan, edited: Item) -> Plan:
    """The plan with one item replaced, and what depends on it worked out again."""
    sessions, visits, shifts = list(plan.sessions), list(plan.visits), list(plan.shifts)
    if isinstance(edited, Session):
        sessions = [edited if s.id == edited.id else s for s in sessions]
        # The session's shifts keep their place in the list; other sessions' stay untouched.
        at = next((i for i, s in enumerate(shifts) if s.session == edited.id), len(shifts))
        kept = [s for s in shifts if s.session != edited.id]
        shifts = kept[:at] + shifts_for(scenario, edited) + kept[at:]
    else:
        visits = [edited if v.id == edited.id else v for v in visits]
    try:
        counts = goal_counts(scenario, sessions, shifts, visits, len(plan.unplaced))
        travel = travel_legs(scenario, sessions, shifts, visits)
    except KeyError as error:
        missing = error.args[0]
        raise EditError(f"the plan names {missing}, which the scenario does not hold") from None
    cost = weighted(scenario, counts)
    return replace(
        plan,
        # Proven optimality and the solver's bound belong to the solver's plan, not this one.
        status="feasible",
        objective=sum(cost.values()),
        bound=None,
        cost=cost,
        sessions=tuple(sessions),
        shifts=tuple(shifts),
        visits=tuple(visits),
        travel=tuple(travel),
        changes=tuple(plan_changes(scenario, [*sessions, *visits])),
    )


def without_lock(scenario: Scenario, item_id: str) -> Scenario:
    """The scenario with one item no longer locked, so that every rule judges it."""
    locked = scenario.locked
    return replace(
        scenario,
        locked=PlanItems(
            sessions=tuple(s for s in locked.sessions if s.id != item_id),
            visits=tuple(v for v in locked.visits if v.id != item_id),
        ),
    )


def with_lock(scenario: Scenario, item: Item) -> Scenario:
    """The scenario with one more item locked as it is (or locked anew in this form)."""
    locked = without_lock(scenario, item.id).locked
    if isinstance(item, Session):
        return replace(scenario, locked=replace(locked, sessions=(*locked.sessions, item)))
    return replace(scenario, locked=replace(locked, visits=(*locked.visits, item)))


def new_violations(before: tuple[Scenario, Plan], after: tuple[Scenario, Plan]) -> list[Violation]:
    """The violations of a scenario and plan that the earlier scenario and plan did not have."""
    earlier = set(check(*before))
    return [v for v in check(*after) if v not in earlier]


def judge_edit(scenario: Scenario, before: Plan, after: Plan, item_id: str) -> list[Violation]:
    """The violations an edit of one item brings that the plan did not have before.

    The edited item is judged unlocked (a lock exempts it from H2, H3 and H6, and it is
    locked again once saved); violations the plan already had, e.g. since the master data
    changed, are not the edit's doing and do not stop it.
    """
    judged = without_lock(scenario, item_id)
    return new_violations((judged, before), (judged, after))
