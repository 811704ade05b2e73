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
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from planner.solver.heuristic import Choice
from planner.solver.space import Item, Space, on_site_seats
from planner.solver.week import STAFF, STILL, Week

INF = math.inf
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
class _Role:
    name: str
    persons: list[str]
    mask: np.ndarray  # persons x options: free there at all (the candidate space)
    pad: int = 0
    # persons x options: the weighted travel on a day with nothing else (inf: not free)
    static: np.ndarray | None = None
    longest: list[int] = field(default_factory=list)  # per person: the longest such day
    bridges: dict[str, list[int]] = field(default_factory=dict)  # guide -> rows who bridge

    def rows(self, keep: list[int]) -> _Role:
        """The same role with only some of its people."""
        return _Role(self.name, [self.persons[r] for r in keep], self.mask[keep], self.pad,
                     self.static[keep], [self.longest[r] for r in keep])  # fmt: skip


@dataclass
class _Index:
    """An item's options as arrays, built once per owner and week."""

    t0: list[list[int]]  # per block, the real starts of its options
    by_day: dict = field(default_factory=dict)  # day -> [(block index, first, t0 list)]
    roles: dict[str, _Role] = field(default_factory=dict)
    # the same roles with only the people near enough to be worth a look first: staff
    # whose drive from base is within NEAR_MINUTES of the nearest one's
    near: dict[str, _Role] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)  # roles in `roles` not yet with everyone
    carers_needed: np.ndarray | None = None  # per option
    infants: np.ndarray | None = None  # per option: a baby comes
    seats: np.ndarray | None = None  # per option: on-site interpreters the room still seats


class Inserter:
    """Cheapest feasible insertions into a week, with the item indices it has built."""

    def __init__(self, space: Space, week: Week) -> None:
        self.space = space
        self.week = week
        self._index: dict[int, _Index] = {}
        self.evaluated = 0  # insertions evaluated: the unit of work of a deterministic run
        self._kept_only = False  # `kept`: only the item's previous form is wanted

    # Indices ---------------------------------------------------------------------------------

    def index(self, item: Item) -> _Index:
        key = id(item.options)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = self._build(item)
        return found

    def _build(self, item: Item) -> _Index:
        space = self.space
        K = len(item.options)
        index = _Index(t0=[[o.t0 for o in item.options[b.first : b.end]] for b in item.blocks])
        for bi, block in enumerate(item.blocks):
            index.by_day.setdefault(block.day, []).append((bi, block.first, index.t0[bi]))
        for role, people in item.people.items():
            persons = sorted(people)
            if role.startswith("interpreter") and len(persons) > MANY:
                # Only the first MANY by a quick ranking are looked at first; the rest when
                # none of those can take the item (`all_roles`).
                persons = sorted(self._ranked(item, role, persons)[:MANY])
                index.partial.add(role)
            made = self._role(item, role, persons)
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

    def _role(self, item: Item, role: str, persons: list[str]) -> _Role:
        K = len(item.options)
        people = item.people[role]
        mask = np.zeros((len(persons), K), dtype=bool)
        for row, person in enumerate(persons):
            mask[row] = _bits(people[person].bits, K)
        pad = self.space.scenario.settings.childcare.buffer_minutes if role == "carer" else 0
        made = _Role(role, persons, mask, pad)
        self._static(item, made)
        return made

    def _ranked(self, item: Item, role: str, persons: list[str]) -> list[str]:
        """People of a role, those likely cheapest first: staff by the drive from base,
        interpreters on site in the item's areas before remote ones."""
        week = self.week
        T = week.minutes
        areas = {b.area for b in item.blocks}

        def rank(person: str) -> tuple:
            if week.kind.get(person) == STAFF:
                base = week.base[person]
                return (min(T[base][a] + T[a][base] for a in areas), person)
            interpreter = self.space.interpreters.get(person)
            if interpreter is not None:
                return (int(interpreter.remote), person)
            return (0, person)

        return sorted(persons, key=rank)

    def all_roles(self, item: Item, index: _Index) -> dict[str, _Role]:
        """Every role with everyone who may take it (built the first time it is asked for)."""
        for role in list(index.partial):
            index.roles[role] = self._role(item, role, sorted(item.people[role]))
            index.partial.discard(role)
        return index.roles

    def _static(self, item: Item, role: _Role) -> None:
        """Each person's cost at each option on a day that holds nothing else."""
        week = self.week
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

    def role_costs(self, item: Item, index: _Index, role: _Role) -> np.ndarray:
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

    def open_options(self, item: Item, index: _Index) -> np.ndarray:
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
                        _strike(ok, blocks, entry.t0, entry.t1, item.duration)
        if item.kind == "session":
            for bi, block in enumerate(item.blocks):
                uses = week.venue_day.get((block.venue, block.day))
                if not uses:
                    continue
                rooms = self.space.venues[block.venue].rooms
                blocks = [(bi, block.first, index.t0[bi])]
                if rooms == 1:
                    for t0, t1, _ in uses:
                        _strike(ok, blocks, t0, t1, item.duration)
                else:
                    count = np.zeros(len(item.options), dtype=np.int64)
                    for t0, t1, _ in uses:
                        _strike(count, blocks, t0, t1, item.duration, add=True)
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

    def _visit(self, item, index, ok, rng, noise, roles) -> Insertion | None:
        week, space = self.week, self.space
        guides = roles.get("guide")
        if guides is None or not guides.persons:
            return None
        need = space.needs[item.owner]
        spoken = set(space.participants[need.participant].languages)
        G = self.role_costs(item, index, guides)
        if need.preferred_staff is not None:
            G += np.array([0.0 if g == need.preferred_staff else week.w.continuity
                           for g in guides.persons])[:, None]  # fmt: skip
        G[:, ~ok] = INF
        D = G.copy()  # with the cheapest interpreter where the guide needs one (H10)
        interpreters = roles.get("interpreter")
        bridged = None
        bridges: dict[int, list[int]] = {}
        for row, guide in enumerate(guides.persons):
            languages = set(space.staff[guide].languages)
            if spoken & languages:
                continue
            usable = interpreters.bridges.get(guide) if interpreters else []
            if usable is None:
                usable = interpreters.bridges[guide] = [
                    r
                    for r, i in enumerate(interpreters.persons if interpreters else ())
                    if languages & set(space.interpreters[i].languages)
                ]
            bridges[row] = usable
            if not usable:
                D[row] = INF
                continue
            if bridged is None:
                bridged = self.role_costs(item, index, interpreters)
            D[row] += bridged[usable].min(axis=0)
        total = D.min(axis=0)
        if noise and rng is not None:
            total = total + rng.random(len(total)) * noise
        k = int(np.argmin(total))
        if total[k] == INF:
            return None
        row = int(np.argmin(D[:, k]))
        people = {"guide": [guides.persons[row]]}
        cost = float(D[row, k])
        if row in bridges:
            usable = bridges[row]
            pick = usable[int(np.argmin(bridged[usable, k]))]
            people["interpreter"] = [interpreters.persons[pick]]
        kept = self._kept_visit(item, index, ok, G, bridges, guides, interpreters)
        if self._kept_only:
            return None if kept is None else Insertion(kept.cost - week.w.unplaced, kept.choice)
        if kept is not None and kept.cost < cost:
            return Insertion(kept.cost - week.w.unplaced, kept.choice)
        return Insertion(cost - week.w.unplaced, Choice(k, people))

    def _kept_visit(self, item, index, ok, G, bridges, guides, interpreters) -> Insertion | None:
        """The item's previous time, place and people, if they still fit: it saves stability."""
        week = self.week
        key = week.previous_key[item.id]
        before = item.previous
        if key is None or before.staff not in guides.persons:
            return None
        row = guides.persons.index(before.staff)
        if (row in bridges) != (before.interpreter is not None):
            return None  # an interpreter exactly where the guide needs one
        costs = None
        if before.interpreter is not None:
            if interpreters is None or before.interpreter not in interpreters.persons:
                return None
            r = interpreters.persons.index(before.interpreter)
            if r not in bridges[row]:
                return None
            costs = self.role_costs(item, index, interpreters)[r]
        for k in _matching(item, key[0]):
            cost = G[row, k] + (0.0 if costs is None else costs[k])
            if ok[k] and cost < INF:
                people = {"guide": [before.staff]}
                if before.interpreter is not None:
                    people["interpreter"] = [before.interpreter]
                if week.kept(item, k, set(_flat(people))):
                    return Insertion(float(cost) - week.w.stability, Choice(k, people))
        return None

    def _session(self, item, index, ok, rng, noise, roles) -> Insertion | None:
        week, space = self.week, self.space
        group = space.groups[item.owner]
        K = len(item.options)
        total = np.where(ok, 0.0, INF)
        parts: dict[str, tuple] = {}
        f = group.facilitators
        if f:
            role = roles.get("facilitator")
            if role is None or len(role.persons) < f:
                return None
            D = self.role_costs(item, index, role)
            speakers = np.array(
                [group.language in space.staff[p].languages for p in role.persons], dtype=bool
            )
            cost, order = _cheapest_with_one(D, f, speakers, np.ones(K, dtype=bool))
            total += cost
            parts["facilitator"] = (role, D, order, speakers, f)
        needed = index.carers_needed
        if needed is not None and needed.max() > 0:
            role = roles.get("carer")
            if role is None or not role.persons:
                total[needed > 0] = INF
            else:
                D = self.role_costs(item, index, role) + self._carer_extras(item, group, role)
                qualified = np.array([space.carers[c].infants for c in role.persons], dtype=bool)
                cost, order = _cheapest_n(D, needed, qualified, index.infants)
                total += cost
                parts["carer"] = (role, D, order, qualified)
        rows = {}
        # A language listed n times needs n interpreters of its own (H10).
        for language, count in Counter(group.interpreting).items():
            role = roles.get(f"interpreter:{language}")
            if role is None or len(role.persons) < count:
                return None
            D = self.role_costs(item, index, role)
            remote = np.array([space.interpreters[i].remote for i in role.persons], dtype=bool)
            D[np.ix_(~remote, index.seats < 1)] = INF  # H4: no seat left for one on site
            rows[language] = (role, D, remote, count)
            total += np.sort(D, axis=0)[:count].sum(axis=0)
        if noise and rng is not None:
            total = total + rng.random(K) * noise
        for _ in range(8):  # interpreters of several languages may clash; rare
            k = int(np.argmin(total))
            if total[k] == INF:
                return None
            people = self._session_people(k, parts, rows, index)
            if people is not None:
                break
            total[k] = INF
        else:
            return None
        cost = self._people_cost(k, people, parts, rows)
        kept = self._kept_session(item, index, ok, parts, rows)
        if self._kept_only:
            return None if kept is None else Insertion(kept.cost - week.w.unplaced, kept.choice)
        if kept is not None and kept.cost < cost:
            return Insertion(kept.cost - week.w.unplaced, kept.choice)
        return Insertion(cost - week.w.unplaced, Choice(k, people))

    def _carer_extras(self, item: Item, group, role: _Role) -> np.ndarray:
        """Per carer: continuity (not a preferred carer) and about what fairness adds."""
        week = self.week
        w = week.w
        most = week.most_shifts()
        total = week.total_shifts + 1
        extras = np.zeros((len(role.persons), 1))
        for row, carer in enumerate(role.persons):
            if week.shifts[(carer, item.week)] >= week.max_shifts[carer]:
                extras[row] = INF  # H7: no shifts left this week
                continue
            extra = 0.0
            if group.preferred_carers is not None and carer not in group.preferred_carers:
                extra += w.continuity
            fair = int(week.carer_total[carer] + 1 > most)
            partner = week.partner_of[carer]
            if partner in week.shares:
                p, q = week.shares[partner]
                own = week.partner_total[partner]
                fair += _ceil_div(abs(q * (own + 1) - p * total), q) - _ceil_div(
                    abs(q * own - p * total), q
                )
            extras[row] = extra + w.fairness * fair
        return extras

    def _session_people(self, k, parts, rows, index) -> dict[str, list[str]] | None:
        """The cheapest people of each role at option k, as the costs were worked out."""
        people: dict[str, list[str]] = {}
        if "facilitator" in parts:
            role, D, order, speakers, f = parts["facilitator"]
            people["facilitator"] = _pick(role, D, order, speakers, k, f, True)
        if "carer" in parts:
            role, D, order, qualified = parts["carer"]
            n = int(index.carers_needed[k])
            if n:
                people["carer"] = _pick(role, D, order, qualified, k, n, bool(index.infants[k]))
        if rows:
            taken: set[str] = set()
            seats = int(index.seats[k]) if index.seats is not None else 0
            for language, (role, D, remote, count) in rows.items():
                picked = []
                for r in np.argsort(D[:, k], kind="stable"):
                    if len(picked) == count or D[r, k] == INF:
                        break
                    person = role.persons[r]
                    if person in taken or (not remote[r] and seats < 1):
                        continue
                    picked.append(person)
                    taken.add(person)
                    seats -= not remote[r]
                if len(picked) < count:
                    return None
                people[f"interpreter:{language}"] = picked
        if any(persons is None for persons in people.values()):
            return None
        return people

    def _people_cost(self, k, people, parts, rows) -> float:
        cost = 0.0
        for role_name, (role, D, *_rest) in parts.items():
            for person in people.get(role_name, ()):
                cost += D[role.persons.index(person), k]
        for language, (role, D, *_rest) in rows.items():
            for person in people.get(f"interpreter:{language}", ()):
                cost += D[role.persons.index(person), k]
        return float(cost)

    def _kept_session(self, item, index, ok, parts, rows) -> Insertion | None:
        """The session's previous time, venue and people, if they still fit."""
        week = self.week
        key = week.previous_key[item.id]
        if key is None:
            return None
        before = item.previous
        people: dict[str, list[str]] = {}
        if before.facilitators:
            people["facilitator"] = list(before.facilitators)
        if before.carers:
            people["carer"] = list(before.carers)
        languages = [lang for lang, row in rows.items() for _ in range(row[3])]
        for interpreter in before.interpreters:
            speaks = set(self.space.interpreters[interpreter].languages)
            language = next((lang for lang in languages if lang in speaks), None)
            if language is None:
                return None
            languages.remove(language)
            people.setdefault(f"interpreter:{language}", []).append(interpreter)
        for k in _matching(item, key[0]):
            if not ok[k]:
                continue
            if set(people) != set(_roles_needed(parts, rows, index, k)):
                continue
            if not self._valid_session_people(item, index, k, people, parts, rows):
                continue
            cost = 0.0
            feasible = True
            for role_name, persons in people.items():
                part = parts.get(role_name) or rows.get(role_name.split(":", 1)[-1])
                role, D = part[0], part[1]
                for person in persons:
                    if person not in role.persons or D[role.persons.index(person), k] == INF:
                        feasible = False
                        break
                    cost += D[role.persons.index(person), k]
            if feasible and week.kept(item, k, set(_flat(people))):
                return Insertion(cost - week.w.stability, Choice(k, people))
        return None

    def _valid_session_people(self, item, index, k, people, parts, rows) -> bool:
        space = self.space
        group = space.groups[item.owner]
        facilitators = people.get("facilitator", [])
        if len(set(facilitators)) != group.facilitators:
            return False
        if group.facilitators and not any(
            group.language in space.staff[p].languages for p in facilitators
        ):
            return False
        carers = people.get("carer", [])
        n = int(index.carers_needed[k]) if index.carers_needed is not None else 0
        if len(set(carers)) != n:
            return False
        if n and index.infants[k] and not any(space.carers[c].infants for c in carers):
            return False
        interpreters = [p for r, ps in people.items() if r.startswith("interpreter:") for p in ps]
        if len(set(interpreters)) != len(interpreters):
            return False
        on_site = sum(1 for i in interpreters if not space.interpreters[i].remote)
        return not on_site or on_site <= int(index.seats[k])


def _needed(space: Space, item: Item, role: str) -> int:
    """How many people of a role an item takes at most."""
    if role == "facilitator":
        return space.groups[item.owner].facilitators
    if role == "carer":
        return max((c.carers for c in item.children.values()), default=0)
    if role.startswith("interpreter:"):
        return space.groups[item.owner].interpreting.count(role.split(":", 1)[1])
    return 1


def _near(role: _Role, needed: int) -> _Role:
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


def _roles_needed(parts, rows, index, k) -> list[str]:
    needed = []
    if "facilitator" in parts:
        needed.append("facilitator")
    if index.carers_needed is not None and index.carers_needed[k] > 0:
        needed.append("carer")
    needed += [f"interpreter:{language}" for language in rows]
    return needed


def _flat(people: dict[str, list[str]]) -> list[str]:
    return [p for persons in people.values() for p in persons]


def _matching(item: Item, key) -> list[int]:
    """The options at the previous weekday, clock start and venue."""
    weekday, clock, venue = key
    return [
        k
        for k, o in enumerate(item.options)
        if o.day.weekday() == weekday and o.start == clock and o.venue == venue
    ]


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _bits(bits: int, n: int) -> np.ndarray:
    """The first n bits of an integer as booleans, lowest first."""
    raw = np.frombuffer(bits.to_bytes((n + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def _strike(target: np.ndarray, blocks, t0: int, t1: int, duration: int, add: bool = False):
    """Mark the options of the blocks that would overlap [t0, t1)."""
    for _, first, starts in blocks:
        a = bisect_right(starts, t0 - duration)
        b = bisect_left(starts, t1)
        if a < b:
            if add:
                target[first + a : first + b] += 1
            else:
                target[first + a : first + b] = False


def _cheapest_with_one(D: np.ndarray, n: int, special: np.ndarray, need: np.ndarray):
    """Per column, the least sum of n distinct rows with at least one `special` row.

    Where `need` is false the special row is not required. Returns (costs, row order).
    """
    order = np.argsort(D, axis=0, kind="stable")
    ranked = np.take_along_axis(D, order, axis=0)
    cost = ranked[:n].sum(axis=0)
    if n and not special.all():
        has = special[order[:n]].any(axis=0)
        lacking = need & ~has
        if lacking.any():
            best_special = np.where(special[:, None], D, INF).min(axis=0)
            alt = ranked[: n - 1].sum(axis=0) + best_special
            cost = np.where(lacking, alt, cost)
    return cost, order


def _cheapest_n(D: np.ndarray, needed: np.ndarray, special: np.ndarray, need_special):
    """Per column k, the least sum of needed[k] rows, one `special` where need_special[k]."""
    P, K = D.shape
    order = np.argsort(D, axis=0, kind="stable")
    ranked = np.take_along_axis(D, order, axis=0)
    sums = np.vstack([np.zeros((1, K)), np.cumsum(ranked, axis=0)])  # sums[j] = best j rows
    n = np.minimum(needed, P)
    cost = sums[n, np.arange(K)]
    cost = np.where(needed > P, INF, cost)
    if need_special is not None and need_special.any() and not special.all():
        top = np.zeros(K, dtype=bool)
        for j in range(int(n.max())):
            top |= special[order[j]] & (j < n)
        lacking = need_special & (needed > 0) & ~top
        if lacking.any():
            best_special = np.where(special[:, None], D, INF).min(axis=0)
            alt = sums[np.maximum(n - 1, 0), np.arange(K)] + best_special
            cost = np.where(lacking, alt, cost)
    return cost, order


def _pick(role: _Role, D: np.ndarray, order: np.ndarray, special: np.ndarray, k: int, n: int,
          need_special: bool) -> list[str] | None:  # fmt: skip
    """The n cheapest rows of column k, the last swapped for a `special` one where needed."""
    rows = [int(r) for r in order[:n, k] if D[r, k] < INF]
    if len(rows) < n:
        return None
    if need_special and not any(special[r] for r in rows):
        extra = next((int(r) for r in order[:, k] if special[r] and D[r, k] < INF), None)
        if extra is None:
            return None
        rows[-1] = extra
    return [role.persons[r] for r in rows]
