"""What the cheapest insertion reads and gives: an item's options and people as arrays.

An `ItemIndex` is built once per owner and week (items alike share their options): per
block its real starts, and per role a `RoleIndex` of the people by options who are free
there at all (the candidate space) with what each would cost on a day that holds nothing
else. Staff far from the item and interpreters beyond the first few are set aside, to be
looked at only when nobody nearer can take the item. An `Insertion` is what comes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.solver.heuristic import Choice
from planner.solver.insertion_arrays import INF, bit_mask
from planner.solver.space import Item, Space, on_site_seats
from planner.solver.week import STAFF, Week

# A staff member whose round trip from base to an item is this much longer than the
# nearest one's is tried only when nobody nearer can take the item.
NEAR_MINUTES = 90
# Interpreters of a role (remote ones serve everyone: about 200 at scale 100) are first
# tried this many at a time, on-site ones in the item's areas first.
MANY = 8


@dataclass(frozen=True)
class Insertion:
    """How to add an item: the change of cost it makes, an option and its people."""

    cost: float
    choice: Choice


@dataclass
class RoleIndex:
    """Some people of one role by an item's options: free there, and what each costs."""

    name: str
    persons: list[str]
    mask: np.ndarray  # persons x options: free there at all (the candidate space)
    pad: int = 0
    # persons x options: the weighted travel on a day with nothing else (inf: not free)
    static: np.ndarray | None = None
    longest: list[int] = field(default_factory=list)  # per person: the longest such day
    bridges: dict[str, list[int]] = field(default_factory=dict)  # guide -> rows who bridge

    def rows(self, keep: list[int]) -> RoleIndex:
        """The same role with only some of its people."""
        return RoleIndex(self.name, [self.persons[r] for r in keep], self.mask[keep], self.pad,
                     self.static[keep], [self.longest[r] for r in keep])  # fmt: skip


@dataclass
class ItemIndex:
    """An item's options as arrays, built once per owner and week."""

    t0: list[list[int]]  # per block, the real starts of its options
    by_day: dict = field(default_factory=dict)  # day -> [(block index, first, t0 list)]
    roles: dict[str, RoleIndex] = field(default_factory=dict)
    # the same roles with only the people near enough to be worth a look first: staff
    # whose drive from base is within NEAR_MINUTES of the nearest one's
    near: dict[str, RoleIndex] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)  # roles in `roles` not yet with everyone
    carers_needed: np.ndarray | None = None  # per option
    infants: np.ndarray | None = None  # per option: a baby comes
    seats: np.ndarray | None = None  # per option: on-site interpreters the room still seats


def build_index(space: Space, week: Week, item: Item) -> ItemIndex:
    """An item's options and people as arrays, the far and the many set aside."""
    K = len(item.options)
    index = ItemIndex(t0=[[o.t0 for o in item.options[b.first : b.end]] for b in item.blocks])
    for bi, block in enumerate(item.blocks):
        index.by_day.setdefault(block.day, []).append((bi, block.first, index.t0[bi]))
    for role, people in item.people.items():
        persons = sorted(people)
        if role.startswith("interpreter") and len(persons) > MANY:
            # Only the first MANY by a quick ranking are looked at first; the rest when
            # none of those can take the item (`all_roles`).
            persons = sorted(_ranked(space, week, item, role, persons)[:MANY])
            index.partial.add(role)
        made = role_index(space, week, item, role, persons)
        index.near[role] = _near(made, _needed(space, item, role))
        index.roles[role] = made
    if item.kind == "session":
        index.carers_needed = np.array(
            [item.children[o.day].carers for o in item.options], dtype=np.int64
        )
        index.infants = np.array(
            [item.children[o.day].infants > 0 for o in item.options], dtype=bool
        )
        if space.groups[item.owner].interpreting:
            index.seats = np.array([on_site_seats(space, item, k) for k in range(K)])
    return index


def role_index(space: Space, week: Week, item: Item, role: str, persons: list[str]) -> RoleIndex:
    """Some people of one role by an item's options: where they are free, what they cost."""
    K = len(item.options)
    people = item.people[role]
    mask = np.zeros((len(persons), K), dtype=bool)
    for row, person in enumerate(persons):
        mask[row] = bit_mask(people[person].bits, K)
    pad = space.scenario.settings.childcare.buffer_minutes if role == "carer" else 0
    made = RoleIndex(role, persons, mask, pad)
    _static(week, item, made)
    return made


def _ranked(space: Space, week: Week, item: Item, role: str, persons: list[str]) -> list[str]:
    """People of a role, those likely cheapest first: staff by the drive from base,
    interpreters on site in the item's areas before remote ones."""
    T = week.minutes
    areas = {b.area for b in item.blocks}

    def rank(person: str) -> tuple:
        if week.kind.get(person) == STAFF:
            base = week.base[person]
            return (min(T[base][a] + T[a][base] for a in areas), person)
        interpreter = space.interpreters.get(person)
        if interpreter is not None:
            return (int(interpreter.remote), person)
        return (0, person)

    return sorted(persons, key=rank)


def _static(week: Week, item: Item, role: RoleIndex) -> None:
    """Each person's cost at each option on a day that holds nothing else."""
    T = week.minutes
    length = item.duration + 2 * role.pad
    static = np.full(role.mask.shape, INF)
    for row, person in enumerate(role.persons):
        longest = length
        for block in item.blocks:
            cost = 0.0
            if week.kind.get(person) == STAFF:
                base = week.base[person]
                trip = T[base][block.area] + T[block.area][base]
                if length + trip > week.day_limit[person]:
                    continue
                cost = trip * week.w.travel
                longest = max(longest, length + trip)
            static[row, block.first : block.end] = cost
        role.longest.append(longest)
    static[~role.mask] = INF
    role.static = static


def _needed(space: Space, item: Item, role: str) -> int:
    """How many people of a role an item takes at most."""
    if role == "facilitator":
        return space.groups[item.owner].facilitators
    if role == "carer":
        return max((c.carers for c in item.children.values()), default=0)
    if role.startswith("interpreter:"):
        return space.groups[item.owner].interpreting.count(role.split(":", 1)[1])
    return 1


def _near(role: RoleIndex, needed: int) -> RoleIndex:
    """The people of a role worth trying first: staff within reach of the nearest."""
    if not role.persons or role.pad or not np.isfinite(role.static).any():
        return role
    cheapest = np.where(role.mask, role.static, INF).min(axis=1)
    if not np.isfinite(cheapest).any():
        return role
    best = cheapest[np.isfinite(cheapest)].min()
    ranked = sorted(range(len(role.persons)), key=lambda r: (cheapest[r], r))
    keep = [r for r in ranked if cheapest[r] <= best + NEAR_MINUTES]
    keep = sorted(set(keep) | set(ranked[: needed + 3]))
    return role if len(keep) == len(role.persons) else role.rows(keep)


def flat(people: dict[str, list[str]]) -> list[str]:
    """Everyone a choice takes, role after role."""
    return [p for persons in people.values() for p in persons]


def matching(item: Item, key) -> list[int]:
    """The options at the previous weekday, clock start and venue."""
    weekday, clock, venue = key
    return [
        k
        for k, o in enumerate(item.options)
        if o.day.weekday() == weekday and o.start == clock and o.venue == venue
    ]
