"""The independent plan checker: which hard rules H1-H11 of its scenario does a plan break?

It reads only the scenario and the plan (spec/SCENARIO.md, "Hard rules") and shares no code
with the solver, so that it can judge the solver. One function per rule, listed in `RULES`;
`plan_consistency` first reports what is not a rule but plainly wrong (a dangling reference,
a shift named after another session), and every rule skips what such a fault leaves unknown.
Texts name items and people by id only: they may leave the process.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from fractions import Fraction

from planner.checkctx import (
    DEFAULT_VISIT_WINDOWS,
    CheckContext,
    Item,
    Violation,
    changed_fields,
    hours_text,
    local_clock,
    local_when,
    place_text,
    plural,
    unmatched,
)
from planner.domain import (
    HOME,
    Group,
    GuidanceNeed,
    Interpreter,
    Plan,
    Role,
    Scenario,
    StaffMember,
    Venue,
)
from planner.timeparts import iso_week, public_holidays

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


# Plain inconsistencies -----------------------------------------------------------------------


def _unknown(
    ref: str, noun: str, ids: Iterable[str | None], known: Collection[str]
) -> Iterator[Violation]:
    for value in ids:
        if value is not None and value not in known:
            yield Violation("plan", ref, f"there is no {noun} {value} in the scenario")


def plan_consistency(ctx: CheckContext) -> Iterator[Violation]:
    """The plan names only what its scenario holds and agrees with itself."""
    plan, scenario = ctx.plan, ctx.scenario
    if plan.horizon != scenario.horizon:
        text = (
            f"the plan covers {plan.horizon.start}..{plan.horizon.end}, the scenario "
            f"{scenario.horizon.start}..{scenario.horizon.end}"
        )
        yield Violation("plan", "horizon", text)
    yield from _sessions_consistent(ctx)
    yield from _shifts_consistent(ctx)
    yield from _visits_consistent(ctx)
    travellers = ctx.staff.keys() | ctx.carers.keys() | ctx.interpreters.keys()
    for leg in plan.travel:
        yield from _unknown(leg.person, "person who travels", [leg.person], travellers)
        yield from _unknown(leg.person, "area", [leg.from_area, leg.to_area], ctx.areas)


def _sessions_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for s in ctx.plan.sessions:
        yield from _unknown(s.id, "group", [s.group], ctx.groups)
        yield from _unknown(s.id, "venue", [s.venue], ctx.venues)
        yield from _unknown(s.id, "staff member", s.facilitators, ctx.staff)
        yield from _unknown(s.id, "carer", s.carers, ctx.carers)
        yield from _unknown(s.id, "interpreter", s.interpreters, ctx.interpreters)
        counted = ctx.counted[s.id]
        given = (s.children.under_3, s.children.from_3)
        if counted is not None and given != (counted.under_3, counted.from_3):
            text = (
                f"{s.id} gives {given[0]} children under 3 and {given[1]} from 3, but "
                f"{counted.under_3} and {counted.from_3} are counted"
            )
            yield Violation("plan", s.id, text)
        listed = sorted(s.carers)
        with_shifts = sorted(shift.carer for shift in ctx.shifts_of.get(s.id, []))
        if listed != with_shifts:
            text = (
                f"{s.id} lists carers {', '.join(listed) or 'none'} but has shifts for "
                f"{', '.join(with_shifts) or 'none'}"
            )
            yield Violation("plan", s.id, text)


def _shifts_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for shift in ctx.plan.shifts:
        yield from _unknown(shift.id, "carer", [shift.carer], ctx.carers)
        yield from _unknown(shift.id, "venue", [shift.venue], ctx.venues)
        partner = ctx.partner_of.get(shift.carer)
        if partner is not None and shift.partner != partner:
            text = f"{shift.id} names partner {shift.partner}; {shift.carer} comes from {partner}"
            yield Violation("plan", shift.id, text)
        if shift.id != f"{shift.session}/{shift.carer}":
            text = f"{shift.id} is not named {shift.session}/{shift.carer}"
            yield Violation("plan", shift.id, text)
        session = ctx.sessions.get(shift.session)
        if session is None:
            yield Violation("plan", shift.id, f"there is no session {shift.session} in the plan")
        elif shift.venue != session.venue:
            text = f"{shift.id} is at {shift.venue}, but its session is at {session.venue}"
            yield Violation("plan", shift.id, text)


def _visits_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for v in ctx.plan.visits:
        yield from _unknown(v.id, "guidance need", [v.need], ctx.needs)
        yield from _unknown(v.id, "participant", [v.participant], ctx.participants)
        yield from _unknown(v.id, "staff member", [v.staff], ctx.staff)
        yield from _unknown(v.id, "interpreter", [v.interpreter], ctx.interpreters)
        yield from _unknown(v.id, "venue", [v.place] if v.place != HOME else [], ctx.venues)
        need = ctx.needs.get(v.need)
        if need is not None and need.participant != v.participant:
            text = f"{v.id} is for {v.participant}, but need {need.id} is {need.participant}'s"
            yield Violation("plan", v.id, text)
        if need is not None and need.place != v.place:
            text = f"{v.id} is at {v.place}, but need {need.id} is met at {need.place}"
            yield Violation("plan", v.id, text)
        item = ctx.visit_items[v.id]
        if item.area is not None and v.area != item.area:
            text = f"{v.id} gives area {v.area}, but {place_text(item.place)} is in {item.area}"
            yield Violation("plan", v.id, text)


# H1-H11 --------------------------------------------------------------------------------------


def _length(owner: Group | GuidanceNeed | None) -> int | None:
    return owner.duration_minutes if owner is not None else None


def h1_demand(ctx: CheckContext) -> Iterator[Violation]:
    """H1 Demand."""
    demanded = ctx.demand()
    placed = [
        ("session", s.group, ctx.session_items[s.id], _length(ctx.groups.get(s.group)))
        for s in ctx.plan.sessions
    ] + [
        ("visit", v.need, ctx.visit_items[v.id], _length(ctx.needs.get(v.need)))
        for v in ctx.plan.visits
    ]
    unplaced = {u.ref: u for u in ctx.plan.unplaced}
    placed_ids = {item.id for _, _, item, _ in placed}
    for ref, (kind, _) in demanded.items():
        if ref in placed_ids and ref in unplaced:
            text = f"the {kind} {ref} is both placed and listed as unplaced"
            yield Violation("H1", ref, text, "h1.placed_and_unplaced", {"item": ref})
        elif ref not in placed_ids and ref not in unplaced:
            text = f"the {kind} {ref} is neither placed nor listed as unplaced"
            yield Violation("H1", ref, text, "h1.missing", {"item": ref})
    dates: dict[tuple[str, str], dict[dt.date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for kind, owner, item, duration in placed:
        if demanded.get(item.id) != (kind, owner):
            text = f"{item.id} is not a {kind} that {owner} needs in the horizon"
            yield Violation("H1", item.id, text, "h1.not_demanded", {"item": item, "owner": owner})
        elif item.id.split("/")[1] != iso_week(item.date):
            week = item.id.split("/")[1]
            text = f"{item.id} is on {item.date}, outside its week {week}"
            yield Violation("H1", item.id, text, "h1.outside_week", {"item": item, "week": week})
        if duration is not None and item.minutes != duration:
            text = f"{item.id} lasts {item.minutes} min, but {owner} asks for {duration} min"
            args = {"item": item, "minutes": item.minutes, "wanted": duration}
            yield Violation("H1", item.id, text, "h1.length", args)
        dates[owner, iso_week(item.date)][item.date].append(item.id)
    for (owner, _), by_date in dates.items():
        for date, ids in by_date.items():
            for later in sorted(ids)[1:]:
                text = f"{sorted(ids)[0]} and {later} of {owner} are both on {date}"
                args = {"first": sorted(ids)[0], "later": later, "date": date}
                yield Violation("H1", later, text, "h1.same_date", args)
    for u in ctx.plan.unplaced:
        want = demanded.get(u.ref)
        if want is None:
            text = f"{u.ref} is listed as unplaced but is not demanded"
            yield Violation("H1", u.ref, text, "h1.unplaced_not_demanded", {"item": u.ref})
        elif want[0] != u.kind:
            text = f"{u.ref} is a {want[0]}, listed as unplaced {u.kind}"
            yield Violation("H1", u.ref, text, "h1.unplaced_kind", {"item": u.ref})
        if not u.reasons:
            text = f"{u.ref} is listed as unplaced without a reason"
            yield Violation("H1", u.ref, text, "h1.unplaced_no_reason", {"item": u.ref})


def h2_calendar(ctx: CheckContext) -> Iterator[Violation]:
    """H2 Calendar."""
    horizon = ctx.scenario.horizon
    closed = set(ctx.scenario.closed_dates)
    public = public_holidays(ctx.scenario.country, horizon.start.year, horizon.end.year)
    for item in ctx.items():
        if item.locked:
            continue
        if item.crosses_midnight:
            text = f"{item.id} ({item.when()}) runs past midnight"
            yield Violation("H2", item.id, text, "h2.midnight", {"item": item})
        if not horizon.start <= item.date <= horizon.end:
            text = f"{item.id} is on {item.date}, outside the horizon"
            args = {"item": item, "first_day": horizon.start, "last_day": horizon.end}
            text = f"{text} {horizon.start}..{horizon.end}"
            yield Violation("H2", item.id, text, "h2.outside_horizon", args)
        if item.date in closed:
            text = f"{item.id} is on {item.date}, a closed date"
            yield Violation("H2", item.id, text, "h2.closed_date", {"item": item})
        if item.date in public:
            name = public.get(item.date)
            text = f"{item.id} is on {item.date}, a public holiday ({name})"
            args = {"item": item, "holiday": name}
            yield Violation("H2", item.id, text, "h2.holiday", args)
        not_before = ctx.scenario.not_before
        if item.kind != "shift" and not_before is not None and item.start < not_before:
            text = f"{item.id} ({item.when()}) starts before {not_before.isoformat()}, in the past"
            yield Violation("H2", item.id, text, "h2.past", {"item": item})


def _venue_hours(
    venue: Venue, item: Item, start: dt.datetime, end: dt.datetime, shifts: bool = False
) -> Iterator[Violation]:
    """A stretch of local time at a venue lies in its opening hours and not when closed."""
    clock, shown = local_clock(start, end), local_when(start, end)
    ref, what = item.id, f"{item.id} with its shifts" if shifts else item.id
    args = {"item": item, "venue": venue.id}
    if not venue.open.covers(start.date(), *clock):
        text = f"{what} at {venue.id} ({shown}) is outside its opening hours"
        code = "h3.venue_hours_shifts" if shifts else "h3.venue_hours"
        yield Violation("H3", ref, text, code, args)
    for period in venue.closed:
        if period.overlaps(start, end):
            closed = (
                f"{period.first_day}..{period.last_day}"
                if period.whole_days
                else local_when(period.start, period.end)
            )
            text = f"{what} at {venue.id} ({shown}) falls in its closure {closed}"
            yield Violation("H3", ref, text, "h3.venue_closed", args | {"period": period})


def h3_windows(ctx: CheckContext) -> Iterator[Violation]:
    """H3 Windows."""
    for session in ctx.plan.sessions:
        item = ctx.session_items[session.id]
        group = ctx.groups.get(session.group)
        if item.locked:
            continue
        if group is not None and not group.windows.covers(item.date, *item.clock):
            text = f"{item.id} ({item.when()}) is outside the windows of group {group.id}"
            args = {"item": item, "group": group.id}
            yield Violation("H3", item.id, text, "h3.group_windows", args)
        venue = ctx.venues.get(session.venue)
        if venue is not None:
            held = [item, *(ctx.shift_items[s.id] for s in ctx.shifts_of.get(session.id, []))]
            start = min(i.local_start for i in held)
            end = max(i.local_end for i in held)
            yield from _venue_hours(venue, item, start, end, shifts=len(held) > 1)
    for visit in ctx.plan.visits:
        item = ctx.visit_items[visit.id]
        need = ctx.needs.get(visit.need)
        if item.locked or need is None:
            continue
        participant = ctx.participants.get(need.participant)
        windows, whose = need.windows, f"need {need.id}"
        code, args = "h3.need_windows", {"item": item, "need": need.id}
        if windows is None and participant is not None and participant.available is not None:
            windows, whose = participant.available, f"participant {participant.id}"
            code, args = "h3.participant_windows", {"item": item, "person": participant.id}
        if windows is None:
            windows, whose = DEFAULT_VISIT_WINDOWS, "visits (Mon-Fri 09:00-16:00)"
            code, args = "h3.visit_hours", {"item": item}
        if not windows.covers(item.date, *item.clock):
            text = f"{item.id} ({item.when()}) is outside the windows of {whose}"
            yield Violation("H3", item.id, text, code, args)
        venue = ctx.venues.get(visit.place)
        if visit.place != HOME and venue is not None:
            yield from _venue_hours(venue, item, item.local_start, item.local_end)


def h4_venue(ctx: CheckContext) -> Iterator[Violation]:
    """H4 Venue."""
    at_venue: dict[str, list[Item]] = defaultdict(list)
    for session in ctx.plan.sessions:
        group, venue = ctx.groups.get(session.group), ctx.venues.get(session.venue)
        counted = ctx.counted[session.id]
        if venue is not None:
            at_venue[venue.id].append(ctx.session_items[session.id])
        if group is None or venue is None or counted is None:
            continue
        item = ctx.session_items[session.id]
        if venue.id not in group.venues:
            text = f"{session.id} is at {venue.id}, not at a venue of group {group.id}"
            args = {"item": item, "venue": venue.id, "group": group.id}
            yield Violation("H4", session.id, text, "h4.not_group_venue", args)
        on_site = {
            i
            for i in session.interpreters
            if i in ctx.interpreters and not ctx.interpreters[i].remote
        }
        people = len(group.members) + len(set(session.facilitators)) + len(on_site)
        if not group.childcare:
            people += counted.total
        if people > venue.capacity:
            text = f"{session.id} needs room for {people} people; {venue.id} holds {venue.capacity}"
            args = {"item": item, "count": people, "venue": venue.id, "capacity": venue.capacity}
            yield Violation("H4", session.id, text, "h4.capacity", args)
        if group.childcare and counted.total:
            children = plural(counted.total, "counted child", "counted children")
            if not venue.childcare_room:
                text = f"{session.id} has {children}, but {venue.id} has no childcare room"
                args = {"item": item, "count": counted.total, "venue": venue.id}
                yield Violation("H4", session.id, text, "h4.no_childcare_room", args)
            elif venue.childcare_capacity < counted.total:
                text = (
                    f"{session.id} has {children}, but the childcare room of {venue.id} "
                    f"holds {venue.childcare_capacity}"
                )
                args = {
                    "item": item,
                    "count": counted.total,
                    "venue": venue.id,
                    "capacity": venue.childcare_capacity,
                }
                yield Violation("H4", session.id, text, "h4.childcare_capacity", args)
    for venue_id, items in at_venue.items():
        rooms = ctx.venues[venue_id].rooms
        reported: set[frozenset[str]] = set()
        for item in items:
            at_once = frozenset(
                other.id for other in items if other.start <= item.start < other.end
            )
            if len(at_once) > rooms and at_once not in reported:
                reported.add(at_once)
                text = (
                    f"{len(at_once)} sessions at once ({', '.join(sorted(at_once))}) at "
                    f"{item.local_start:%Y-%m-%d %H:%M}; {venue_id} has "
                    f"{plural(rooms, 'room', 'rooms')}"
                )
                args = {
                    "items": sorted(at_once),
                    "start": item.start,
                    "venue": venue_id,
                    "rooms": rooms,
                }
                yield Violation("H4", venue_id, text, "h4.rooms", args)


def h5_one_place_at_a_time(ctx: CheckContext) -> Iterator[Violation]:
    """H5 One place at a time."""
    for person, items in ctx.agenda.items():
        for i, first in enumerate(items):
            for second in items[i + 1 :]:
                if second.start >= first.end:
                    break
                text = (
                    f"{person} has {first.id} ({first.when()}) and {second.id} "
                    f"({second.when()}) at the same time"
                )
                args = {"person": person, "first": first, "second": second}
                yield Violation("H5", person, text, "h5.same_time", args)
        if not ctx.travels(person):
            continue
        for day in ctx.days(person).values():
            for first, second in zip(day, day[1:], strict=False):
                if second.start < first.end or first.place == second.place:
                    continue
                need = ctx.travel(first.area, second.area)
                gap = (second.start - first.end) // dt.timedelta(minutes=1)
                if need is not None and gap < need:
                    text = (
                        f"{person} has {gap} min from {first.id} at {place_text(first.place)} to "
                        f"{second.id} at {place_text(second.place)}; the trip takes {need} min"
                    )
                    args = {
                        "person": person,
                        "gap": gap,
                        "first": first,
                        "second": second,
                        "trip": need,
                    }
                    yield Violation("H5", person, text, "h5.travel", args)


def _base_trips(ctx: CheckContext, member: StaffMember, items: list[Item]) -> Iterator[Violation]:
    """A staff member's working day starts and ends at base, inside available time."""
    spans = ctx.free_spans(member.available, member.absent, items[0].date)
    first, last = items[0], max(items, key=lambda i: (i.end, i.start))
    there = ctx.travel(member.base_area, first.area)
    span = ctx.span_of(first, spans)
    if not first.locked and there is not None and span is not None:
        gap = (first.start - ctx.instant(span[0])) // dt.timedelta(minutes=1)
        if gap < there:
            text = (
                f"{member.id} starts {first.id} at {first.local_start:%H:%M}, {gap} min after "
                f"available time begins at {span[0]:%H:%M}; from base {member.base_area} "
                f"the trip takes {there} min"
            )
            args = {
                "person": member.id,
                "item": first,
                "gap": gap,
                "begins": ctx.instant(span[0]),
                "area": member.base_area,
                "trip": there,
            }
            yield Violation("H6", member.id, text, "h6.from_base", args)
    back = ctx.travel(last.area, member.base_area)
    span = ctx.span_of(last, spans)
    if not last.locked and back is not None and span is not None:
        gap = (ctx.instant(span[1]) - last.end) // dt.timedelta(minutes=1)
        if gap < back:
            text = (
                f"{member.id} ends {last.id} {gap} min before available time ends at "
                f"{span[1]:%H:%M}; back to base {member.base_area} the trip takes {back} min"
            )
            args = {
                "person": member.id,
                "item": last,
                "gap": gap,
                "ends": ctx.instant(span[1]),
                "area": member.base_area,
                "trip": back,
            }
            yield Violation("H6", member.id, text, "h6.to_base", args)


def h6_availability(ctx: CheckContext) -> Iterator[Violation]:
    """H6 Availability."""
    people = [*ctx.staff.values(), *ctx.carers.values(), *ctx.interpreters.values()]
    for person in people:
        for date, items in ctx.days(person.id).items():
            for item in items:
                if item.locked:
                    continue
                if not person.available.covers(date, *item.clock):
                    text = f"{person.id} is not available for {item.id} ({item.when()})"
                    args = {"person": person.id, "item": item}
                    yield Violation("H6", person.id, text, "h6.not_available", args)
                if any(p.overlaps(item.local_start, item.local_end) for p in person.absent):
                    text = f"{person.id} is absent during {item.id} ({item.when()})"
                    args = {"person": person.id, "item": item}
                    yield Violation("H6", person.id, text, "h6.absent", args)
            if isinstance(person, StaffMember):
                yield from _base_trips(ctx, person, items)


def h7_working_time(ctx: CheckContext) -> Iterator[Violation]:
    """H7 Working time."""
    for member in ctx.staff.values():
        weeks: dict[str, float] = defaultdict(float)
        for date, items in ctx.days(member.id).items():
            first, last = items[0], max(items, key=lambda i: (i.end, i.start))
            there = ctx.travel(member.base_area, first.area) or 0
            back = ctx.travel(last.area, member.base_area) or 0
            minutes = (last.end - first.start).total_seconds() / 60 + there + back
            weeks[iso_week(date)] += minutes
            if minutes > member.max_hours_per_day * 60:
                text = (
                    f"{member.id} works {hours_text(minutes)} on {date} from leaving base to "
                    f"returning, more than {member.max_hours_per_day:g} h a day"
                )
                args = {
                    "person": member.id,
                    "worked": minutes,
                    "date": date,
                    "limit": member.max_hours_per_day,
                }
                yield Violation("H7", member.id, text, "h7.day", args)
        for week, minutes in weeks.items():
            if minutes > member.hours_per_week * 60:
                text = (
                    f"{member.id} works {hours_text(minutes)} in {week}, more than "
                    f"{member.hours_per_week:g} h a week"
                )
                args = {
                    "person": member.id,
                    "worked": minutes,
                    "week": week,
                    "limit": member.hours_per_week,
                }
                yield Violation("H7", member.id, text, "h7.week", args)
    for carer in ctx.carers.values():
        shifts: dict[str, list[str]] = defaultdict(list)
        for item in ctx.agenda.get(carer.id, []):
            shifts[iso_week(item.date)].append(item.id)
        for week, ids in shifts.items():
            if len(ids) > carer.max_shifts_per_week:
                count = plural(len(ids), "shift", "shifts")
                text = f"{carer.id} has {count} in {week}, more than {carer.max_shifts_per_week}"
                args = {
                    "person": carer.id,
                    "count": len(ids),
                    "week": week,
                    "limit": carer.max_shifts_per_week,
                }
                yield Violation("H7", carer.id, text, "h7.shifts", args)


def h8_roles_and_skills(ctx: CheckContext) -> Iterator[Violation]:
    """H8 Roles and skills."""
    for session in ctx.plan.sessions:
        group = ctx.groups.get(session.group)
        if group is None:
            continue
        item = ctx.session_items[session.id]
        distinct = list(dict.fromkeys(session.facilitators))
        if len(distinct) != len(session.facilitators):
            text = f"{session.id} lists a facilitator twice"
            yield Violation("H8", session.id, text, "h8.twice", {"item": item})
        if len(distinct) != group.facilitators:
            count = plural(len(distinct), "facilitator", "facilitators")
            text = f"{session.id} has {count}; group {group.id} needs {group.facilitators}"
            args = {"item": item, "count": len(distinct), "wanted": group.facilitators}
            yield Violation("H8", session.id, text, "h8.facilitators", args)
        known = [ctx.staff[s] for s in distinct if s in ctx.staff]
        for member in known:
            if Role.FACILITATOR not in member.roles:
                text = f"{member.id} facilitates {session.id} without the facilitator role"
                args = {"person": member.id, "item": item}
                yield Violation("H8", session.id, text, "h8.not_facilitator", args)
            if group.facilitator_pool is not None and member.id not in group.facilitator_pool:
                text = f"{member.id} facilitates {session.id} but is not in {group.id}'s pool"
                args = {"person": member.id, "item": item, "group": group.id}
                yield Violation("H8", session.id, text, "h8.not_in_pool", args)
        if group.facilitators and known and not any(group.language in m.languages for m in known):
            text = f"no facilitator of {session.id} speaks the group language {group.language}"
            args = {"item": item, "language": group.language}
            yield Violation("H8", session.id, text, "h8.group_language", args)
    for visit in ctx.plan.visits:
        member, need = ctx.staff.get(visit.staff), ctx.needs.get(visit.need)
        if member is None:
            continue
        args = {"person": member.id, "item": ctx.visit_items[visit.id]}
        if Role.GUIDE not in member.roles:
            text = f"{member.id} makes {visit.id} without the guide role"
            yield Violation("H8", visit.id, text, "h8.not_guide", args)
        if need is not None and need.staff is not None and member.id not in need.staff:
            text = f"{member.id} makes {visit.id} but is not among the staff of {need.id}"
            yield Violation("H8", visit.id, text, "h8.not_need_staff", args | {"need": need.id})


def h9_childcare(ctx: CheckContext) -> Iterator[Violation]:
    """H9 Childcare."""
    rules = ctx.scenario.settings.childcare
    buffer = dt.timedelta(minutes=rules.buffer_minutes)
    for session in ctx.plan.sessions:
        item = ctx.session_items[session.id]
        venue = ctx.venues.get(session.venue)
        shifts = ctx.shifts_of.get(session.id, [])
        for shift in shifts:
            times = ctx.shift_items[shift.id]
            if (times.start, times.end) != (item.start - buffer, item.end + buffer):
                text = (
                    f"{shift.id} runs {times.when()}, not from {rules.buffer_minutes} min before "
                    f"{session.id} to {rules.buffer_minutes} min after"
                )
                args = {"person": shift.carer, "item": item, "minutes": rules.buffer_minutes}
                yield Violation("H9", shift.id, text, "h9.shift_times", args)
            carer = ctx.carers.get(shift.carer)
            if carer is not None and venue is not None and venue.area not in carer.areas:
                text = f"{carer.id} does not work in area {venue.area} of {venue.id}"
                args = {"person": carer.id, "item": item, "area": venue.area, "venue": venue.id}
                yield Violation("H9", shift.id, text, "h9.carer_area", args)
        group, counted = ctx.groups.get(session.group), ctx.counted[session.id]
        if group is None or counted is None or not group.childcare or not counted.total:
            continue
        carers = sorted({s.carer for s in shifts if s.carer in ctx.carers})
        load = Fraction(rules.under_3_weight) * counted.under_3 + counted.from_3
        need = max(rules.min_carers, math.ceil(load / rules.children_per_carer))
        if len(carers) < need:
            text = (
                f"{session.id} has {plural(len(carers), 'carer', 'carers')} for "
                f"{plural(counted.total, 'counted child', 'counted children')} "
                f"({counted.under_3} under 3); it needs {need}"
            )
            args = {
                "item": item,
                "count": len(carers),
                "children": counted.total,
                "under_3": counted.under_3,
                "wanted": need,
            }
            yield Violation("H9", session.id, text, "h9.carers", args)
        if counted.infants and not any(ctx.carers[c].infants for c in carers):
            text = f"{session.id} has a child under 1 but no carer for infants"
            yield Violation("H9", session.id, text, "h9.infants", {"item": item})


def _interpreter_area(item: Item, interpreter: Interpreter) -> Iterator[Violation]:
    area = item.area
    if not interpreter.remote and area is not None and area not in interpreter.areas:
        text = f"{interpreter.id} interprets on site in {item.id} outside their areas ({area})"
        args = {"person": interpreter.id, "item": item, "area": area}
        yield Violation("H10", item.id, text, "h10.interpreter_area", args)


def h10_language(ctx: CheckContext) -> Iterator[Violation]:
    """H10 Language."""
    for visit in ctx.plan.visits:
        member = ctx.staff.get(visit.staff)
        participant = ctx.participants.get(visit.participant)
        interpreter = ctx.interpreters.get(visit.interpreter or "")
        if interpreter is not None:
            yield from _interpreter_area(ctx.visit_items[visit.id], interpreter)
        if member is None or participant is None:
            continue
        theirs, ours = set(participant.languages), set(member.languages)
        if theirs & ours:
            continue
        args = {
            "staff": member.id,
            "participant": participant.id,
            "item": ctx.visit_items[visit.id],
        }
        if visit.interpreter is None:
            text = f"{member.id} shares no language with {participant.id} and no one interprets"
            yield Violation("H10", visit.id, text, "h10.no_shared_language", args)
        elif interpreter is not None:
            spoken = set(interpreter.languages)
            if not (spoken & theirs and spoken & ours):
                text = f"{interpreter.id} cannot interpret between {participant.id} and {member.id}"
                args |= {"person": interpreter.id}
                yield Violation("H10", visit.id, text, "h10.cannot_interpret", args)
    for session in ctx.plan.sessions:
        group = ctx.groups.get(session.group)
        crew = [
            ctx.interpreters[i]
            for i in dict.fromkeys(session.interpreters)
            if i in ctx.interpreters
        ]
        for interpreter in crew:
            yield from _interpreter_area(ctx.session_items[session.id], interpreter)
        if group is None:
            continue
        for language in unmatched(group.interpreting, group.language, crew):
            text = (
                f"{session.id} has no interpreter of its own between {language} and "
                f"{group.language}"
            )
            args = {
                "item": ctx.session_items[session.id],
                "language": language,
                "group_language": group.language,
            }
            yield Violation("H10", session.id, text, "h10.no_interpreter", args)


SESSION_FIELDS = ("group", "venue", "start", "end", "facilitators", "carers", "interpreters")
VISIT_FIELDS = ("need", "participant", "staff", "interpreter", "place", "start", "end")


def h11_locked(ctx: CheckContext) -> Iterator[Violation]:
    """H11 Locked."""
    visits = {v.id: v for v in ctx.plan.visits}
    kinds = (
        ("session", ctx.scenario.locked.sessions, ctx.sessions, SESSION_FIELDS),
        ("visit", ctx.scenario.locked.visits, visits, VISIT_FIELDS),
    )
    for kind, locked_items, placed, fields in kinds:
        for locked in locked_items:
            now = placed.get(locked.id)
            if now is None:
                text = f"the locked {kind} {locked.id} is not in the plan"
                yield Violation("H11", locked.id, text, "h11.missing", {"item": locked.id})
            elif changed := changed_fields(locked, now, fields):
                text = f"the locked {kind} {locked.id} has changed: {', '.join(changed)}"
                args = {"item": locked.id, "fields": changed}
                yield Violation("H11", locked.id, text, "h11.changed", args)


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
