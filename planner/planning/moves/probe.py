"""One item of a plan, unlocked, with its candidate space: who is free, and what an edit breaks.

Who is free is judged by the checker on one probe plan that holds a copy of the item per
candidate person (H5-H7 judge each person on their own); an edit is judged on the part of
the plan it touches, against the same part of the plan before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from planner.check import Violation, check
from planner.domain import Plan, Scenario, Session, Visit
from planner.planning.costs import goal_counts, weighted
from planner.planning.edits import (
    EditError,
    counted_children,
    find_item,
    shifts_for,
    with_item,
    without_lock,
)
from planner.planning.moves.staffing import Staffing, staffing_for
from planner.solver.space import Item as Candidate
from planner.solver.space import Option, Space, item_space


@dataclass
class Probe:
    """One item of a plan, unlocked, with its candidate space and the plan's violations."""

    scenario: Scenario  # the item unlocked, as judge_edit judges it
    plan: Plan
    item: Session | Visit
    space: Space
    candidate: Candidate
    earlier: set[Violation]
    cost_now: dict[str, float]
    busy: dict[str, list[tuple[dt.datetime, dt.datetime]]]  # participant -> other items
    taken_days: set[dt.date]  # dates of the other items of the same owner and week
    # the violations of the part of the plan an edit touches, by its people and venues
    _earlier: dict[tuple[frozenset[str], frozenset[str]], set[Violation]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, scenario: Scenario, plan: Plan, item: Session | Visit) -> Probe | None:
        judged = without_lock(scenario, item.id)
        found = item_space(judged, item.id)
        if found is None:
            return None
        space, candidate = found
        zone = ZoneInfo(scenario.timezone)
        owner = item.group if isinstance(item, Session) else item.need
        week = item.id.split("/")[1]
        siblings = [
            other
            for other in (*plan.sessions, *plan.visits)
            if other.id != item.id
            and (other.group if isinstance(other, Session) else other.need) == owner
            and other.id.split("/")[1] == week
        ]
        return cls(
            scenario=judged,
            plan=plan,
            item=item,
            space=space,
            candidate=candidate,
            earlier=set(check(judged, plan)),
            cost_now=_cost(scenario, plan),
            busy=_participants_busy(scenario, plan, item.id),
            taken_days={s.start.astimezone(zone).date() for s in siblings},
        )

    # Who the item is for ----------------------------------------------------------------

    def members(self) -> tuple[str, ...]:
        if isinstance(self.item, Session):
            group = self.space.groups.get(self.item.group)
            return group.members if group else ()
        return (self.item.participant,)

    def open_for_members(self, option: Option, start: dt.datetime, end: dt.datetime) -> bool:
        """A quick look before the checker's: another date than the owner's other items,
        and none of the item's mothers elsewhere then (H1, H5)."""
        if option.day in self.taken_days:
            return False
        return not any(
            a < end and start < b for member in self.members() for a, b in self.busy.get(member, ())
        )

    # Who is free ------------------------------------------------------------------------

    def roles(self) -> dict[str, list[str]]:
        """role -> people whom roles, skills and areas allow (H8-H10), whether free or not."""
        found: dict[str, list[str]] = {}
        for role, people in (*self.candidate.people.items(), *self.candidate.never_free.items()):
            found.setdefault(role, []).extend(p for p in people if p not in found[role])
        return found

    def free_people(
        self,
        option: Option | None,
        start: dt.datetime,
        end: dt.datetime,
        venue: str | None = None,
    ) -> dict[str, tuple[str, ...]]:
        """role -> who is free at an option (or at a time and venue), judged by the checker."""
        k = None if option is None else self.candidate.options.index(option)
        at = option.venue if option is not None else venue
        wanted: dict[str, list[str]] = {}
        for role, people in self.roles().items():
            static = self.candidate.people.get(role, {})
            wanted[role] = [p for p in people if k is None or (p in static and k in static[p])]
        everyone = sorted({p for people in wanted.values() for p in people})
        busy = self._busy(everyone, start, end, at)
        free: dict[str, list[str]] = {}
        for role, people in wanted.items():
            name = "interpreter" if role.startswith("interpreter") else role
            free.setdefault(name, [])
            free[name].extend(p for p in people if p not in busy and p not in free[name])
        return {role: tuple(sorted(people)) for role, people in free.items()}

    def _busy(
        self, people: list[str], start: dt.datetime, end: dt.datetime, venue: str | None
    ) -> set[str]:
        """Those of the people whom the checker finds elsewhere, unavailable or overworked
        with the item at this time: one copy of the item per person, one check for all."""
        if not people:
            return set()
        item = replace(self.item, start=start, end=end)
        if isinstance(item, Session) and venue is not None:
            item = replace(item, venue=venue)
        # Only these people's own items decide what the checker says of them.
        around = self.neighbourhood(self.plan, set(people))
        sessions = [s for s in around.sessions if s.id != item.id]
        shifts = [s for s in around.shifts if s.session != item.id]
        visits = [v for v in around.visits if v.id != item.id]
        for person in people:
            copy_id = f"{item.id}~{person}"
            if isinstance(item, Session):
                # Of no known group, so that its mothers (who are in every copy) are left
                # out of the check: only the person is judged.
                copy = replace(
                    item,
                    id=copy_id,
                    group=f"{item.group}~",
                    facilitators=(person,) if person in self.space.staff else (),
                    carers=(person,) if person in self.space.carers else (),
                    interpreters=(person,) if person in self.space.interpreters else (),
                )
                sessions.append(copy)
                shifts.extend(shifts_for(self.scenario, copy))
            else:
                guide = person if person in self.space.staff else ""
                interpreter = person if person in self.space.interpreters else None
                visits.append(replace(item, id=copy_id, staff=guide, interpreter=interpreter))
        probe = replace(
            self.plan, sessions=tuple(sessions), shifts=tuple(shifts), visits=tuple(visits)
        )
        asked = set(people)
        found = check(self.scenario, probe)
        return {v.ref for v in found if v.ref in asked and v not in self.earlier}

    # A staffing, and what an edit breaks ---------------------------------------------

    def staffing(self, option: Option, free: Mapping[str, tuple[str, ...]]) -> Staffing | None:
        """Free people enough for the item at an option; its own people where they are free."""
        return staffing_for(self.space, self.candidate, self.item, option, free)

    def breaks(self, edited: Plan) -> bool:
        """Whether the checker finds a violation in the edited plan that the plan did not have.

        It looks at the part of both plans that the edit touches: the items of every person
        on the item before or after it, at its venues and of its owner. A rule's verdict
        elsewhere is the same in both plans, so what is new there is new in the whole.
        """
        moved = find_item(edited, self.item.id)
        people = _people(self.item) | _people(moved) | set(self.members())
        venues = {getattr(self.item, "venue", None), getattr(moved, "venue", None)} - {None}
        key = (frozenset(people), frozenset(venues))
        if key not in self._earlier:
            before = self.neighbourhood(self.plan, people, venues, include_owner=True)
            self._earlier[key] = set(check(self.scenario, before))
        after = self.neighbourhood(edited, people, venues, include_owner=True)
        return any(v not in self._earlier[key] for v in check(self.scenario, after))

    def neighbourhood(
        self,
        plan: Plan,
        people: set[str],
        venues: set[str] | frozenset[str] = frozenset(),
        include_owner: bool = False,
    ) -> Plan:
        """The plan's items that involve one of the people or venues (or the item's owner)."""
        members = {g.id: g.members for g in self.scenario.groups}
        owner = _owner(self.item) if include_owner else None
        sessions = [
            s
            for s in plan.sessions
            if s.group == owner
            or s.venue in venues
            or not people.isdisjoint((*_people(s), *members.get(s.group, ())))
        ]
        visits = [
            v
            for v in plan.visits
            if v.need == owner or v.place in venues or not people.isdisjoint(_people(v))
        ]
        kept = {s.id for s in sessions}
        shifts = [s for s in plan.shifts if s.session in kept]
        return replace(plan, sessions=tuple(sessions), shifts=tuple(shifts), visits=tuple(visits))

    def edited(
        self, start: dt.datetime, end: dt.datetime, venue: str | None, staffing: Staffing
    ) -> Plan | None:
        """The plan with the item moved and staffed so."""
        item = self.item
        if isinstance(item, Session):
            moved: Session | Visit = replace(
                item,
                start=start,
                end=end,
                venue=venue or item.venue,
                facilitators=staffing.facilitators,
                carers=staffing.carers,
                interpreters=staffing.interpreters,
            )
            moved = replace(moved, children=counted_children(self.scenario, moved))
        else:
            assert staffing.staff is not None
            moved = replace(
                item, start=start, end=end, staff=staffing.staff, interpreter=staffing.interpreter
            )
        try:
            return with_item(self.scenario, self.plan, moved)
        except EditError:
            return None


def _owner(item: Session | Visit) -> str:
    return item.group if isinstance(item, Session) else item.need


def _people(item: Session | Visit) -> set[str]:
    """The staff, carers and interpreters of an item, and a visit's participant."""
    if isinstance(item, Session):
        return {*item.facilitators, *item.carers, *item.interpreters}
    return {item.staff, item.participant} | ({item.interpreter} if item.interpreter else set())


def _cost(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """The plan's weighted cost by goal, worked out from the plan itself."""
    counts = goal_counts(
        scenario, list(plan.sessions), list(plan.shifts), list(plan.visits), len(plan.unplaced)
    )
    return weighted(scenario, counts)


def _participants_busy(
    scenario: Scenario, plan: Plan, item_id: str
) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:
    """Each participant's other items of the plan, as (start, end)."""
    members = {g.id: g.members for g in scenario.groups}
    busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for session in plan.sessions:
        if session.id != item_id:
            for member in members.get(session.group, ()):
                busy.setdefault(member, []).append((session.start, session.end))
    for visit in plan.visits:
        if visit.id != item_id:
            busy.setdefault(visit.participant, []).append((visit.start, visit.end))
    return busy
