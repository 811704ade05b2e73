"""Why an item could not be placed, in words a coordinator can act on.

The reasons are worked out, not guessed: every option of the item is tested against each
family of rules on its own (calendar and windows, venue, facilitators, carers,
interpreters, guides), and the families that rule out every option are reported with the
numbers behind them. An item that passes every family alone lost to other items for the
same people and hours (H5, H7).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from planner.domain import Reason
from planner.solver.heuristic import Busy, State, participants_of, place_key, room_free
from planner.solver.space import (
    DEFAULT_VISIT_WINDOWS,
    Item,
    Option,
    Space,
    counted_children,
    h3_window_starts,
    h4_venue_fits,
)
from planner.timeparts import iso_week

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _when(options: list[Option]) -> str:
    """The days and clock span of a set of options, e.g. "Tue-Thu 09:00-14:00"."""
    days = sorted({o.day for o in options})
    names = [WEEKDAY_NAMES[d.weekday()] for d in days]
    span = f"{_clock(min(o.start for o in options))}-{_clock(max(o.end for o in options))}"
    if len(names) > 2 and days[-1].toordinal() - days[0].toordinal() == len(days) - 1:
        return f"{names[0]}-{names[-1]} {span}"
    return f"{', '.join(names)} {span}"


def reasons_for(space: Space, item: Item, state: State) -> list[Reason]:
    """Every rule family that rules out all of the item's options, with its numbers.

    With the finished plan's `state`, an item that fits alone is explained by what the plan
    already gives its people, rooms and days.
    """
    if not item.options:
        return _no_options(space, item)
    checks = _session_checks(space, item) if item.kind == "session" else _visit_checks(space, item)
    reasons = []
    for rule, test, describe in checks:
        if not any(test(k) for k in range(len(item.options))):
            reasons.append(Reason(rule, describe()))
    if reasons:
        return reasons
    together = [k for k in range(len(item.options)) if all(test(k) for _, test, _ in checks)]
    if not together:
        return [
            Reason(
                "H6",
                f"the people it needs are never free at the same time ({_when(item.options)})",
            )
        ]
    return [_taken(space, item, together, state)]


ROLE_NOUNS = {"facilitator": "facilitators", "carer": "carers", "guide": "a guide"}
WHY = {
    "busy": "busy then",
    "travel": "cannot get there in time",
    "day": "working day full",
    "week": "week full",
    "shifts": "no shifts left this week",
}


def _taken(space: Space, item: Item, options: list[int], state: State) -> Reason:
    """What the plan already holds at every option where the item would fit alone."""
    causes: Counter[str] = Counter()
    people: dict[str, Counter[str]] = defaultdict(Counter)
    short: dict[str, int] = {}
    for k in options:
        cause = _first_block(space, item, k, state, people, short)
        causes[cause] += 1
    cause, _ = causes.most_common(1)[0]
    when = _when([item.options[k] for k in options])
    if cause == "members":
        return Reason("H5", f"it fits {when}, but its participants are in other items then")
    if cause == "room":
        return Reason("H4", f"it fits {when}, but other groups have the venue's rooms then")
    if cause == "same day":
        others = "the group's other sessions" if item.kind == "session" else "the other visits"
        return Reason(
            "H1",
            f"it can only be held {when} (where its people, rooms and windows allow), and "
            f"{others} already take those days; H1 allows one a day",
        )
    who = sorted(people, key=lambda p: -sum(people[p].values()))[:5]
    details = ", ".join(f"{p} ({WHY[people[p].most_common(1)[0][0]]})" for p in who)
    hours = sum(c[w] for c in people.values() for w in ("day", "week", "shifts"))
    rule = "H7" if hours * 2 >= sum(sum(c.values()) for c in people.values()) else "H5"
    noun = ROLE_NOUNS.get(cause, f"an interpreter for {cause.split(':')[-1]}")
    needed = short.get(cause, 1)
    count = f"{needed} {noun}" if cause in ("facilitator", "carer") else noun
    return Reason(rule, f"needs {count} {when}; those who may take it are taken: {details}")


def _first_block(space, item, k, state, people, short) -> str:
    option = item.options[k]
    slot = Busy(option.t0, option.t1, place_key(item, k), option.area)
    if option.day in state.days_used[(item.owner, item.week)]:
        return "same day"
    if not all(state.fits(p, option.day, slot) for p in participants_of(space, item)):
        return "members"
    if item.kind == "session" and not room_free(state, item, k):
        return "room"
    buffer = space.scenario.settings.childcare.buffer_minutes
    for role, needed in _needs(space, item, k):
        pad = buffer if role == "carer" else 0
        padded = Busy(slot.t0 - pad, slot.t1 + pad, slot.place, slot.area)
        fitting = 0
        for person, free in item.people.get(role, {}).items():
            if k not in free:
                continue
            why = state.why_not(person, option.day, padded)
            if why is None and role == "carer":
                carer = space.carers[person]
                if state.shifts[(person, item.week)] >= carer.max_shifts_per_week:
                    why = "shifts"
            if why is None:
                fitting += 1
            else:
                people[person][why] += 1
        if fitting < needed:
            short[role] = needed
            return role
    return "facilitator"


def _needs(space: Space, item: Item, k: int) -> list[tuple[str, int]]:
    """The people an option of an item needs, role by role."""
    if item.kind == "visit":
        return [("guide", 1)]
    group = space.groups[item.owner]
    needs = [("facilitator", group.facilitators)] if group.facilitators else []
    carers = item.children[item.options[k].day].carers
    if carers:
        needs.append(("carer", carers))
    return needs + [(f"interpreter:{language}", 1) for language in group.interpreting]


def _no_options(space: Space, item: Item) -> list[Reason]:
    """Why an item has no option at all: calendar, windows or venue, in that order."""
    week_days = [d for d in space.scenario.horizon.dates() if iso_week(d) == item.week]
    if item.kind == "session":
        group = space.groups[item.owner]
        windows, venues = group.windows, [space.venues[v] for v in group.venues]
    else:
        need = space.needs[item.owner]
        participant = space.participants[need.participant]
        windows = need.windows or participant.available or DEFAULT_VISIT_WINDOWS
        venues = [] if need.at_home else [space.venues[need.place]]
    wanted = [d for d in week_days if windows.ranges_on(d)]
    open_days = [d for d in wanted if d in space.open_days]
    if not open_days:
        closed = ", ".join(f"{WEEKDAY_NAMES[d.weekday()]} {d:%d.%m.}" for d in wanted) or "none"
        return [
            Reason("H2", f"every day it may take place is closed or a public holiday ({closed})")
        ]
    starts = {d: list(h3_window_starts(space, windows, d, item.duration)) for d in open_days}
    if not any(starts.values()):
        return [Reason("H3", f"no window is {item.duration} minutes long on an open day")]
    if item.kind == "session":
        fitting = [
            v for v in venues
            if any(h4_venue_fits(space, group, v, counted_children(space, group, d))
                   for d in open_days)
        ]  # fmt: skip
        if not fitting:
            return [Reason("H4", _venue_text(space, group, venues, open_days[0]))]
        venues = fitting
    names = ", ".join(v.name for v in venues)
    return [Reason("H3", f"{names} is not open (or is closed) in the windows it may take place")]


def _venue_text(space: Space, group, venues, day) -> str:
    children = counted_children(space, group, day)
    counted = children.under_3 + children.from_3
    people = len(group.members) + group.facilitators + (0 if group.childcare else counted)
    parts = [f"{len(group.members)} members and {group.facilitators} facilitators"]
    if group.childcare and counted:
        parts.append(f"a childcare room for {counted} children")
    elif counted:
        parts.append(f"{counted} children in the room")
    rooms = "; ".join(
        f"{v.name} seats {v.capacity}"
        + (
            f", childcare room for {v.childcare_capacity}"
            if v.childcare_room
            else ", no childcare room"
        )
        for v in venues
    )
    return f"needs room for {people} people ({' and '.join(parts)}); {rooms}"


Check = tuple[str, Callable[[int], bool], Callable[[], str]]


def _free(item: Item, role: str, k: int) -> list[str]:
    return [p for p, free in item.people.get(role, {}).items() if k in free]


def _session_checks(space: Space, item: Item) -> list[Check]:
    group = space.groups[item.owner]
    area = space.scenario.travel_minutes and item.options[0].area
    area_name = {a.id: a.name for a in space.scenario.areas}.get(area, area)
    when = _when(item.options)

    def facilitators_ok(k: int) -> bool:
        free = _free(item, "facilitator", k)
        speakers = [p for p in free if group.language in space.staff[p].languages]
        return len(free) >= group.facilitators and (not group.facilitators or bool(speakers))

    def facilitators_text() -> str:
        most = max(len(_free(item, "facilitator", k)) for k in range(len(item.options)))
        speakers = {
            p
            for k in range(len(item.options))
            for p in _free(item, "facilitator", k)
            if group.language in space.staff[p].languages
        }
        if not speakers:
            return (
                f"no facilitator who speaks {group.language} is free {when} "
                f"(needs {group.facilitators})"
            )
        return f"needs {group.facilitators} facilitators {when}; at most {most} are free then"

    def carers_ok(k: int) -> bool:
        needed = item.children[item.options[k].day]
        free = _free(item, "carer", k)
        infants = [c for c in free if space.carers[c].infants]
        return len(free) >= needed.carers and (not needed.infants or bool(infants))

    def carers_text() -> str:
        needed = max(c.carers for c in item.children.values())
        most = max(len(_free(item, "carer", k)) for k in range(len(item.options)))
        text = (
            f"needs {needed} carers in {area_name} {when}; at most {most} are free at any such time"
        )
        if any(c.infants for c in item.children.values()):
            text += " (one of them able to care for a baby under 1)"
        return text

    checks: list[Check] = [("H8", facilitators_ok, facilitators_text)]
    if any(c.carers for c in item.children.values()):
        checks.append(("H9", carers_ok, carers_text))
    for language in group.interpreting:
        role = f"interpreter:{language}"
        checks.append(
            (
                "H10",
                lambda k, role=role: bool(_free(item, role, k)),
                lambda language=language: (
                    f"no interpreter for {language} (who also speaks {group.language}) "
                    f"is free {when}"
                ),
            )
        )
    return checks


def _visit_checks(space: Space, item: Item) -> list[Check]:
    need = space.needs[item.owner]
    participant = space.participants[need.participant]
    spoken = set(participant.languages)
    when = _when(item.options)
    languages = "/".join(participant.languages)

    def guide_ok(k: int) -> bool:
        for guide in _free(item, "guide", k):
            common = spoken & set(space.staff[guide].languages)
            if common:
                return True
            if any(
                set(space.staff[guide].languages) & set(space.interpreters[i].languages)
                for i in _free(item, "interpreter", k)
            ):
                return True
        return False

    def guide_text() -> str:
        free = item.people.get("guide", {})
        if not free and not item.never_free.get("guide"):
            allowed = " of the need's staff" if need.staff is not None else ""
            return f"no guide{allowed} speaks {languages}, and no interpreter can bridge to them"
        if not free:
            return f"no guide who may make this visit is free {when}"
        talking = [g for g in free if spoken & set(space.staff[g].languages)]
        if not talking:
            return (
                f"no guide who speaks {languages} is free {when}, and no {languages} "
                "interpreter is free when a guide is"
            )
        return f"no guide who speaks {languages} (or has an interpreter) is free {when}"

    return [("H8", guide_ok, guide_text)]
