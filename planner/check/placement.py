"""H1-H4: what is placed, and when and where: demand, the calendar, time windows, venues.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from planner.check.context import (
    DEFAULT_VISIT_WINDOWS,
    CheckContext,
    Item,
    Violation,
    local_clock,
    local_when,
    plural,
)
from planner.domain import (
    HOME,
    Group,
    GuidanceNeed,
    Venue,
)
from planner.domain.timeparts import iso_week, public_holidays


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
