"""The cheapest way to add one item to a week, keeping every hard rule.

For each person who may take the item, their day is a row of gaps between what they
already do; each gap admits the options that leave room for the travel before and after
(H5) and for the working day (H7), and costs the travel the item adds there. That gives,
per role, a matrix of people by options whose cells are the cost of that person at that
option (infinite where they cannot). The options' own limits (the group's other sessions
on that day (H1), the members' other items (H5), the venue's rooms (H4)) strike out
columns; the cheapest people of each role per column, with one facilitator who speaks the
group's language (H8), a carer for infants where a baby comes (H9) and interpreters who
fit in the room (H4, H10), give each option's cost, and the cheapest option wins.

The static part (who may take which option at all: H3, H6, H8-H10 alone) comes from the
candidate space; the matrices are numpy arrays, so an item with 150 options and 30 people
costs a few hundred small operations, not 4,500 Python checks.

Here are the gaps of people's days and the options' own limits; `insertion_index` builds
the arrays, `insertion_sessions` and `insertion_visits` choose each kind's people, and
`insertion_arrays` holds the column-wise picks they share.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from planner.solver.insertion_arrays import INF, strike
from planner.solver.insertion_index import Insertion, ItemIndex, RoleIndex, build_index, role_index
from planner.solver.insertion_sessions import SessionInsertion
from planner.solver.insertion_visits import VisitInsertion
from planner.solver.space import Item, Space
from planner.solver.week import STAFF, STILL, Week

# `Insertion` and `INF` are what callers take from here with the inserter.
__all__ = ["INF", "Inserter", "Insertion"]


class Inserter(SessionInsertion, VisitInsertion):
    """Cheapest feasible insertions into a week, with the item indices it has built."""

    def __init__(self, space: Space, week: Week) -> None:
        self.space = space
        self.week = week
        self._index: dict[int, ItemIndex] = {}
        self.evaluated = 0  # insertions evaluated: the unit of work of a deterministic run
        self._kept_only = False  # `kept`: only the item's previous form is wanted

    # Indices ---------------------------------------------------------------------------------

    def index(self, item: Item) -> ItemIndex:
        key = id(item.options)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = build_index(self.space, self.week, item)
        return found

    def all_roles(self, item: Item, index: ItemIndex) -> dict[str, RoleIndex]:
        """Every role with everyone who may take it (built the first time it is asked for)."""
        for role in list(index.partial):
            people = sorted(item.people[role])
            index.roles[role] = role_index(self.space, self.week, item, role, people)
            index.partial.discard(role)
        return index.roles

    # Rows of one role ------------------------------------------------------------------------

    def gaps(self, person: str, day, place: str, area: str, length: int, week_id: str):
        """Where on a day a person could start a stretch of `length` minutes at a place.

        Returns (earliest start, latest start, minutes of travel it adds) per gap.
        """
        week = self.week
        kind = week.kind.get(person, STILL)
        entries = week.days.get((person, day))
        T = week.minutes
        if kind == STAFF:
            base = week.base[person]
            there, back = T[base][area], T[area][base]
            week_left = week.week_limit[person] - week.week_minutes[(person, week_id)]
            if not entries:
                if length + there + back > min(week.day_limit[person], week_left):
                    return ()
                return ((-INF, INF, there + back),)
            limit = min(week.day_limit[person], week_left + week.length_of[(person, day)])
            first, last = entries[0], entries[-1]
            leave = first.t0 - T[base][first.area]
            home = last.t1 + T[last.area][base]
        elif not entries:
            return ((-INF, INF, 0),)
        found = []
        n = len(entries)
        for i in range(n + 1):
            prev = entries[i - 1] if i else None
            nxt = entries[i] if i < n else None
            go = come = 0
            if prev is not None:
                if kind != STILL and prev.place != place:
                    go = T[prev.area][area]
                lo = prev.t1 + go
            else:
                lo = -INF
            if nxt is not None:
                if kind != STILL and nxt.place != place:
                    come = T[area][nxt.area]
                hi = nxt.t0 - come - length
            else:
                hi = INF
            if kind == STILL:
                delta = 0
            elif prev is not None and nxt is not None:
                skip = 0 if prev.place == nxt.place else T[prev.area][nxt.area]
                delta = go + come - skip
            elif prev is None:  # the new first stretch of the day
                delta = come
                if kind == STAFF:
                    delta += there - T[base][nxt.area]
                    lo = max(lo, home - limit + there)
            else:  # the new last
                delta = go
                if kind == STAFF:
                    delta += back - T[prev.area][base]
                    hi = min(hi, leave + limit - length - back)
            if lo <= hi:
                found.append((lo, hi, delta))
        return found

    def role_costs(self, item: Item, index: ItemIndex, role: RoleIndex) -> np.ndarray:
        """People of a role by options: the weighted travel each would add, inf if they can't."""
        week = self.week
        w = week.w.travel
        D = role.static.copy()
        pad = role.pad
        length = item.duration + 2 * pad
        for row, person in enumerate(role.persons):
            busy = week.busy_days.get(person)
            tight = False
            if week.kind.get(person) == STAFF:
                left = week.week_limit[person] - week.week_minutes[(person, item.week)]
                tight = left < role.longest[row]
            if not busy and not tight:
                continue
            touched = False
            for bi, block in enumerate(item.blocks):
                if not tight and block.day not in busy:
                    continue
                touched = True
                D[row, block.first : block.end] = INF
                place = block.venue if block.venue is not None else week.place[item.id]
                starts = index.t0[bi]
                for lo, hi, delta in self.gaps(person, block.day, place, block.area, length,
                                               item.week):  # fmt: skip
                    a = 0 if lo == -INF else bisect_left(starts, lo + pad)
                    b = len(starts) if hi == INF else bisect_right(starts, hi + pad)
                    if a < b:
                        D[row, block.first + a : block.first + b] = delta * w
            if touched:
                D[row, ~role.mask[row]] = INF
        return D

    # What the options allow ------------------------------------------------------------------

    def open_options(self, item: Item, index: ItemIndex) -> np.ndarray:
        """Options not ruled out by H1 (one a day), the participants' items, the rooms (H4)."""
        week = self.week
        ok = np.ones(len(item.options), dtype=bool)
        used = week.days_used.get((item.owner, item.week))
        if used:
            for day, other in used.items():
                if other != item.id:
                    for _, first, starts in index.by_day.get(day, ()):
                        ok[first : first + len(starts)] = False
        for participant in week.participants[item.id]:
            for day in week.busy_days.get(participant, ()):
                blocks = index.by_day.get(day)
                if blocks:
                    for entry in week.days[(participant, day)]:
                        strike(ok, blocks, entry.t0, entry.t1, item.duration)
        if item.kind == "session":
            for bi, block in enumerate(item.blocks):
                uses = week.venue_day.get((block.venue, block.day))
                if not uses:
                    continue
                rooms = self.space.venues[block.venue].rooms
                blocks = [(bi, block.first, index.t0[bi])]
                if rooms == 1:
                    for t0, t1, _ in uses:
                        strike(ok, blocks, t0, t1, item.duration)
                else:
                    count = np.zeros(len(item.options), dtype=np.int64)
                    for t0, t1, _ in uses:
                        strike(count, blocks, t0, t1, item.duration, add=True)
                    ok &= count < rooms
        return ok

    # The cheapest insertion ------------------------------------------------------------------

    def best(self, item: Item, rng: np.random.Generator | None = None,
             noise: float = 0.0) -> Insertion | None:  # fmt: skip
        """The cheapest way to add an item that keeps every hard rule, or None."""
        self.evaluated += 1
        index = self.index(item)
        ok = self.open_options(item, index)
        if not ok.any():
            return None
        insert = self._session if item.kind == "session" else self._visit
        found = insert(item, index, ok, rng, noise, index.near)
        if found is None and (
            index.partial
            or any(len(index.near[r].persons) < len(index.roles[r].persons) for r in index.roles)
        ):
            found = insert(item, index, ok, rng, noise, self.all_roles(item, index))
        return found

    def kept(self, item: Item) -> Insertion | None:
        """The item exactly as in `previous` (time, place, people) if every rule allows it."""
        if item.previous is None:
            return None
        self.evaluated += 1
        index = self.index(item)
        ok = self.open_options(item, index)
        if not ok.any():
            return None
        insert = self._session if item.kind == "session" else self._visit
        self._kept_only = True
        try:
            return insert(item, index, ok, None, 0.0, self.all_roles(item, index))
        finally:
            self._kept_only = False
