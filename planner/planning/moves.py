"""Where an item fits: the times and places a session or visit could move to, and who is free.

The solver's candidate space (`planner.solver.space`) proposes what the rules of one item
alone allow; the independent checker decides the rest. For each option one probe plan holds
a copy of the item per candidate person, so that a single check tells which of them are
free then (H5-H7 judge each person on their own); a staffing of free people is chosen, and
the edited plan is judged as any hand edit is, and priced against the current plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from planner.check import Violation, check
from planner.domain import Plan, Scenario, Session, Visit
from planner.domain.timeparts import WeeklyWindows
from planner.planning.costs import GOALS, goal_counts, weighted
from planner.planning.edits import (
    EditError,
    counted_children,
    find_item,
    shifts_for,
    with_item,
    without_lock,
)
from planner.solver.space import DEFAULT_VISIT_WINDOWS, Option, Space, item_space
from planner.solver.space import Item as Candidate

# At most this many options are tried: a week's windows give a session or visit ~100-150.
MAX_OPTIONS = 300
SESSION_ROLES = ("facilitator", "carer", "interpreter")
VISIT_ROLES = ("guide", "interpreter")


@dataclass(frozen=True)
class Staffing:
    """The people of an item: a session's three lists, or a visit's guide and interpreter."""

    facilitators: tuple[str, ...] = ()
    carers: tuple[str, ...] = ()
    interpreters: tuple[str, ...] = ()
    staff: str | None = None
    interpreter: str | None = None


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
    probe = _Probe.of(scenario, plan, item)
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
        fit = probe.judge(option, start, end, staffing, free)
        if fit is not None:
            fits.append(fit)
    return sorted(fits, key=lambda f: (f.cost, f.start, f.venue or ""))


def who_is_free(scenario: Scenario, plan: Plan, item_id: str) -> dict[str, tuple[str, ...]]:
    """For each role, the people who may take the item where and when it is now."""
    item = find_item(plan, item_id)
    probe = _Probe.of(scenario, plan, item)
    if probe is None:
        return {}
    venue = item.venue if isinstance(item, Session) else None
    return probe.free_people(None, item.start, item.end, venue)


@dataclass
class _Probe:
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
    def of(cls, scenario: Scenario, plan: Plan, item: Session | Visit) -> _Probe | None:
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

    # A staffing, judged --------------------------------------------------------------

    def staffing(self, option: Option, free: Mapping[str, tuple[str, ...]]) -> Staffing | None:
        """Free people enough for the item at an option; its own people where they are free."""
        if isinstance(self.item, Session):
            return self._session_staffing(self.item, option, free)
        assert isinstance(self.item, Visit)
        return self._visit_staffing(self.item, option, free)

    def _session_staffing(
        self, session: Session, option: Option, free: Mapping[str, tuple[str, ...]]
    ) -> Staffing | None:
        group = self.space.groups[session.group]
        staff = self.space.staff
        ranked = self._ranked(free.get("facilitator", ()), session.facilitators, option.area)
        facilitators = ranked[: group.facilitators]
        if len(facilitators) < group.facilitators:
            return None
        if group.facilitators and not any(
            group.language in staff[p].languages for p in facilitators
        ):
            speakers = [p for p in ranked if group.language in staff[p].languages]
            if not speakers:
                return None
            facilitators = [*facilitators[:-1], speakers[0]]
        children = self.candidate.children[option.day]
        preferred = (*session.carers, *(group.preferred_carers or ()))
        ranked = self._ranked(free.get("carer", ()), preferred)
        carers = ranked[: children.carers]
        if len(carers) < children.carers:
            return None
        carers_of = self.space.carers
        if children.infants and carers and not any(carers_of[c].infants for c in carers):
            able = [c for c in ranked if carers_of[c].infants]
            if not able:
                return None
            carers = [*carers[:-1], able[0]]
        interpreters: list[str] = []
        for language in group.interpreting:
            able = [
                i
                for i in free.get("interpreter", ())
                if i not in interpreters
                and {language, group.language} <= set(self.space.interpreters[i].languages)
            ]
            if not able:
                return None
            # Its own first, then remote ones: they take no seat and do not travel.
            able.sort(key=lambda i: (i not in session.interpreters, not self._remote(i), i))
            interpreters.append(able[0])
        return Staffing(tuple(sorted(facilitators)), tuple(sorted(carers)), tuple(interpreters))

    def _visit_staffing(
        self, visit: Visit, option: Option, free: Mapping[str, tuple[str, ...]]
    ) -> Staffing | None:
        need = self.space.needs[visit.need]
        spoken = set(self.space.participants[visit.participant].languages)
        preferred = (visit.staff, *([need.preferred_staff] if need.preferred_staff else []))
        interpreters = free.get("interpreter", ())
        for guide in self._ranked(free.get("guide", ()), preferred, option.area):
            theirs = set(self.space.staff[guide].languages)
            if spoken & theirs:
                keep = visit.interpreter if guide == visit.staff else None
                return Staffing(staff=guide, interpreter=keep if keep in interpreters else None)
            bridges = [
                i
                for i in interpreters
                if spoken & set(self.space.interpreters[i].languages)
                and theirs & set(self.space.interpreters[i].languages)
            ]
            if bridges:
                bridges.sort(key=lambda i: (i != visit.interpreter, not self._remote(i), i))
                return Staffing(staff=guide, interpreter=bridges[0])
        return None

    def _remote(self, interpreter: str) -> bool:
        return self.space.interpreters[interpreter].remote

    def _ranked(
        self, people: Iterable[str], preferred: Iterable[str], area: str | None = None
    ) -> list[str]:
        """The item's own people first, then the preferred, then those based nearest."""
        order = {p: n for n, p in enumerate(preferred)}

        def key(person: str) -> tuple[int, int, str]:
            member = self.space.staff.get(person)
            drive = self.space.travel(member.base_area, area) if member and area else 0
            return order.get(person, len(order)), drive, person

        return sorted(people, key=key)

    def judge(
        self,
        option: Option,
        start: dt.datetime,
        end: dt.datetime,
        staffing: Staffing,
        free: Mapping[str, tuple[str, ...]],
    ) -> Fit | None:
        """The option as a fit, if the checker finds nothing new in the edited plan."""
        edited = self.edited(start, end, option.venue, staffing)
        if edited is None or self.breaks(edited):
            return None
        after = edited.cost
        goals = {g: after[g] - self.cost_now[g] for g in GOALS if after[g] != self.cost_now[g]}
        return Fit(start, end, option.venue, staffing, free, sum(goals.values()), goals)

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


def windows_of(scenario: Scenario, item: Session | Visit) -> tuple[str, WeeklyWindows]:
    """The times an item must lie in (H3), and whose they are: group, need, participant or
    the default visiting hours."""
    if isinstance(item, Session):
        group = next((g for g in scenario.groups if g.id == item.group), None)
        return "group", group.windows if group else WeeklyWindows()
    need = next((n for n in scenario.guidance if n.id == item.need), None)
    if need is not None and need.windows is not None:
        return "need", need.windows
    participant = next((p for p in scenario.participants if p.id == item.participant), None)
    if participant is not None and participant.available is not None:
        return "participant", participant.available
    return "default", DEFAULT_VISIT_WINDOWS
