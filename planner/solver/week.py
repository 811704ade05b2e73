"""The week as local search sees it: everyone's days, kept up to date item by item.

Placing or removing an item touches only the days of its people, its participants, its
venue and its owner's week, and the cost is kept per goal as it goes: the travel of a
person-day is computed again from that day alone (as `planner.planning.routes` computes it for a
finished plan), so a move costs the few days it touches, not the whole plan.

Hard rules are not judged here: `planner.solver.insertion` only proposes what keeps them,
and every finished plan is judged by the independent checker.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction

from planner.planning.changes import people as people_of_item
from planner.planning.changes import place as place_of_item
from planner.solver.heuristic import Choice
from planner.solver.space import Item, Space

# How a person moves through a day: staff drive from base and back and have working-time
# rules; carers and on-site interpreters drive between places; the rest never travel.
STAFF, TRAVELLER, STILL = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Entry:
    """One stretch of a person's day: real minutes (a carer's shift with its buffers)."""

    t0: int
    t1: int
    place: str
    area: str
    item: str


@dataclass(frozen=True, slots=True)
class Weights:
    unplaced: float
    continuity: float
    stability: float
    travel: float
    fairness: float


class Week:
    """A plan under construction: choices per item and everything they imply."""

    def __init__(self, space: Space) -> None:
        self.space = space
        settings = space.scenario.settings
        w = settings.weights
        self.w = Weights(w.unplaced, w.continuity, w.stability, w.travel, w.fairness)
        self.pad = settings.childcare.buffer_minutes
        self.minutes = space.scenario.travel_minutes
        self.items = {item.id: item for item in space.items}
        self.kind: dict[str, int] = {}
        self.base: dict[str, str] = {}
        for member in space.staff.values():
            self.kind[member.id] = STAFF
            self.base[member.id] = member.base_area
        for carer in space.carers:
            self.kind[carer] = TRAVELLER
        for interpreter in space.interpreters.values():
            self.kind[interpreter.id] = STILL if interpreter.remote else TRAVELLER
        self.day_limit = {s.id: math.floor(s.max_hours_per_day * 60) for s in space.staff.values()}
        self.week_limit = {s.id: math.floor(s.hours_per_week * 60) for s in space.staff.values()}
        self.max_shifts = {c.id: c.max_shifts_per_week for c in space.carers.values()}
        self.partner_of = space.partner_of
        self.shares = {
            p.id: (Fraction(str(p.share)).numerator, Fraction(str(p.share)).denominator)
            for p in space.scenario.partners
            if p.share is not None
        }
        # person-day -> entries in time order; participants' days too
        self.days: dict[tuple[str, dt.date], list[Entry]] = defaultdict(list)
        self.busy_days: dict[str, set[dt.date]] = defaultdict(set)
        self.travel_of: dict[tuple[str, dt.date], int] = {}
        self.length_of: dict[tuple[str, dt.date], int] = {}
        self.week_minutes: dict[tuple[str, str], int] = defaultdict(int)
        self.shifts: dict[tuple[str, str], int] = defaultdict(int)  # (carer, week)
        self.carer_total: Counter[str] = Counter()
        self.partner_total: Counter[str] = Counter()
        self.total_shifts = 0
        self.count_hist: Counter[int] = Counter()  # shifts of one carer -> how many carers
        self.days_used: dict[tuple[str, str], dict[dt.date, str]] = defaultdict(dict)
        self.venue_day: dict[tuple[str, dt.date], list[tuple[int, int, str]]] = defaultdict(list)
        self.chosen: dict[str, Choice] = {}
        # placed items by area and day, and in a list for picking one at random
        self.at: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
        self.placed_ids: list[str] = []
        self._position: dict[str, int] = {}
        self.left_ids: list[str] = [item.id for item in space.items]  # not placed
        self._left_position: dict[str, int] = {i: k for k, i in enumerate(self.left_ids)}
        self.travel = 0
        self.continuity = 0
        # Every previous item counts until an item keeps it (see `_kept`).
        self.stability = len(space.scenario.previous.sessions) + len(space.scenario.previous.visits)
        self.unplaced = len(space.items)
        self.previous_key = {item.id: _previous_key(space, item) for item in space.items}
        self.participants = {item.id: _participants(space, item) for item in space.items}
        self.place = {item.id: _place(space, item) for item in space.items}

    # The objective ---------------------------------------------------------------------------

    def fairness(self) -> int:
        """Each partner's distance from its share of shifts, plus the most shifts of a carer."""
        total = self.total_shifts
        penalty = 0
        for partner, (p, q) in self.shares.items():
            penalty += -(-abs(q * self.partner_total[partner] - p * total) // q)
        most = max((n for n, carers in self.count_hist.items() if carers and n), default=0)
        return penalty + most

    def counts(self) -> dict[str, int]:
        return {
            "unplaced": self.unplaced,
            "continuity": self.continuity,
            "stability": self.stability,
            "travel": self.travel,
            "fairness": self.fairness(),
        }

    def objective(self) -> float:
        w = self.w
        return (
            w.unplaced * self.unplaced
            + w.continuity * self.continuity
            + w.stability * self.stability
            + w.travel * self.travel
            + w.fairness * self.fairness()
        )

    def most_shifts(self) -> int:
        return max((n for n, carers in self.count_hist.items() if carers and n), default=0)

    # Days ------------------------------------------------------------------------------------

    def day_travel(self, person: str, entries: list[Entry]) -> int:
        """Minutes driven on one day, as `planner.planning.routes.travelled_minutes` counts them."""
        kind = self.kind.get(person, STILL)
        if kind == STILL or not entries:
            return 0
        minutes = self.minutes
        total = 0
        if kind == STAFF:
            base = self.base[person]
            total = minutes[base][entries[0].area] + minutes[entries[-1].area][base]
        for a, b in zip(entries, entries[1:], strict=False):
            if a.place != b.place:
                total += minutes[a.area][b.area]
        return total

    def day_length(self, person: str, entries: list[Entry]) -> int:
        """A staff member's working day from leaving base to returning, in minutes."""
        if not entries:
            return 0
        base = self.base[person]
        first, last = entries[0], entries[-1]
        return last.t1 + self.minutes[last.area][base] - first.t0 + self.minutes[base][first.area]

    def _refresh(self, person: str, day: dt.date, week: str) -> None:
        key = (person, day)
        entries = self.days[key]
        travel = self.day_travel(person, entries)
        self.travel += travel - self.travel_of.get(key, 0)
        self.travel_of[key] = travel
        if self.kind.get(person) == STAFF:
            length = self.day_length(person, entries)
            self.week_minutes[(person, week)] += length - self.length_of.get(key, 0)
            self.length_of[key] = length
        if entries:
            self.busy_days[person].add(day)
        else:
            self.busy_days[person].discard(day)
            del self.days[key]

    # Placing and removing --------------------------------------------------------------------

    def place_item(self, item: Item, choice: Choice) -> None:
        """Add an item at a choice; the caller has made sure it keeps the hard rules."""
        option = item.options[choice.option]
        day, week = option.day, item.week
        place = option.venue if item.kind == "session" else self.place[item.id]
        for participant in self.participants[item.id]:
            insort(self.days[(participant, day)], Entry(option.t0, option.t1, place, option.area,
                                                        item.id), key=_start)  # fmt: skip
            self.busy_days[participant].add(day)
        if item.kind == "session":
            self.venue_day[(option.venue, day)].append((option.t0, option.t1, item.id))
        self.days_used[(item.owner, week)][day] = item.id
        for role, persons in choice.people.items():
            pad = self.pad if role == "carer" else 0
            entry = Entry(option.t0 - pad, option.t1 + pad, place, option.area, item.id)
            for person in persons:
                insort(self.days[(person, day)], entry, key=_start)
                self._refresh(person, day, week)
                if role == "carer":
                    self._add_shift(person, week, 1)
        self.chosen[item.id] = choice
        self.at[(option.area, day)].add(item.id)
        _move(item.id, self.left_ids, self._left_position, self.placed_ids, self._position)
        self.unplaced -= 1
        self.continuity += self._continuity(item, choice)
        self.stability -= self._kept(item, choice)

    def remove_item(self, item: Item) -> Choice:
        """Take an item out again; returns the choice it had."""
        choice = self.chosen.pop(item.id)
        option = item.options[choice.option]
        day, week = option.day, item.week
        self.at[(option.area, day)].discard(item.id)
        _move(item.id, self.placed_ids, self._position, self.left_ids, self._left_position)
        for participant in self.participants[item.id]:
            _drop(self.days[(participant, day)], item.id)
            if not self.days[(participant, day)]:
                del self.days[(participant, day)]
                self.busy_days[participant].discard(day)
        if item.kind == "session":
            at = self.venue_day[(option.venue, day)]
            at[:] = [use for use in at if use[2] != item.id]
        del self.days_used[(item.owner, week)][day]
        for role, persons in choice.people.items():
            for person in persons:
                _drop(self.days[(person, day)], item.id)
                self._refresh(person, day, week)
                if role == "carer":
                    self._add_shift(person, week, -1)
        self.unplaced += 1
        self.continuity -= self._continuity(item, choice)
        self.stability += self._kept(item, choice)
        return choice

    def _add_shift(self, carer: str, week: str, step: int) -> None:
        self.shifts[(carer, week)] += step
        before = self.carer_total[carer]
        self.count_hist[before] -= 1
        self.carer_total[carer] = before + step
        self.count_hist[before + step] += 1
        self.partner_total[self.partner_of[carer]] += step
        self.total_shifts += step

    def _continuity(self, item: Item, choice: Choice) -> int:
        if item.kind == "visit":
            preferred = self.space.needs[item.owner].preferred_staff
            return int(preferred is not None and choice.people["guide"][0] != preferred)
        preferred = self.space.groups[item.owner].preferred_carers
        if preferred is None:
            return 0
        return sum(1 for c in choice.people.get("carer", ()) if c not in preferred)

    def kept(self, item: Item, k: int, people: set[str]) -> bool:
        """Whether an option and people keep the item's previous weekday, time, place, people."""
        key = self.previous_key[item.id]
        if key is None:
            return False
        option = item.options[k]
        same = (option.day.weekday(), option.start, option.venue) == key[0]
        return same and people == key[1]

    def _kept(self, item: Item, choice: Choice) -> int:
        if self.previous_key[item.id] is None:
            return 0
        people = {p for persons in choice.people.values() for p in persons}
        return int(self.kept(item, choice.option, people))

    # Snapshots -------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Choice]:
        return dict(self.chosen)

    def load(self, choices: dict[str, Choice]) -> None:
        """Place a whole set of choices (a plan known to keep the rules)."""
        for item in self.space.items:
            choice = choices.get(item.id)
            if choice is not None:
                self.place_item(item, choice)


def _move(item_id: str, source: list[str], where: dict[str, int], target: list[str],
          where_to: dict[str, int]) -> None:  # fmt: skip
    """Move an id from one list to another in constant time (the last takes its place)."""
    index = where.pop(item_id)
    last = source.pop()
    if last != item_id:
        source[index] = last
        where[last] = index
    where_to[item_id] = len(target)
    target.append(item_id)


def _start(entry: Entry) -> int:
    return entry.t0


def _drop(entries: list[Entry], item_id: str) -> None:
    for index, entry in enumerate(entries):
        if entry.item == item_id:
            del entries[index]
            return


def _participants(space: Space, item: Item) -> tuple[str, ...]:
    if item.kind == "session":
        return tuple(space.groups[item.owner].members)
    return (space.needs[item.owner].participant,)


def _place(space: Space, item: Item) -> str:
    """Where an item is, as `planner.planning.routes` tells places apart (a home is hers)."""
    if item.kind == "session":
        return ""  # sessions take their venue from the option; see `place_at`
    need = space.needs[item.owner]
    return need.place if not need.at_home else f"home:{need.participant}"


def place_at(week: Week, item: Item, k: int) -> str:
    """The place of an item at one of its options."""
    return item.options[k].venue if item.kind == "session" else week.place[item.id]


def _previous_key(space: Space, item: Item):
    """(weekday, clock start, venue or None) and the people of the item's previous version."""
    before = item.previous
    if before is None:
        return None
    start = before.start.astimezone(space.timeline.zone)
    venue = place_of_item(before)
    return (start.weekday(), start.hour * 60 + start.minute, None if venue == "home" else venue), (
        set(people_of_item(before))
    )
