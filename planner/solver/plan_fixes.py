"""Fixes for items that fit alone but lost to the plan's other items, tried in the finished plan.

`reasons` says what the plan holds where such an item would fit: the people who may take it
are busy or their day or week is full (`taken`, H5/H7), its participants are elsewhere
(`members_busy`, H5), its owner's other items take its days (`same_day`, H1) or other groups
the rooms (`room_taken`, H4). A change of the master data that frees or adds what it lost
would place it: another staff member allowed, the working time it needs, a shift more, a
carer or an interpreter more, another time or venue. Each only relaxes rules, so the
finished plan keeps every rule in the changed scenario; a fix is confirmed when the item can
be inserted into that plan with every other item where it is, as the checker judges the plan
with it added (`planner.moves.insert_unplaced`). A few candidates per item are tried.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import replace

from planner.domain import Plan, Reason, Role, Unplaced
from planner.moves import insert_unplaced
from planner.solver.causes import around, windows_of
from planner.solver.fixes import Fix, apply_fix
from planner.solver.heuristic import Busy, State, participants_of, place_key
from planner.solver.reasons import fix_text
from planner.solver.space import Item, Option, Space
from planner.timeparts import WEEKDAYS, format_clock, iso_week

PLAN_CODES = ("taken", "members_busy", "same_day", "room_taken")
MAX_TRIES = 4  # candidate fixes tried per item, each one item space and a few checks
EARLIEST, LATEST = 8 * 60, 18 * 60  # the clock span a new time is looked for in


def with_plan_fixes(space: Space, state: State, plan: Plan) -> Plan:
    """The plan with a tried fix in each reason that the plan's other items cause."""
    items = {item.id: item for item in space.items}
    unplaced = []
    for left in plan.unplaced:
        item = items.get(left.ref)
        reasons = tuple(
            _with_fix(space, state, plan, item, reason)
            if item is not None and reason.code in PLAN_CODES and "fix" not in reason.args
            else reason
            for reason in left.reasons
        )
        unplaced.append(Unplaced(left.ref, left.kind, reasons))
    return replace(plan, unplaced=tuple(unplaced))


def _with_fix(space: Space, state: State, plan: Plan, item: Item, reason: Reason) -> Reason:
    fix = first_plan_fix(space, state, plan, item, reason)
    if fix is None:
        return reason
    text = f"{reason.text}; it would fit if you {fix_text(space, fix)}"
    return Reason(reason.rule, text, reason.code, {**reason.args, "fix": fix})


def first_plan_fix(
    space: Space, state: State, plan: Plan, item: Item, reason: Reason
) -> Fix | None:
    """The first candidate fix with which the item can be added to the finished plan."""
    seen: list[Fix] = []
    for fix in candidates(space, state, item, reason):
        if fix in seen:
            continue
        seen.append(fix)
        if insert_unplaced(apply_fix(space.scenario, fix), plan, item.id) is not None:
            return fix
        if len(seen) >= MAX_TRIES:
            break
    return None


def candidates(space: Space, state: State, item: Item, reason: Reason) -> Iterator[Fix]:
    """Changes that would free or add what the item lost to the plan, likeliest first."""
    if reason.code == "taken":
        role = str(reason.args.get("role"))
        yield from _more_time(space, state, item, dict(reason.args.get("people") or {}))
        yield from _other_people(space, state, item, role, reason.args.get("language"))
    elif reason.code == "room_taken" and item.kind == "session":
        group = space.groups[item.owner]
        areas = {space.venues[v].area for v in group.venues}
        for venue in sorted(space.venues.values(), key=lambda v: (-v.capacity, v.id)):
            if venue.area in areas and venue.id not in group.venues:
                yield {"kind": "venue", "group": group.id, "venue": venue.id}
    yield from _other_times(space, state, item)


def _fitting(item: Item, role: str | None = None, person: str | None = None) -> Iterator[int]:
    """The options of the item (at which the person is free by their own hours)."""
    free = item.people.get(role or "", {}).get(person or "")
    for k in range(len(item.options)):
        if free is None or k in free:
            yield k


def _slot(space: Space, item: Item, k: int, pad: int = 0) -> Busy:
    option = item.options[k]
    return Busy(option.t0 - pad, option.t1 + pad, place_key(item, k), option.area)


def _more_time(space: Space, state: State, item: Item, people: dict[str, str]) -> Iterator[Fix]:
    """More working time for the staff whose day or week is full, or a shift more for a carer
    whose week's shifts are taken: as much as the item needs at its easiest option."""
    buffer = space.scenario.settings.childcare.buffer_minutes
    for person, why in people.items():
        if why in ("day", "week") and person in space.staff:
            role = "guide" if item.kind == "visit" else "facilitator"
            needs = [
                state.hours_with(person, item.options[k].day, _slot(space, item, k))
                for k in _fitting(item, role, person)
                if state.why_not(person, item.options[k].day, _slot(space, item, k)) == why
            ]
            if needs:
                day, week = min(needs, key=lambda n: n[0] if why == "day" else n[1])
                if why == "day":
                    yield {"kind": "staff_day", "staff": person, "max_hours_per_day": _hours(day)}
                else:
                    yield {"kind": "staff_hours", "staff": person, "hours_per_week": _hours(week)}
        elif why == "shifts" and person in space.carers:
            fits = any(
                state.why_not(person, item.options[k].day, _slot(space, item, k, buffer)) is None
                for k in _fitting(item, "carer", person)
            )
            if fits:
                more = space.carers[person].max_shifts_per_week + 1
                yield {"kind": "carer_shifts", "carer": person, "max_shifts_per_week": more}


def _hours(minutes: int) -> float:
    """Minutes as hours, rounded up to the half hour."""
    return math.ceil(minutes / 30) / 2


def _other_people(
    space: Space, state: State, item: Item, role: str, language: object
) -> Iterator[Fix]:
    """Another staff member allowed who is free then, or a carer or interpreter more."""
    if role in ("facilitator", "guide"):
        yield from _allowed_more(space, state, item, role)
    elif role == "carer" and item.kind == "session":
        area = item.options[0].area
        partners = [p for p in space.scenario.partners if any(area in c.areas for c in p.carers)]
        partner = (partners or list(space.scenario.partners) or [None])[0]
        if partner is not None:
            infants = any(c.infants for c in item.children.values())
            yield {"kind": "new_carer", "partner": partner.id, "area": area, "infants": infants,
                   "windows": around(windows_of(space, item))}  # fmt: skip
    elif role == "interpreter" and item.kind == "session" and isinstance(language, str):
        group = space.groups[item.owner]
        yield {"kind": "new_interpreter", "languages": sorted({language, group.language}),
               "windows": around(group.windows, 0)}  # fmt: skip


def _allowed_more(space: Space, state: State, item: Item, role: str) -> Iterator[Fix]:
    """Staff of the role whom the group's pool or the need's staff list leaves out, and who are
    available and free at one of its options; those based nearest first."""
    if item.kind == "session":
        pool = space.groups[item.owner].facilitator_pool
        wanted = Role.FACILITATOR
    else:
        pool = space.needs[item.owner].staff
        wanted = Role.GUIDE
    if pool is None:
        return
    area = item.options[0].area
    spoken = _spoken(space, item)
    others = sorted(
        (s for s in space.staff.values() if wanted in s.roles and s.id not in pool),
        key=lambda s: (not spoken & set(s.languages), space.travel(s.base_area, area), s.id),
    )
    found = 0
    for member in others:
        if found >= 2:
            return
        if any(_free_by_hours(space, state, member, item.options[k], _slot(space, item, k))
               for k in _fitting(item)):  # fmt: skip
            found += 1
            yield {"kind": "allow_staff", "owner": item.owner, "staff": member.id}


def _spoken(space: Space, item: Item) -> set[str]:
    if item.kind == "session":
        return {space.groups[item.owner].language}
    return set(space.participants[space.needs[item.owner].participant].languages)


def _free_by_hours(space: Space, state: State, member, option: Option, slot: Busy) -> bool:
    """Whether a staff member's own hours hold the option, with the drive, and the plan
    leaves them free then."""
    drive = space.travel(member.base_area, option.area)
    ranges = space.free(member, option.day)
    inside = any(r.start + drive <= option.start and option.end + drive <= r.end for r in ranges)
    return inside and state.fits(member.id, option.day, slot)


def _other_times(space: Space, state: State, item: Item) -> Iterator[Fix]:
    """A time in the owner's windows on a day its other items leave free, when its
    participants are free and someone who may take it is at hand: up to three days."""
    windows = windows_of(space, item)
    used = state.days_used[(item.owner, item.week)]
    members = participants_of(space, item)
    days = [
        d for d in space.scenario.horizon.dates()
        if iso_week(d) == item.week and d in space.open_days and d not in used and d.weekday() < 5
    ]  # fmt: skip
    typical = sorted({r.start for ranges in windows.days.values() for r in ranges})
    found = 0
    for day in days:
        if found >= 3:
            return
        start = _free_start(space, state, item, day, members, typical)
        if start is None:
            continue
        found += 1
        clock = f"{format_clock(start)}-{format_clock(start + item.duration)}"
        yield {"kind": "window", "owner": item.owner, "weekday": WEEKDAYS[day.weekday()],
               "range": clock}  # fmt: skip


def _free_start(
    space: Space, state: State, item: Item, day: dt.date, members: list[str], typical: list[int]
) -> int | None:
    """The first clock start on the day, outside the windows, when the participants are free
    and the venue is open: the owner's usual starts first, then every quarter hour."""
    midnight = space.timeline.real_minute(day, 0)
    if midnight is None:
        return None
    windows = windows_of(space, item)
    venues = _venues(space, item)
    for start in [*typical, *range(EARLIEST, LATEST - item.duration + 1, 15)]:
        end = start + item.duration
        if not EARLIEST <= start or end > LATEST or windows.covers(day, start, end):
            continue
        slot = Busy(midnight + start, midnight + end, "", item.options[0].area)
        if not all(state.fits(p, day, slot) for p in members):
            continue
        if venues and not any(
            any(r.start <= start and end <= r.end for r in space.free(v, day)) for v in venues
        ):
            continue
        return start
    return None


def _venues(space: Space, item: Item) -> list:
    if item.kind == "session":
        return [space.venues[v] for v in space.groups[item.owner].venues]
    place = space.needs[item.owner].place
    return [space.venues[place]] if place in space.venues else []
