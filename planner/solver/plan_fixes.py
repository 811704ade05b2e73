"""Fixes for items that fit alone but lost to the plan's other items, tried in the finished plan.

`reasons` says what the plan holds where such an item would fit: the people who may take it
are busy or their day or week is full (`taken`, H5/H7), its participants are elsewhere
(`members_busy`, H5), its owner's other items take its days (`same_day`, H1) or other groups
the rooms (`room_taken`, H4). A change of the master data that frees or adds what it lost
would place it: another staff member allowed, the working time it needs, a shift more, a
carer or an interpreter more, another time or venue. Each only relaxes rules, so the
finished plan keeps every rule in the changed scenario; a fix is confirmed when the item can
be inserted into that plan with every other item where it is: the heuristic's state of the
plan, seen through the changed scenario, proposes an option and people, and the checker
judges the plan with the item added. A few candidates per item are tried, each one item's
candidate space (none for a change of working time) and one check.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterator
from dataclasses import replace

from planner.check import Violation, check
from planner.domain import Plan, Reason, Role, Scenario, StaffMember, Unplaced
from planner.domain.timeparts import WEEKDAYS, format_clock, iso_week
from planner.solver.causes import around, windows_of
from planner.solver.extract import session_of, shifts_of, visit_of
from planner.solver.fixes import Fix, apply_fix
from planner.solver.heuristic import Busy, State, place_key, staff_option
from planner.solver.reasons import fix_text
from planner.solver.space import Item, Option, Space, item_space

PLAN_CODES = ("taken", "members_busy", "same_day", "room_taken")
MAX_TRIES = 4  # candidate fixes tried per item, each one item space and a few checks
MAX_CHECKS = 3  # options of one fix that the checker judges in the plan
EARLIEST, LATEST = 8 * 60, 18 * 60  # the clock span a new time is looked for in


def with_plan_fixes(space: Space, state: State, plan: Plan, until: float | None = None) -> Plan:
    """The plan with a tried fix in each reason that the plan's other items cause.

    Items are tried in order until the moment `until` (`time.perf_counter()`); the reasons
    of those left when it passes stay as they are, without a fix.
    """
    wanted = [
        left
        for left in plan.unplaced
        if any(r.code in PLAN_CODES and "fix" not in r.args for r in left.reasons)
    ]
    if not wanted or (until is not None and time.perf_counter() >= until):
        return plan
    items = {item.id: item for item in space.items}
    earlier = set(check(space.scenario, plan))
    unplaced = []
    for left in plan.unplaced:
        item = items.get(left.ref)
        in_time = until is None or time.perf_counter() < until
        reasons = tuple(
            _with_fix(space, state, (plan, earlier), item, reason)
            if in_time
            and item is not None
            and reason.code in PLAN_CODES
            and "fix" not in reason.args
            else reason
            for reason in left.reasons
        )
        unplaced.append(Unplaced(left.ref, left.kind, reasons))
    return replace(plan, unplaced=tuple(unplaced))


Judged = tuple[Plan, set[Violation]]  # the finished plan and what the checker finds in it


def _with_fix(space: Space, state: State, plan: Judged, item: Item, reason: Reason) -> Reason:
    fix = first_plan_fix(space, state, plan, item, reason)
    if fix is None:
        return reason
    text = f"{reason.text}; it would fit if you {fix_text(space, fix)}"
    return Reason(reason.rule, text, reason.code, {**reason.args, "fix": fix})


def first_plan_fix(
    space: Space, state: State, plan: Judged, item: Item, reason: Reason
) -> Fix | None:
    """The first candidate fix with which the item can be added to the finished plan."""
    seen: list[Fix] = []
    for fix in candidates(space, state, item, reason):
        if fix in seen:
            continue
        seen.append(fix)
        if inserted(space, state, plan, item, fix) is not None:
            return fix
        if len(seen) >= MAX_TRIES:
            break
    return None


def inserted(space: Space, state: State, judged: Judged, item: Item, fix: Fix) -> Plan | None:
    """The finished plan with the item added in the fixed scenario, if the checker finds
    nothing new in it; the first few options where the plan leaves it people are tried."""
    fixed = apply_fix(space.scenario, fix)
    found = _fixed_space(space, fixed, item, fix)
    if found is None:
        return None
    there, candidate = found
    view = replace(state, space=there)  # the plan's days, seen with the fixed master data
    plan, earlier = judged
    checks = 0
    for k in range(len(candidate.options)):
        people = staff_option(view, candidate, k)
        if people is None:
            continue
        added = _with_item(there, plan, candidate, k, people)
        if all(v in earlier for v in check(fixed, added)):
            return added
        checks += 1
        if checks >= MAX_CHECKS:
            break
    return None


def _fixed_space(space: Space, fixed: Scenario, item: Item, fix: Fix) -> tuple[Space, Item] | None:
    """The item's candidate space in the fixed scenario; working time and shifts are not in
    it (H7 is the plan's), so for those the space stays and only its people change."""
    if fix["kind"] in ("staff_hours", "staff_day", "carer_shifts"):
        staff = {s.id: s for s in fixed.staff}
        carers = {c.id: c for c in fixed.carers()}
        return replace(space, scenario=fixed, staff=staff, carers=carers), item
    return item_space(fixed, item.id)


def _with_item(space: Space, plan: Plan, item: Item, k: int, people: dict[str, list[str]]) -> Plan:
    unplaced = tuple(u for u in plan.unplaced if u.ref != item.id)
    if item.kind == "visit":
        visits = (*plan.visits, visit_of(space, item, k, people))
        return replace(plan, visits=visits, unplaced=unplaced)
    session = session_of(space, item, k, people)
    shifts = (*plan.shifts, *shifts_of(space, session))
    return replace(plan, sessions=(*plan.sessions, session), shifts=shifts, unplaced=unplaced)


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


def _fitting(
    state: State, item: Item, role: str | None = None, person: str | None = None
) -> Iterator[int]:
    """The options of the item on days its owner's other items leave (H1), at which the
    person is free by their own hours."""
    free = item.people.get(role or "", {}).get(person or "")
    used = state.days_used[(item.owner, item.week)]
    for k, option in enumerate(item.options):
        if option.day not in used and (free is None or k in free):
            yield k


def _slot(space: Space, item: Item, k: int, pad: int = 0) -> Busy:
    option = item.options[k]
    return Busy(option.t0 - pad, option.t1 + pad, place_key(item, k), option.area)


def _more_time(space: Space, state: State, item: Item, people: dict[str, str]) -> Iterator[Fix]:
    """More working time for a staff member whose day or week is full, as much as the item
    needs at its easiest option; then a shift more for the carers whose shifts are taken."""
    role = "guide" if item.kind == "visit" else "facilitator"
    for person, why in people.items():
        if why not in ("day", "week") or person not in space.staff:
            continue
        needs = [
            state.hours_with(person, item.options[k].day, _slot(space, item, k))
            for k in _fitting(state, item, role, person)
            if state.why_not(person, item.options[k].day, _slot(space, item, k)) == why
        ]
        if needs:
            day, week = min(needs, key=lambda n: n[0] if why == "day" else n[1])
            if why == "day":
                yield {"kind": "staff_day", "staff": person, "max_hours_per_day": _hours(day)}
            else:
                yield {"kind": "staff_hours", "staff": person, "hours_per_week": _hours(week)}
    if "shifts" in people.values() and item.kind == "session":
        yield from _more_shifts(space, state, item)


def _more_shifts(space: Space, state: State, item: Item) -> Iterator[Fix]:
    """One shift more a week for as few carers as the item needs at one of its options, of
    those free then whose shifts are all taken."""
    buffer = space.scenario.settings.childcare.buffer_minutes
    carers = item.people.get("carer", {})
    best: list[str] | None = None
    for k in _fitting(state, item):
        option, slot = item.options[k], _slot(space, item, k, buffer)
        free, full = 0, []
        for carer, at in carers.items():
            if k not in at or state.why_not(carer, option.day, slot) is not None:
                continue
            if state.shifts[(carer, item.week)] < space.carers[carer].max_shifts_per_week:
                free += 1
            else:
                full.append(carer)
        short = item.children[option.day].carers - free
        if 0 < short <= len(full) and (best is None or short < len(best)):
            best = sorted(full)[:short]
    if best:
        shifts = {c: space.carers[c].max_shifts_per_week + 1 for c in best}
        yield {"kind": "carer_shifts", "shifts": shifts}


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
               for k in _fitting(state, item)):  # fmt: skip
            found += 1
            yield {"kind": "allow_staff", "owner": item.owner, "staff": member.id}


def _spoken(space: Space, item: Item) -> set[str]:
    if item.kind == "session":
        return {space.groups[item.owner].language}
    return set(space.participants[space.needs[item.owner].participant].languages)


def _free_by_hours(
    space: Space, state: State, member: StaffMember, option: Option, slot: Busy
) -> bool:
    """Whether a staff member's own hours hold the option, with the drive, and the plan
    leaves them free then."""
    drive = space.travel(member.base_area, option.area)
    ranges = space.free(member, option.day)
    inside = any(r.start + drive <= option.start and option.end + drive <= r.end for r in ranges)
    return inside and state.fits(member.id, option.day, slot)


def _other_times(space: Space, state: State, item: Item) -> Iterator[Fix]:
    """A time outside its windows on a day its other items leave free, when the plan leaves it
    its participants, people and a room: found with the whole working day of those days open
    to it, then offered as one range, on up to three days."""
    windows = windows_of(space, item)
    used = state.days_used[(item.owner, item.week)]
    days = [
        d for d in space.scenario.horizon.dates()
        if iso_week(d) == item.week and d in space.open_days and d not in used and d.weekday() < 5
    ]  # fmt: skip
    if not days:
        return
    wide = space.scenario
    for day in dict.fromkeys(WEEKDAYS[d.weekday()] for d in days):
        whole = f"{format_clock(EARLIEST)}-{format_clock(LATEST)}"
        wide = apply_fix(wide, {"kind": "window", "owner": item.owner, "weekday": day,
                                "range": whole})  # fmt: skip
    found = item_space(wide, item.id)
    if found is None:
        return
    there, candidate = found
    view = replace(state, space=there)
    # The owner's usual clock first: a session at 10 on Tuesdays is asked for at 10 on Monday.
    usual = sorted({r.start for ranges in windows.days.values() for r in ranges})

    def likeness(k: int) -> tuple:
        option = candidate.options[k]
        return option.day, min((abs(option.start - u) for u in usual), default=0), option.start

    offered: set[dt.date] = set()
    for k in sorted(range(len(candidate.options)), key=likeness):
        option = candidate.options[k]
        if len(offered) >= 3:
            return
        new = option.day in days and not windows.covers(option.day, option.start, option.end)
        if new and option.day not in offered and staff_option(view, candidate, k) is not None:
            offered.add(option.day)
            clock = f"{format_clock(option.start)}-{format_clock(option.end)}"
            yield {"kind": "window", "owner": item.owner, "weekday": WEEKDAYS[option.day.weekday()],
                   "range": clock}  # fmt: skip
