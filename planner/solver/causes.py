"""Why an item cannot be placed even alone: the rule family whose relaxation would place it.

Each test takes one family away and asks whether the item would then have an option with
its people: the calendar (H2), the windows and the venue's hours (H3), the venue's fit (H4),
availability and absences (H6), roles and allowed staff (H8), carers (H9) and language
(H10). A cause names the resource by id and lists candidate fixes, which `reasons` tries
before it offers one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from planner.domain import Role, StaffMember
from planner.domain.languages import language_name
from planner.domain.timeparts import WEEKDAYS, WeeklyWindows, iso_week
from planner.solver.fixes import Fix
from planner.solver.space import (
    DEFAULT_VISIT_WINDOWS,
    Item,
    Space,
    counted_children,
    h3_window_starts,
    h4_venue_fits,
    seats_needed,
)


@dataclass
class Cause:
    """A rule, a stable code, its plain arguments, the English words and fixes to try."""

    rule: str
    code: str
    args: dict[str, Any]
    text: str
    fixes: list[Fix] = field(default_factory=list)


class Names:
    """The names of a scenario's ids, for the English text (never a participant's)."""

    def __init__(self, space: Space) -> None:
        s = space.scenario
        named = (*s.areas, *s.venues, *s.groups, *s.staff, *s.carers(), *s.interpreters)
        self.names = {thing.id: thing.name for thing in named}

    def __call__(self, ids) -> str:
        return ", ".join(self.names.get(i, i) for i in ids)


def windows_of(space: Space, item: Item) -> WeeklyWindows:
    """The item's own windows (H3)."""
    if item.kind == "session":
        return space.groups[item.owner].windows
    need = space.needs[item.owner]
    return need.windows or space.participants[need.participant].available or DEFAULT_VISIT_WINDOWS


def around(windows: WeeklyWindows, pad: int = 60) -> dict[str, list[str]]:
    """Each day of the windows as one range, `pad` minutes wider: a new person's hours."""
    out = {}
    for day, ranges in windows.days.items():
        if ranges:
            start = max(0, min(r.start for r in ranges) - pad)
            end = min(24 * 60, max(r.end for r in ranges) + pad)
            out[day] = [f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"]
    return out


def no_option_cause(space: Space, item: Item) -> Cause:
    """Why an item has no option at all: calendar, windows, venue fit or venue hours."""
    names = Names(space)
    days = [d for d in space.scenario.horizon.dates() if iso_week(d) == item.week]
    windows = windows_of(space, item)
    wanted = [d for d in days if windows.ranges_on(d)]
    open_days = [d for d in wanted if d in space.open_days]
    if wanted and not open_days:
        dates = [d.isoformat() for d in wanted]
        fixes = []
        if item.kind == "session":
            like = WEEKDAYS[wanted[0].weekday()]
            fixes = [
                {"kind": "weekday", "owner": item.owner, "weekday": WEEKDAYS[d.weekday()],
                 "like": like}
                for d in days if d in space.open_days and not windows.ranges_on(d)
            ]  # fmt: skip
        closed = ", ".join(f"{WEEKDAYS[d.weekday()].title()} {d:%d.%m.}" for d in wanted)
        text = f"every day it may take place is closed or a public holiday ({closed})"
        return Cause("H2", "calendar_closed", {"dates": dates}, text, fixes)
    starts = {d: list(h3_window_starts(space, windows, d, item.duration)) for d in open_days}
    if not any(starts.values()):
        text = f"no window is {item.duration} minutes long on an open day"
        return Cause("H3", "windows_too_short", {"minutes": item.duration}, text)
    if item.kind == "visit":
        need = space.needs[item.owner]
        venue = need.place
        text = f"{names([venue])} is not open (or is closed) in the windows of the visit"
        return Cause("H3", "venue_closed", {"venues": [venue]}, text)
    group = space.groups[item.owner]
    venues = [space.venues[v] for v in group.venues]
    areas = {v.area for v in venues}
    others = sorted(
        (v for v in space.venues.values() if v.area in areas and v.id not in group.venues),
        key=lambda v: (-v.capacity, v.id),
    )
    fitting = [
        v for v in venues
        if any(h4_venue_fits(space, group, v, counted_children(space, group, d))
               for d in open_days)
    ]  # fmt: skip
    venue_fixes = [{"kind": "venue", "group": group.id, "venue": v.id} for v in others]
    if not fitting:
        children = counted_children(space, group, open_days[0])
        seats = seats_needed(group, children)
        counted = children.under_3 + children.from_3
        ids = [v.id for v in venues]
        if group.childcare and counted and any(v.capacity >= seats for v in venues):
            args = {"venues": ids, "children": counted}
            text = f"{names(ids)} has no childcare room for {counted} children"
            return Cause("H4", "no_childcare_room", args, text, venue_fixes)
        args = {"venues": ids, "seats": seats, "capacity": max(v.capacity for v in venues)}
        text = f"needs room for {seats} people; {names(ids)} seats {args['capacity']}"
        return Cause("H4", "venue_too_small", args, text, venue_fixes)
    ids = [v.id for v in fitting]
    dates = [d.isoformat() for d in open_days if starts[d]]
    text = f"{names(ids)} is not open (or is closed) on the days and hours it may take place"
    return Cause("H3", "venue_closed", {"venues": ids, "dates": dates}, text, venue_fixes)


def _absent_or_away(space: Space, person, item: Item) -> str:
    """ "absent" when an absence takes the item's days, else "unavailable" (windows, reach)."""
    for day in {o.day for o in item.options}:
        start = dt.datetime.combine(day, dt.time())
        end = start + dt.timedelta(days=1)
        if any(p.start < end and start < p.end for p in person.absent):
            return "absent"
    return "unavailable"


def session_cause(space: Space, item: Item) -> Cause | None:
    """The first family of a session's people that rules out every option alone."""
    return _facilitators(space, item) or _carers(space, item) or _interpreters(space, item)


def _free_at(item: Item, role: str) -> set[str]:
    return set(item.people.get(role, {}))


def _facilitators(space: Space, item: Item) -> Cause | None:
    group = space.groups[item.owner]
    if not group.facilitators:
        return None
    names = Names(space)
    role_holders = [s for s in space.staff.values() if Role.FACILITATOR in s.roles]
    pool = set(group.facilitator_pool) if group.facilitator_pool is not None else None
    allowed = [s for s in role_holders if pool is None or s.id in pool]
    free = _free_at(item, "facilitator")
    outside = [s.id for s in role_holders if s not in allowed]
    allow = [{"kind": "allow_staff", "owner": group.id, "staff": s} for s in outside]
    speakers = [s for s in allowed if group.language in s.languages]
    language = group.language
    if len(allowed) < group.facilitators:
        args = {"needed": group.facilitators, "staff": [s.id for s in allowed]}
        text = f"needs {group.facilitators} facilitators; only {len(allowed)} may facilitate it"
        return Cause("H8", "facilitators_short", args, text, allow)
    if not speakers:
        args = {"language": language}
        text = f"no facilitator who may take it speaks {language_name(language)}"
        speaking = [f for f in allow if language in space.staff[f["staff"]].languages]
        return Cause("H8", "no_facilitator_speaker", args, text, speaking)
    if not free & {s.id for s in speakers}:
        ids = [s.id for s in speakers]
        code = "staff_" + _absent_or_away(space, speakers[0], item)
        text = f"{names(ids)} (who may facilitate it in {language_name(language)}) " + (
            "is absent then" if code == "staff_absent" else "is not available then"
        )
        return Cause("H6", code, {"staff": ids}, text, allow)
    most = max(sum(k in f for f in item.people["facilitator"].values())
               for k in range(len(item.options)))  # fmt: skip
    if most < group.facilitators:
        args = {"needed": group.facilitators, "free": most}
        text = f"needs {group.facilitators} facilitators; at most {most} are free at once"
        return Cause("H6", "facilitators_unavailable", args, text, allow)
    return None


def _carers(space: Space, item: Item) -> Cause | None:
    needed = max((c.carers for c in item.children.values()), default=0)
    if not needed:
        return None
    names = Names(space)
    areas = sorted({o.area for o in item.options})
    area = areas[0]
    infants = any(c.infants for c in item.children.values())
    in_area = [c for c in space.carers.values() if set(c.areas) & set(areas)]
    elsewhere = [c for c in space.carers.values() if c not in in_area]
    hours = around(windows_of(space, item))
    partner = space.scenario.partners[0].id if space.scenario.partners else None
    extend = [{"kind": "carer_area", "carer": c.id, "area": area} for c in elsewhere]
    new = (
        [{"kind": "new_carer", "partner": partner, "area": area, "infants": infants,
          "windows": hours}]
        if partner else []
    )  # fmt: skip
    if not in_area:
        text = f"no carer works in {names([area])}"
        return Cause("H9", "no_carer_in_area", {"area": area}, text, extend + new)
    free = _free_at(item, "carer")
    if infants and not any(c.infants for c in in_area):
        qualified = [f for f in extend if space.carers[f["carer"]].infants]
        text = f"a child under 1 comes, and no carer in {names([area])} may care for infants"
        return Cause("H9", "no_infant_carer", {"area": area}, text, qualified + new)
    if len(in_area) < needed:
        args = {"area": area, "needed": needed, "carers": [c.id for c in in_area]}
        text = f"needs {needed} carers in {names([area])}; only {len(in_area)} work there"
        return Cause("H9", "carers_short", args, text, extend + new)
    if not free:
        ids = [c.id for c in in_area]
        code = "carer_" + _absent_or_away(space, in_area[0], item)
        text = f"the carers of {names([area])} ({names(ids)}) are not free then"
        return Cause("H6", code, {"carers": ids, "area": area}, text, extend + new)
    if infants and not any(space.carers[c].infants for c in free):
        ids = [c.id for c in in_area if c.infants]
        text = f"{names(ids)} (who may care for infants) is not free then"
        return Cause("H6", "infant_carer_unavailable", {"carers": ids}, text, new)
    return None


def _interpreters(space: Space, item: Item) -> Cause | None:
    group = space.groups[item.owner]
    names = Names(space)
    areas = sorted({o.area for o in item.options})
    hours = around(group.windows, 0)
    for language in dict.fromkeys(group.interpreting):
        needed = group.interpreting.count(language)
        pair = {language, group.language}
        speakers = [i for i in space.interpreters.values() if pair <= set(i.languages)]
        near = [i for i in speakers if i.remote or set(i.areas) & set(areas)]
        new = [{"kind": "new_interpreter", "languages": sorted(pair), "windows": hours}]
        words = f"{language_name(language)} and {language_name(group.language)}"
        base = {"language": language, "group_language": group.language, "needed": needed}
        if not speakers:
            text = f"no interpreter speaks {words}"
            return Cause("H10", "no_interpreter", base, text, new)
        ids = [i.id for i in speakers]
        if len(speakers) < needed:
            args = base | {"interpreters": ids}
            text = (
                f"needs {needed} interpreters of {words}; only {len(speakers)} exist ({names(ids)})"
            )
            return Cause("H10", "interpreters_short", args, text, new)
        if len(near) < needed:
            far = [i for i in speakers if i not in near]
            args = base | {"interpreters": [i.id for i in far], "area": areas[0]}
            text = f"{names(args['interpreters'])} ({words}) do not work in {names(areas[:1])}"
            move = [{"kind": "interpreter_area", "interpreter": i.id, "area": areas[0]}
                    for i in far]  # fmt: skip
            return Cause("H10", "interpreter_out_of_area", args, text, move + new)
        most = max(sum(k in f for f in item.people.get(f"interpreter:{language}", {}).values())
                   for k in range(len(item.options)))  # fmt: skip
        if most < needed:
            ids = [i.id for i in near]
            code = "interpreter_" + _absent_or_away(space, near[0], item)
            text = f"{names(ids)} ({words}) {'is' if len(ids) == 1 else 'are'} not free then"
            return Cause("H6", code, base | {"interpreters": ids}, text, new)
    return None


def visit_cause(space: Space, item: Item) -> Cause | None:
    """Why no guide (with an interpreter where needed) can make a visit alone."""
    names = Names(space)
    need = space.needs[item.owner]
    participant = space.participants[need.participant]
    spoken = set(participant.languages)
    areas = sorted({o.area for o in item.options})
    guides = [s for s in space.staff.values() if Role.GUIDE in s.roles]
    allowed = [s for s in guides if need.staff is None or s.id in need.staff]
    bridges = [
        i for i in space.interpreters.values()
        if spoken & set(i.languages) and (i.remote or set(i.areas) & set(areas))
    ]  # fmt: skip

    def talks(member: StaffMember) -> bool:
        ours = set(member.languages)
        return bool(spoken & ours) or any(ours & set(i.languages) for i in bridges)

    allow = [
        {"kind": "allow_staff", "owner": need.id, "staff": s.id}
        for s in guides if s not in allowed and talks(s)
    ]  # fmt: skip
    if not allowed:
        text = "no staff member may make this visit as a guide"
        return Cause("H8", "no_guide", {"staff": list(need.staff or ())}, text, allow)
    talking = [s for s in allowed if talks(s)]
    language = participant.languages[0]
    if not talking:
        ours = allowed[0].languages[0]
        windows = around(windows_of(space, item), 0)
        new = [{"kind": "new_interpreter", "languages": sorted({language, ours}),
                "windows": windows}]  # fmt: skip
        args = {"languages": list(participant.languages), "staff": [s.id for s in allowed]}
        text = (
            f"no guide who may make it speaks {'/'.join(map(language_name, spoken))}, "
            "and no interpreter can bridge to them"
        )
        return Cause("H10", "no_speaker", args, text, new + allow)
    free = _free_at(item, "guide")
    if not free:
        ids = [s.id for s in talking]
        code = "guide_" + _absent_or_away(space, talking[0], item)
        verb = "is absent then" if code == "guide_absent" else "is not available then"
        text = f"{names(ids)}, who may make this visit, {verb}"
        return Cause("H6", code, {"staff": ids}, text, allow)
    return None
