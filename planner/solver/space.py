"""The candidate space: what each demanded item may be, before the solver chooses.

For every demanded session and visit this lists its options (date, start, venue) and, per
role, the people who may take it with the options at which each is free. The filters are
the rules that judge one item alone (H2 calendar, H3 windows, H4 venue fit, H6
availability, and the static parts of H8-H10); rules between items are constraints in
`planner.solver.rules`. Locked items get exactly their locked option and people: H2, H3
and H6 do not judge them (H11).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

import holidays

from planner.domain import (
    HOME,
    Carer,
    Group,
    GuidanceNeed,
    Interpreter,
    Participant,
    Role,
    Scenario,
    Session,
    StaffMember,
    Venue,
    Visit,
)
from planner.solver.timeline import Timeline, free_ranges, inside
from planner.timeparts import TimeRange, WeeklyWindows, iso_week

DEFAULT_VISIT_WINDOWS = WeeklyWindows(
    {day: (TimeRange(9 * 60, 16 * 60),) for day in ("mon", "tue", "wed", "thu", "fri")}
)


@dataclass(frozen=True)
class Option:
    """One way to place an item: a local date and clock start at a venue (None: a home)."""

    day: dt.date
    start: int
    end: int
    venue: str | None
    area: str
    t0: int  # real minutes from the horizon's start
    t1: int


@dataclass(frozen=True)
class Children:
    """A session's counted children on one date and the carers they need (H9)."""

    under_3: int = 0
    from_3: int = 0
    infants: int = 0
    carers: int = 0


@dataclass
class Item:
    """A demanded session or visit and everything it may become."""

    id: str
    kind: str
    owner: str
    week: str
    n: int
    duration: int
    place_fixed: str | None = None  # a visit's venue id, or "home"
    locked: Session | Visit | None = None
    previous: Session | Visit | None = None
    options: list[Option] = field(default_factory=list)
    # role -> person -> the indices of the options at which the person is free
    people: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    children: dict[dt.date, Children] = field(default_factory=dict)

    # role -> people who may take the item by role, skills and areas but are never free then
    never_free: dict[str, set[str]] = field(default_factory=dict)

    def role(self, role: str) -> dict[str, set[int]]:
        return self.people.setdefault(role, {})

    def admit(self, role: str, person: str, free: set[int]) -> None:
        """Count a person for a role only where they are free at some option."""
        if free:
            self.role(role)[person] = free
        else:
            self.never_free.setdefault(role, set()).add(person)


@dataclass
class Space:
    """The scenario indexed for the solver, and the candidate space of every item."""

    scenario: Scenario
    timeline: Timeline
    open_days: list[dt.date]
    items: list[Item]
    staff: dict[str, StaffMember]
    carers: dict[str, Carer]
    partner_of: dict[str, str]
    interpreters: dict[str, Interpreter]
    participants: dict[str, Participant]
    venues: dict[str, Venue]
    groups: dict[str, Group]
    needs: dict[str, GuidanceNeed]

    _free_cache: dict = field(default_factory=dict)

    def travel(self, origin: str, target: str) -> int:
        return self.scenario.travel_minutes[origin][target]

    def free(self, who, day: dt.date) -> list[TimeRange]:
        """A person's (or venue's) free clock ranges on a day, absences cut out; cached."""
        key = (who.id, day)
        if key not in self._free_cache:
            windows = who.open if isinstance(who, Venue) else who.available
            absent = who.closed if isinstance(who, Venue) else who.absent
            self._free_cache[key] = free_ranges(windows, absent, day)
        return self._free_cache[key]


def build_space(scenario: Scenario) -> Space:
    """Every demanded item with its options and the people free for it."""
    carers = {c.id: c for c in scenario.carers()}
    space = Space(
        scenario=scenario,
        timeline=Timeline.of(scenario.timezone, scenario.horizon),
        open_days=h2_open_days(scenario),
        items=[],
        staff={s.id: s for s in scenario.staff},
        carers=carers,
        partner_of={c.id: p.id for p in scenario.partners for c in p.carers},
        interpreters={i.id: i for i in scenario.interpreters},
        participants={p.id: p for p in scenario.participants},
        venues={v.id: v for v in scenario.venues},
        groups={g.id: g for g in scenario.groups},
        needs={n.id: n for n in scenario.guidance},
    )
    space.items = list(_demand(scenario))
    _attach_plan_items(space)
    for item in space.items:
        if item.kind == "session":
            _session_space(space, item)
        else:
            _visit_space(space, item)
    return space


def _weeks(scenario: Scenario) -> list[str]:
    return sorted({iso_week(day) for day in scenario.horizon.dates()})


def _demand(scenario: Scenario) -> Iterator[Item]:
    """H1 Demand: sessions_per_week sessions and visits_per_week visits in every ISO week."""
    for week in _weeks(scenario):
        for group in scenario.groups:
            for n in range(1, group.sessions_per_week + 1):
                yield Item(f"{group.id}/{week}/{n}", "session", group.id, week, n,
                           group.duration_minutes)  # fmt: skip
        for need in scenario.guidance:
            for n in range(1, need.visits_per_week + 1):
                yield Item(f"{need.id}/{week}/{n}", "visit", need.id, week, n,
                           need.duration_minutes, place_fixed=need.place)  # fmt: skip


def _attach_plan_items(space: Space) -> None:
    """Match locked and previous items to demanded ones (spec: "Ids that last")."""
    by_id = {item.id: item for item in space.items}
    by_owner = {(item.owner, item.n): item for item in reversed(space.items)}
    locked = space.scenario.locked
    for plan_item in (*locked.sessions, *locked.visits):
        if plan_item.id in by_id:
            by_id[plan_item.id].locked = plan_item
    previous = space.scenario.previous
    for plan_item in (*previous.sessions, *previous.visits):
        owner = plan_item.group if isinstance(plan_item, Session) else plan_item.need
        item = by_id.get(plan_item.id)
        if item is None:
            n = plan_item.id.rsplit("/", 1)[-1]
            item = by_owner.get((owner, int(n))) if n.isdigit() else None
        if item is not None and item.previous is None:
            item.previous = plan_item


def h2_open_days(scenario: Scenario) -> list[dt.date]:
    """H2 Calendar: nothing on closed dates, public holidays, or outside the horizon."""
    dates = scenario.horizon.dates()
    years = sorted({d.year for d in dates})
    public = holidays.country_holidays(scenario.country, years=years)
    closed = set(scenario.closed_dates)
    return [d for d in dates if d not in closed and d not in public]


def counted_children(space: Space, group: Group, day: dt.date) -> Children:
    """H9 Childcare: the members' children counted on a date, and the carers they need."""
    settings = space.scenario.settings.childcare
    under_3 = from_3 = infants = 0
    for member in group.members:
        for child in space.participants[member].children:
            age = child.age_on(day)
            if age is None or age > settings.max_age or child.in_daycare:
                continue
            under_3 += age < 3
            from_3 += age >= 3
            infants += age < 1
    carers = 0
    if group.childcare and under_3 + from_3:
        weighted = under_3 * Fraction(settings.under_3_weight) + from_3
        carers = max(settings.min_carers, math.ceil(weighted / settings.children_per_carer))
    return Children(under_3, from_3, infants, carers)


def _session_space(space: Space, item: Item) -> None:
    group = space.groups[item.owner]
    if item.locked is not None:
        _locked_session(space, item, group)
        return
    buffer = space.scenario.settings.childcare.buffer_minutes
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        children = counted_children(space, group, day)
        item.children[day] = children
        pad = buffer if children.carers else 0
        for start in h3_window_starts(space, group.windows, day, item.duration):
            for venue_id in group.venues:
                venue = space.venues[venue_id]
                if not h4_venue_fits(space, group, venue, children):
                    continue
                option = _option(space, day, start, item.duration, venue_id, venue.area)
                if option and h3_venue_open(space, venue, day, start - pad, option.end + pad):
                    item.options.append(option)
    _session_people(space, item, group)


def _option(
    space: Space, day: dt.date, start: int, duration: int, venue: str | None, area: str
) -> Option | None:
    begin = space.timeline.instant(day, start)
    if begin is None:
        return None
    t0 = space.timeline.minutes(begin)
    end_day, end = space.timeline.local(t0 + duration)
    if end_day != day:
        return None
    return Option(day, start, end, venue, area, t0, t0 + duration)


def h3_window_starts(
    space: Space, windows: WeeklyWindows, day: dt.date, duration: int
) -> Iterator[int]:
    """H3 Windows: the starts on the slot grid at which the item lies inside its windows."""
    slot = space.scenario.settings.slot_minutes
    for r in windows.ranges_on(day):
        first = -(-r.start // slot) * slot
        yield from (s for s in range(first, r.end - duration + 1, slot))


def h3_venue_open(space: Space, venue: Venue, day: dt.date, start: int, end: int) -> bool:
    """H3 Windows: what is held at a venue lies inside its open hours, outside closures."""
    return inside(space.free(venue, day), start, end)


def h4_venue_fits(space: Space, group: Group, venue: Venue, children: Children) -> bool:
    """H4 Venue: room for members, facilitators (+ children without childcare), childcare room."""
    counted = children.under_3 + children.from_3
    people = len(group.members) + group.facilitators + (0 if group.childcare else counted)
    if venue.capacity < people:
        return False
    if group.childcare and counted:
        return venue.childcare_room and venue.childcare_capacity >= counted
    return True


def _free(space: Space, who, option: Option, pad: int = 0) -> bool:
    """H6 Availability: inside the windows, outside every absence."""
    return inside(space.free(who, option.day), option.start - pad, option.end + pad)


def _reachable(space: Space, member: StaffMember, item: Item) -> bool:
    """Whether the drive there and back and the item fit in the member's longest window.

    A quick necessary test that spares checking every option for far-away staff.
    """
    longest = max(
        (r.end - r.start for ranges in member.available.days.values() for r in ranges), default=0
    )
    areas = {o.area for o in item.options}
    drive = min(
        (space.travel(member.base_area, a) + space.travel(a, member.base_area) for a in areas),
        default=0,
    )
    return drive + item.duration <= longest


def _staff_options(space: Space, member: StaffMember, item: Item) -> set[int]:
    """The options at which a staff member is free (H6), drives from and to base included."""
    if not _reachable(space, member, item):
        return set()
    bounds: dict[tuple[dt.date, str], list[tuple[int, int]]] = {}
    free = set()
    for k, o in enumerate(item.options):
        key = (o.day, o.area)
        if key not in bounds:
            there = space.travel(member.base_area, o.area)
            back = space.travel(o.area, member.base_area)
            bounds[key] = [(r.start + there, r.end - back) for r in space.free(member, o.day)]
        if any(low <= o.start and o.end <= high for low, high in bounds[key]):
            free.add(k)
    return free


def _session_people(space: Space, item: Item, group: Group) -> None:
    """H8-H10, per item: who may facilitate, care and interpret, and when each is free."""
    pool = set(group.facilitator_pool) if group.facilitator_pool is not None else None
    for member in space.staff.values():
        if Role.FACILITATOR in member.roles and (pool is None or member.id in pool):
            item.admit("facilitator", member.id, _staff_options(space, member, item))
    buffer = space.scenario.settings.childcare.buffer_minutes
    areas = {o.area for o in item.options}
    if any(c.carers for c in item.children.values()):
        for carer in space.carers.values():
            if not areas & set(carer.areas):
                item.admit("carer", carer.id, set())
                continue
            free = {
                k
                for k, o in enumerate(item.options)
                if item.children[o.day].carers
                and o.area in carer.areas
                and _free(space, carer, o, buffer)
            }
            item.admit("carer", carer.id, free)
    for language in group.interpreting:
        role = f"interpreter:{language}"
        for interpreter in space.interpreters.values():
            if {language, group.language} <= set(interpreter.languages):
                item.admit(
                    role, interpreter.id, _interpreter_free(space, interpreter, item.options)
                )


def _interpreter_free(space: Space, interpreter: Interpreter, options: list[Option]) -> set[int]:
    """H6 and H10: free then, and on site only in their own areas."""
    if not interpreter.remote and not {o.area for o in options} & set(interpreter.areas):
        return set()
    return {
        k
        for k, o in enumerate(options)
        if (interpreter.remote or o.area in interpreter.areas) and _free(space, interpreter, o)
    }


def _visit_space(space: Space, item: Item) -> None:
    need = space.needs[item.owner]
    participant = space.participants[need.participant]
    if item.locked is not None:
        _locked_visit(space, item)
        return
    windows = need.windows or participant.available or DEFAULT_VISIT_WINDOWS
    venue = None if need.at_home else space.venues[need.place]
    area = participant.area if venue is None else venue.area
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        for start in h3_window_starts(space, windows, day, item.duration):
            option = _option(space, day, start, item.duration, venue and venue.id, area)
            if option is None:
                continue
            if venue is None or h3_venue_open(space, venue, day, option.start, option.end):
                item.options.append(option)
    _visit_people(space, item, need, participant)


def _visit_people(space: Space, item: Item, need: GuidanceNeed, participant: Participant) -> None:
    """H8 and H10, per visit: guides allowed, and interpreters who can bridge languages."""
    allowed = set(need.staff) if need.staff is not None else None
    spoken = set(participant.languages)
    bridges = [i for i in space.interpreters.values() if spoken & set(i.languages)]
    for member in space.staff.values():
        if Role.GUIDE not in member.roles or (allowed is not None and member.id not in allowed):
            continue
        shared = spoken & set(member.languages)
        if not shared and not any(set(member.languages) & set(i.languages) for i in bridges):
            continue
        item.admit("guide", member.id, _staff_options(space, member, item))
    for interpreter in bridges:
        item.admit(
            "interpreter", interpreter.id, _interpreter_free(space, interpreter, item.options)
        )


def _locked_option(space: Space, start: dt.datetime, end: dt.datetime, venue, area) -> Option:
    t0, t1 = space.timeline.minutes(start), space.timeline.minutes(end)
    day, clock = space.timeline.local(t0)
    return Option(day, clock, space.timeline.local(t1)[1], venue, area, t0, t1)


def _locked_session(space: Space, item: Item, group: Group) -> None:
    session = item.locked
    assert isinstance(session, Session)
    venue = space.venues[session.venue]
    item.options = [_locked_option(space, session.start, session.end, venue.id, venue.area)]
    item.children[item.options[0].day] = counted_children(space, group, item.options[0].day)
    item.people["facilitator"] = {s: {0} for s in session.facilitators}
    item.people["carer"] = {c: {0} for c in session.carers}
    languages = list(group.interpreting)
    for interpreter_id in session.interpreters:
        speaks = set(space.interpreters[interpreter_id].languages)
        language = next((lang for lang in languages if lang in speaks), None)
        if language is not None:
            languages.remove(language)
            item.role(f"interpreter:{language}")[interpreter_id] = {0}


def _locked_visit(space: Space, item: Item) -> None:
    visit = item.locked
    assert isinstance(visit, Visit)
    venue = None if visit.place == HOME else visit.place
    item.options = [_locked_option(space, visit.start, visit.end, venue, visit.area)]
    item.people["guide"] = {visit.staff: {0}}
    item.people["interpreter"] = {visit.interpreter: {0}} if visit.interpreter else {}
