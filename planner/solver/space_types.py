"""What the candidate space is made of: options, their blocks, counted children, items.

An `Item` is one demanded session or visit with every option it may take and, per role,
the people who may take it and where each is free; the `Space` is the scenario indexed
for the solver with every item. `planner.solver.space` builds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.domain import (
    Carer,
    Group,
    GuidanceNeed,
    Interpreter,
    Participant,
    Scenario,
    Session,
    StaffMember,
    Venue,
    Visit,
)
from planner.domain.timeparts import TimeRange
from planner.solver.optionset import OptionSet
from planner.solver.timeline import Timeline, free_ranges


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
