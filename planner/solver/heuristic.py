"""A constructive first plan: hardest items first, each at its first option that can be staffed.

It keeps every hard rule as it goes (it is checked like any plan), is fast, and gives
CP-SAT a complete solution to start from; if CP-SAT finds nothing in time, it is the plan.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from planner.domain.timeparts import iso_week
from planner.planning.changes import people, place
from planner.solver.space import Item, Space, on_site_seats


@dataclass(frozen=True)
class Busy:
    """A stretch of a person's time at a place (a carer's includes the shift's buffers)."""

    t0: int
    t1: int
    place: str
    area: str


@dataclass
class Choice:
    """What the heuristic chose for one item: an option and its people by role."""

    option: int
    people: dict[str, list[str]]


@dataclass
class State:
    """Everyone's day as the plan grows."""

    space: Space
    busy: dict[tuple[str, dt.date], list[Busy]] = field(default_factory=lambda: defaultdict(list))
    shifts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    days_used: dict[tuple[str, str], set[dt.date]] = field(default_factory=lambda: defaultdict(set))
    venue_use: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    chosen: dict[str, Choice] = field(default_factory=dict)
    load: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # items per person
    shuffle: random.Random | None = None

    def fits(self, person: str, day: dt.date, slot: Busy) -> bool:
        """Whether the person can take the slot on top of their day (H5, H7)."""
        return self.why_not(person, day, slot) is None

    def why_not(self, person: str, day: dt.date, slot: Busy) -> str | None:
        """Why the person cannot take the slot: "busy", "travel", "day" or "week" (or None)."""
        day_items = sorted([*self.busy[(person, day)], slot], key=lambda b: b.t0)
        travel = self.space.travel
        traveller = person not in self.space.participants and not (
            person in self.space.interpreters and self.space.interpreters[person].remote
        )
        for first, second in pairwise(day_items):
            if second.t0 < first.t1:
                return "busy"
            if traveller and first.place != second.place:
                if second.t0 < first.t1 + travel(first.area, second.area):
                    return "travel"
        staff = self.space.staff.get(person)
        if staff is None:
            return None
        length, week = self.hours_with(person, day, slot)
        if length > staff.max_hours_per_day * 60:
            return "day"
        return None if week <= staff.hours_per_week * 60 else "week"

    def hours_with(self, person: str, day: dt.date, slot: Busy) -> tuple[int, int]:
        """A staff member's working day and ISO week in minutes with the slot taken (H7)."""
        staff = self.space.staff[person]
        length = self._day_length(staff, sorted([*self.busy[(person, day)], slot], key=_start))
        week = iso_week(day)
        other_days = sum(
            self._day_length(staff, sorted(self.busy[(person, d)], key=_start))
            for d in self.space.open_days
            if d != day and iso_week(d) == week and self.busy[(person, d)]
        )
        return length, other_days + length

    def _day_length(self, staff, items: list[Busy]) -> int:
        there = self.space.travel(staff.base_area, items[0].area)
        back = self.space.travel(items[-1].area, staff.base_area)
        return items[-1].t1 + back - (items[0].t0 - there)

    def take(self, person: str, day: dt.date, slot: Busy) -> None:
        self.busy[(person, day)].append(slot)
        self.load[person] += 1


def _start(busy: Busy) -> int:
    return busy.t0


def place_key(item: Item, k: int) -> str:
    option = item.options[k]
    return option.venue if option.venue is not None else f"home:{item.owner}"


def participants_of(space: Space, item: Item) -> list[str]:
    if item.kind == "session":
        return list(space.groups[item.owner].members)
    return [space.needs[item.owner].participant]


def _difficulty(space: Space, item: Item) -> tuple:
    """Locked items first, then sessions needing the most people, then the fewest options."""
    if item.locked is not None:
        return (0, 0, 0, item.id)
    if item.kind == "session":
        group = space.groups[item.owner]
        carers = max((c.carers for c in item.children.values()), default=0)
        people = group.facilitators + carers + len(group.interpreting) + len(group.members) / 10
        return (1, -people, len(item.options), item.id)
    return (2, 0, len(item.options), item.id)


def construct(space: Space, shuffle: random.Random | None = None) -> dict[str, Choice]:
    """Choose an option and people for as many items as it can, hardest first.

    With `shuffle`, items of about the same difficulty come in a random order, and the
    options of each in a random rotation: another start for a restart.
    """
    state = State(space, shuffle=shuffle)
    order = sorted(space.items, key=lambda i: _difficulty(space, i))
    if shuffle is not None:
        weight = {
            item.id: rank + shuffle.uniform(0, len(order) / 4) for rank, item in enumerate(order)
        }
        order.sort(key=lambda i: (i.locked is None, weight[i.id]))
    for item in order:
        for wanted in _wishes(space, item):
            if _place_item(state, item, wanted):
                break
    return in_number_order(space, state.chosen)


def in_number_order(space: Space, chosen: dict[str, Choice]) -> dict[str, Choice]:
    """Alike items of one owner and week numbered in time order, placed ones first.

    Items 1..n of a group's week differ only in their number, and the model breaks that
    symmetry by time order: the plan must look the same, or CP-SAT cannot use it as a hint.
    """
    alike: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in space.items:
        alike[(item.owner, item.week)].append(item)
    result = dict(chosen)
    for items in alike.values():
        if len(items) < 2 or any(i.locked is not None or i.previous is not None for i in items):
            continue
        picks = sorted(
            (items_choice for i in items if (items_choice := chosen.get(i.id)) is not None),
            key=lambda c: items[0].options[c.option].t0,
        )
        for item in items:
            result.pop(item.id, None)
        for item, choice in zip(items, picks, strict=False):
            result[item.id] = choice
    return result


def _wishes(space: Space, item: Item) -> list[str | None]:
    """Whom to try first: a visit's preferred staff member, then anyone."""
    preferred = space.needs[item.owner].preferred_staff if item.kind == "visit" else None
    return [preferred, None] if preferred and item.locked is None else [None]


def _place_item(state: State, item: Item, wanted: str | None) -> bool:
    for k in _option_order(item, state.space.timeline.zone, state.shuffle):
        people = staff_option(state, item, k)
        if people is not None and (wanted is None or wanted in people.get("guide", ())):
            _commit(state, item, k, people)
            return True
    return False


def _option_order(item: Item, zone, shuffle: random.Random | None = None) -> list[int]:
    """Locked: the one option; else the previous time first, then in time order."""
    order = list(range(len(item.options)))
    if shuffle is not None and order:
        turn = shuffle.randrange(len(order))
        order = order[turn:] + order[:turn]
    if item.previous is not None:
        t0 = item.previous.start.astimezone(zone)
        before = (t0.weekday(), t0.hour * 60 + t0.minute, place(item.previous))
        order.sort(key=lambda k: _option_key(item, k) != before)
    return order


def _option_key(item: Item, k: int) -> tuple[int, int, str]:
    option = item.options[k]
    return option.day.weekday(), option.start, option.venue or "home"


def staff_option(state: State, item: Item, k: int) -> dict[str, list[str]] | None:
    """Who could take option k of the item on top of what the state holds, role by role
    (H1 one a day, H4 rooms, H5 participants and people, H7 working time); None if nobody."""
    space = state.space
    option = item.options[k]
    if option.day in state.days_used[(item.owner, item.week)]:
        return None
    place = place_key(item, k)
    slot = Busy(option.t0, option.t1, place, option.area)
    if not all(state.fits(p, option.day, slot) for p in participants_of(space, item)):
        return None
    if item.kind == "session" and not room_free(state, item, k):
        return None
    if item.locked is not None:
        return {role: list(people) for role, people in item.people.items()}
    taken: set[str] = set()
    if item.kind == "session":
        return _session_people(state, item, k, slot, taken)
    return _visit_people(state, item, k, slot, taken)


def room_free(state: State, item: Item, k: int) -> bool:
    option = item.options[k]
    venue = state.space.venues[option.venue]
    at_once = sum(1 for t0, t1 in state.venue_use[venue.id] if t0 < option.t1 and option.t0 < t1)
    return at_once < venue.rooms


def _candidates(state: State, item: Item, role: str, k: int, slot: Busy, taken: set[str]):
    """People of a role free at option k who can fit it into their day, least loaded first."""
    option = item.options[k]
    pad = state.space.scenario.settings.childcare.buffer_minutes if role == "carer" else 0
    padded = Busy(slot.t0 - pad, slot.t1 + pad, slot.place, slot.area)
    found = []
    for person, free in item.people.get(role, {}).items():
        if k not in free or person in taken or not state.fits(person, option.day, padded):
            continue
        if role == "carer":
            carer = state.space.carers[person]
            if state.shifts[(person, item.week)] >= carer.max_shifts_per_week:
                continue
        found.append((person not in _before(item), state.load[person], person))
    return [person for *_, person in sorted(found)]


def _before(item: Item) -> frozenset[str]:
    """Who had the item in the previous plan: a re-plan keeps them where it can."""
    return frozenset() if item.previous is None else people(item.previous)


def _session_people(state, item, k, slot, taken) -> dict[str, list[str]] | None:
    space = state.space
    group = space.groups[item.owner]
    people: dict[str, list[str]] = {}
    facilitators = _candidates(state, item, "facilitator", k, slot, taken)
    speakers = [p for p in facilitators if group.language in space.staff[p].languages]
    if group.facilitators:
        if not speakers:
            return None
        rest = [p for p in facilitators if p != speakers[0]]
        chosen = [speakers[0], *rest[: group.facilitators - 1]]
        if len(chosen) < group.facilitators:
            return None
        people["facilitator"] = chosen
    children = item.children[item.options[k].day]
    if children.carers:
        carers = _candidates(state, item, "carer", k, slot, taken)
        preferred = set(group.preferred_carers or ())
        carers.sort(key=lambda c: c not in preferred)
        if children.infants:
            infant = [c for c in carers if space.carers[c].infants]
            if not infant:
                return None
            carers.remove(infant[0])
            carers.insert(0, infant[0])
        if len(carers) < children.carers:
            return None
        people["carer"] = carers[: children.carers]
    taken |= {p for ps in people.values() for p in ps}
    seats = on_site_seats(space, item, k) if group.interpreting else 0
    for language in group.interpreting:
        role = f"interpreter:{language}"
        found = _candidates(state, item, role, k, slot, taken)
        if seats <= 0:  # H4: on-site interpreters take seats too
            found = [i for i in found if space.interpreters[i].remote]
        if not found:
            return None
        people.setdefault(role, []).append(found[0])
        taken.add(found[0])
        seats -= not space.interpreters[found[0]].remote
    return people


def _visit_people(state, item, k, slot, taken) -> dict[str, list[str]] | None:
    space = state.space
    need = space.needs[item.owner]
    spoken = set(space.participants[need.participant].languages)
    guides = _candidates(state, item, "guide", k, slot, taken)
    guides.sort(
        key=lambda g: (g != need.preferred_staff, not spoken & set(space.staff[g].languages))
    )
    for guide in guides:
        languages = set(space.staff[guide].languages)
        if spoken & languages:
            return {"guide": [guide]}
        for interpreter in _candidates(state, item, "interpreter", k, slot, {guide}):
            if languages & set(space.interpreters[interpreter].languages):
                return {"guide": [guide], "interpreter": [interpreter]}
    return None


def _commit(state: State, item: Item, k: int, people: dict[str, list[str]]) -> None:
    space = state.space
    option = item.options[k]
    slot = Busy(option.t0, option.t1, place_key(item, k), option.area)
    pad = space.scenario.settings.childcare.buffer_minutes
    for participant in participants_of(space, item):
        state.take(participant, option.day, slot)
    for role, persons in people.items():
        for person in persons:
            extra = pad if role == "carer" else 0
            state.take(
                person, option.day, Busy(slot.t0 - extra, slot.t1 + extra, slot.place, slot.area)
            )
            if role == "carer":
                state.shifts[(person, item.week)] += 1
    if item.kind == "session":
        state.venue_use[option.venue].append((option.t0, option.t1))
    state.days_used[(item.owner, item.week)].add(option.day)
    state.chosen[item.id] = Choice(k, people)


def replay(space: Space, choices: dict[str, Choice]) -> State:
    """Everyone's days as a finished plan has them, to ask who could still take more."""
    state = State(space)
    for item in space.items:
        choice = choices.get(item.id)
        if choice is not None:
            _commit(state, item, choice.option, choice.people)
    return state
