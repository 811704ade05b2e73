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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

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
from planner.domain.childcare import carers_needed, group_headcount, partners_of_carers
from planner.domain.timeparts import (
    MINUTES_PER_DAY,
    TimeRange,
    WeeklyWindows,
    iso_week,
    public_holidays,
)
from planner.solver.optionset import OptionSet
from planner.solver.timeline import Timeline, free_ranges, inside

DEFAULT_VISIT_WINDOWS = WeeklyWindows(
    {day: (TimeRange(9 * 60, 16 * 60),) for day in ("mon", "tue", "wed", "thu", "fri")}
)


@dataclass(frozen=True, slots=True)
class Option:
    """One way to place an item: a local date and clock start at a venue (None: a home)."""

    day: dt.date
    start: int
    end: int
    venue: str | None
    area: str
    t0: int  # real minutes from the horizon's start
    t1: int


@dataclass(frozen=True, slots=True)
class Block:
    """A run of an item's options on one day at one place, in start order: first..end-1."""

    day: dt.date
    venue: str | None
    area: str
    first: int
    end: int
    starts: tuple[int, ...]  # the clock starts of the run's options, increasing


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
    # Items of one owner and week share their option and block lists: do not change them.
    options: list[Option] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    # role -> person -> the indices of the options at which the person is free
    people: dict[str, dict[str, OptionSet]] = field(default_factory=dict)
    children: dict[dt.date, Children] = field(default_factory=dict)

    # role -> people who may take the item by role, skills and areas but are never free then
    never_free: dict[str, set[str]] = field(default_factory=dict)
    # Held as it is around a neighbourhood (planner.solver.lns): placed where it is, with only
    # the people the neighbourhood models, so the rules that count its people skip it.
    fixed: bool = False

    def role(self, role: str) -> dict[str, set[int]]:
        return self.people.setdefault(role, {})

    def admit(self, role: str, person: str, free: OptionSet) -> None:
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

    # What a neighbourhood's space leaves out but its model must count (planner.solver.lns):
    # each carer's shifts elsewhere and each staff member's minutes on other days, by week
    outside_shifts: dict[tuple[str, str], int] = field(default_factory=dict)
    outside_minutes: dict[tuple[str, str], int] = field(default_factory=dict)

    _free_cache: dict = field(default_factory=dict)
    _children_cache: dict = field(default_factory=dict)

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
    space = _indexed(scenario)
    space.items = list(_demand(scenario))
    _attach_plan_items(space)
    who = _People.of(space)
    # Items of one owner and week are alike but for locks: they share options and people.
    alike: dict[tuple[str, str], Item] = {}
    for item in space.items:
        if item.locked is not None:
            if item.kind == "session":
                _locked_session(space, item, space.groups[item.owner])
            else:
                _locked_visit(space, item)
            continue
        twin = alike.get((item.owner, item.week))
        if twin is not None:
            item.options, item.blocks, item.children = twin.options, twin.blocks, twin.children
            item.people, item.never_free = twin.people, twin.never_free
            continue
        alike[(item.owner, item.week)] = item
        if item.kind == "session":
            _session_space(space, item, who)
        else:
            _visit_space(space, item, who)
    return space


def item_space(scenario: Scenario, item_id: str) -> tuple[Space, Item] | None:
    """One demanded item's options and people alone, as `build_space` would give them.

    A hand edit asks where one item could go; building every item's space for that would
    cost a large week seconds. None when the scenario does not demand the item.
    """
    space = _indexed(scenario)
    item = next((i for i in _demand(scenario) if i.id == item_id), None)
    if item is None:
        return None
    space.items = [item]
    _attach_plan_items(space)
    who = _People.of(space)
    if item.locked is not None and item.kind == "session":
        _locked_session(space, item, space.groups[item.owner])
    elif item.locked is not None:
        _locked_visit(space, item)
    elif item.kind == "session":
        _session_space(space, item, who)
    else:
        _visit_space(space, item, who)
    return space, item


def _indexed(scenario: Scenario) -> Space:
    """The scenario indexed, with no items yet."""
    carers = {c.id: c for c in scenario.carers()}
    space = Space(
        scenario=scenario,
        timeline=Timeline.of(scenario.timezone, scenario.horizon),
        open_days=h2_open_days(scenario),
        items=[],
        staff={s.id: s for s in scenario.staff},
        carers=carers,
        partner_of=partners_of_carers(scenario),
        interpreters={i.id: i for i in scenario.interpreters},
        participants={p.id: p for p in scenario.participants},
        venues={v.id: v for v in scenario.venues},
        groups={g.id: g for g in scenario.groups},
        needs={n.id: n for n in scenario.guidance},
    )
    return space


@dataclass
class _People:
    """The people who may take items, indexed by what rules them in or out first."""

    # role -> area -> (slack, staff member), most slack first: the minutes their longest
    # window leaves for an item after the drive from base to the area and back
    staff_near: dict[str, dict[str, list[tuple[int, StaffMember]]]]
    carers_in: dict[str, list[Carer]]  # area -> carers working there
    interpreters_in: dict[str, list[Interpreter]]  # area -> interpreters who may work there

    @classmethod
    def of(cls, space: Space) -> _People:
        carers_in: dict[str, list[Carer]] = {}
        for carer in space.carers.values():
            for area in carer.areas:
                carers_in.setdefault(area, []).append(carer)
        areas = [a.id for a in space.scenario.areas]
        interpreters_in = {
            area: [i for i in space.interpreters.values() if i.remote or area in i.areas]
            for area in areas
        }
        staff_near: dict[str, dict[str, list[tuple[int, StaffMember]]]] = {}
        for role in (Role.FACILITATOR, Role.GUIDE):
            staff = [s for s in space.staff.values() if role in s.roles]
            near = staff_near[str(role)] = {}
            for area in areas:
                ranked = []
                for member in staff:
                    longest = max(
                        (r.end - r.start for rs in member.available.days.values() for r in rs),
                        default=0,
                    )
                    drive = space.travel(member.base_area, area) + space.travel(
                        area, member.base_area
                    )
                    if longest - drive > 0:
                        ranked.append((longest - drive, member))
                near[area] = sorted(ranked, key=lambda pair: (-pair[0], pair[1].id))
        return cls(staff_near, carers_in, interpreters_in)

    def staff_for(self, role: str, item: Item) -> list[StaffMember]:
        """Staff of a role whose longest window holds the drive to one of the item's areas
        and back with the item; a quick necessary test that spares checking every option."""
        found: dict[str, StaffMember] = {}
        for area in sorted({b.area for b in item.blocks}):
            for slack, member in self.staff_near[role].get(area, []):
                if slack < item.duration:
                    break
                found.setdefault(member.id, member)
        return sorted(found.values(), key=lambda m: m.id)


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
    public = public_holidays(scenario.country, dates[0].year, dates[-1].year)
    closed = set(scenario.closed_dates)
    return [d for d in dates if d not in closed and d not in public]


def h2_not_before(space: Space) -> int:
    """H2 Calendar, in a re-plan in the middle of a week: nothing starts in the past."""
    moment = space.scenario.not_before
    return -(10**9) if moment is None else space.timeline.minutes(moment)


def counted_children(space: Space, group: Group, day: dt.date) -> Children:
    """H9 Childcare: the members' children counted on a date, and the carers they need."""
    key = (group.id, day)
    if key in space._children_cache:
        return space._children_cache[key]
    rules = space.scenario.settings.childcare
    count = group_headcount(group, space.participants, day, rules)
    carers = carers_needed(rules, group.childcare, count)
    found = Children(count.under_3, count.from_3, count.infants, carers)
    space._children_cache[key] = found
    return found


def seats_needed(group: Group, children: Children) -> int:
    """H4 Venue: the seats a session takes before on-site interpreters are counted."""
    counted = children.under_3 + children.from_3
    return len(group.members) + group.facilitators + (0 if group.childcare else counted)


def _session_space(space: Space, item: Item, who: _People) -> None:
    group = space.groups[item.owner]
    buffer = space.scenario.settings.childcare.buffer_minutes
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        children = counted_children(space, group, day)
        item.children[day] = children
        pad = buffer if children.carers else 0
        starts = list(h3_window_starts(space, group.windows, day, item.duration))
        for venue_id in group.venues:
            venue = space.venues[venue_id]
            if not h4_venue_fits(space, group, venue, children):
                continue
            ranges = space.free(venue, day)
            _add_block(space, item, day, starts, venue_id, venue.area,
                       lambda start, end, ranges=ranges, pad=pad: inside(
                           ranges, start - pad, end + pad))  # fmt: skip
    _session_people(space, item, group, who)


def _add_block(
    space: Space,
    item: Item,
    day: dt.date,
    starts: list[int],
    venue: str | None,
    area: str,
    fits: Callable[[int, int], bool] | None = None,
) -> None:
    """Options at the given clock starts of one day and place (where `fits`), as one block."""
    first = len(item.options)
    kept = []
    even = space.timeline.is_even(day)
    earliest = h2_not_before(space)
    for start in starts:
        t0 = space.timeline.real_minute(day, start)
        if t0 is None or start + item.duration > MINUTES_PER_DAY or t0 < earliest:
            continue
        if even:
            end = start + item.duration
        else:
            end_day, end = space.timeline.local(t0 + item.duration)
            if end_day != day:
                continue
        if fits is not None and not fits(start, end):
            continue
        item.options.append(Option(day, start, end, venue, area, t0, t0 + item.duration))
        kept.append(start)
    if kept:
        item.blocks.append(Block(day, venue, area, first, len(item.options), tuple(kept)))


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
    """H4 Venue: room for members, facilitators (+ children without childcare), childcare room.

    On-site interpreters take seats too: where none is left for them, only remote ones may
    interpret (`on_site_seats`).
    """
    counted = children.under_3 + children.from_3
    if venue.capacity < seats_needed(group, children):
        return False
    if group.childcare and counted:
        return venue.childcare_room and venue.childcare_capacity >= counted
    return True


def on_site_seats(space: Space, item: Item, k: int) -> int:
    """H4 Venue: how many on-site interpreters an option's venue still seats."""
    option = item.options[k]
    group = space.groups[item.owner]
    venue = space.venues[option.venue]
    return venue.capacity - seats_needed(group, item.children[option.day])


def _free_span(item: Item, block: Block, ranges: list[tuple[int, int]], found: OptionSet) -> None:
    """Add the options of a block that lie inside one of the clock ranges (start, end)."""
    starts, duration = block.starts, item.duration
    for low, high in ranges:
        a = bisect_left(starts, low)
        b = bisect_right(starts, high - duration)
        found.add_span(block.first + a, block.first + b)


def _staff_options(space: Space, member: StaffMember, item: Item) -> OptionSet:
    """The options at which a staff member is free (H6), drives from and to base included."""
    found = OptionSet()
    drive = {}
    for block in item.blocks:
        if block.area not in drive:
            there = space.travel(member.base_area, block.area)
            drive[block.area] = (there, space.travel(block.area, member.base_area))
    for block in item.blocks:
        there, back = drive[block.area]
        ranges = [(r.start + there, r.end - back) for r in space.free(member, block.day)]
        _free_span(item, block, ranges, found)
    return found


def _session_people(space: Space, item: Item, group: Group, who: _People) -> None:
    """H8-H10, per item: who may facilitate, care and interpret, and when each is free."""
    pool = set(group.facilitator_pool) if group.facilitator_pool is not None else None
    for member in who.staff_for(Role.FACILITATOR, item):
        if pool is None or member.id in pool:
            item.admit("facilitator", member.id, _staff_options(space, member, item))
    buffer = space.scenario.settings.childcare.buffer_minutes
    areas = sorted({b.area for b in item.blocks})
    if any(c.carers for c in item.children.values()):
        seen: set[str] = set()
        for area in areas:
            for carer in who.carers_in.get(area, []):
                if carer.id in seen:
                    continue
                seen.add(carer.id)
                free = OptionSet()
                for block in item.blocks:
                    if item.children[block.day].carers and block.area in carer.areas:
                        ranges = [
                            (r.start + buffer, r.end - buffer) for r in space.free(carer, block.day)
                        ]
                        _free_span(item, block, ranges, free)
                item.admit("carer", carer.id, free)
    nearby = _interpreters_near(who, areas)
    for language in dict.fromkeys(group.interpreting):
        role = f"interpreter:{language}"
        for interpreter in nearby:
            if {language, group.language} <= set(interpreter.languages):
                item.admit(role, interpreter.id, _interpreter_free(space, interpreter, item))


def _interpreters_near(who: _People, areas: list[str]) -> list[Interpreter]:
    """Remote interpreters and those on site in one of the areas, in id order."""
    found = {i.id: i for area in areas for i in who.interpreters_in.get(area, [])}
    return [found[k] for k in sorted(found)]


def _interpreter_free(space: Space, interpreter: Interpreter, item: Item) -> OptionSet:
    """H6 and H10: free then, and on site only in their own areas."""
    found = OptionSet()
    for block in item.blocks:
        if interpreter.remote or block.area in interpreter.areas:
            ranges = [(r.start, r.end) for r in space.free(interpreter, block.day)]
            _free_span(item, block, ranges, found)
    return found


def _visit_space(space: Space, item: Item, who: _People) -> None:
    need = space.needs[item.owner]
    participant = space.participants[need.participant]
    windows = need.windows or participant.available or DEFAULT_VISIT_WINDOWS
    venue = None if need.at_home else space.venues[need.place]
    area = participant.area if venue is None else venue.area
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        starts = list(h3_window_starts(space, windows, day, item.duration))
        fits = None
        if venue is not None:
            ranges = space.free(venue, day)
            fits = lambda start, end, ranges=ranges: inside(ranges, start, end)  # noqa: E731
        _add_block(space, item, day, starts, venue and venue.id, area, fits)
    _visit_people(space, item, need, participant, who)


def _visit_people(
    space: Space, item: Item, need: GuidanceNeed, participant: Participant, who: _People
) -> None:
    """H8 and H10, per visit: guides allowed, and interpreters who can bridge languages."""
    allowed = set(need.staff) if need.staff is not None else None
    spoken = set(participant.languages)
    areas = sorted({b.area for b in item.blocks})
    bridges = [i for i in _interpreters_near(who, areas) if spoken & set(i.languages)]
    bridged = {lang for i in bridges for lang in i.languages}
    for member in who.staff_for(Role.GUIDE, item):
        if allowed is not None and member.id not in allowed:
            continue
        if not (spoken | bridged) & set(member.languages):
            continue
        item.admit("guide", member.id, _staff_options(space, member, item))
    if not item.people.get("guide"):
        # Say "no guide is free" rather than "no guide speaks it" where one is too far away.
        for member in space.staff.values():
            if Role.GUIDE in member.roles and (allowed is None or member.id in allowed):
                if (spoken | bridged) & set(member.languages):
                    item.never_free.setdefault("guide", set()).add(member.id)
    for interpreter in bridges:
        item.admit("interpreter", interpreter.id, _interpreter_free(space, interpreter, item))


def _locked_option(space: Space, start: dt.datetime, end: dt.datetime, venue, area) -> Option:
    t0, t1 = space.timeline.minutes(start), space.timeline.minutes(end)
    day, clock = space.timeline.local(t0)
    return Option(day, clock, space.timeline.local(t1)[1], venue, area, t0, t1)


def _locked_block(item: Item) -> None:
    o = item.options[0]
    item.blocks = [Block(o.day, o.venue, o.area, 0, 1, (o.start,))]


def _locked_session(space: Space, item: Item, group: Group) -> None:
    session = item.locked
    assert isinstance(session, Session)
    venue = space.venues[session.venue]
    item.options = [_locked_option(space, session.start, session.end, venue.id, venue.area)]
    _locked_block(item)
    item.children = {item.options[0].day: counted_children(space, group, item.options[0].day)}
    only = OptionSet(1)
    item.people["facilitator"] = {s: only for s in session.facilitators}
    item.people["carer"] = {c: only for c in session.carers}
    languages = list(group.interpreting)
    for interpreter_id in session.interpreters:
        speaks = set(space.interpreters[interpreter_id].languages)
        language = next((lang for lang in languages if lang in speaks), None)
        if language is not None:
            languages.remove(language)
            item.role(f"interpreter:{language}")[interpreter_id] = only


def _locked_visit(space: Space, item: Item) -> None:
    visit = item.locked
    assert isinstance(visit, Visit)
    venue = None if visit.place == HOME else visit.place
    item.options = [_locked_option(space, visit.start, visit.end, venue, visit.area)]
    _locked_block(item)
    only = OptionSet(1)
    item.people["guide"] = {visit.staff: only}
    item.people["interpreter"] = {visit.interpreter: only} if visit.interpreter else {}
