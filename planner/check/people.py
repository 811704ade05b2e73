"""H5-H8: the people of a plan: one place at a time, availability, working time, roles
and skills.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from planner.check.context import (
    CheckContext,
    Item,
    Violation,
    hours_text,
    place_text,
    plural,
)
from planner.domain import (
    Role,
    StaffMember,
)
from planner.domain.timeparts import iso_week


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
