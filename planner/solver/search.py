"""Ruin and recreate: the local search at the heart of the solver, at every scale.

Each step takes a related set of items out of the week (a string of one person's day, an
area's day, items close in time and place, a group's sessions, one person's items, or a
few at random), puts them back by cheapest feasible insertion in a shuffled or
hardest-first order, and keeps the result by simulated annealing: a better week always, a
worse one now and then while the temperature is high, so that the search can leave a
valley. The best week seen is kept. Only the touched person-days are evaluated again
(`planner.solver.week`), so a step costs a few milliseconds.

The ideas come from Christiaens & Vanden Berghe's slack induction by string removals
(SISR, 2020) and Shaw's related removal; the code is our own, on our own week and rules.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from planner.solver.exact import Effort
from planner.solver.heuristic import Choice
from planner.solver.insertion import Inserter
from planner.solver.lns import reoptimise
from planner.solver.space import Item, Space
from planner.solver.week import Week


@dataclass
class Budget:
    """When a search ends: a deadline on the clock, or a number of insertions (reproducible)."""

    deadline: float | None = None  # time.perf_counter() value; always holds
    work: int | None = None  # insertions evaluated: a run that ends on these repeats itself
    started: float = field(default_factory=time.perf_counter)

    def progress(self, inserter: Inserter) -> float:
        """How much of the budget is spent, 0..1."""
        if self.work is not None:
            return min(1.0, inserter.evaluated / max(1, self.work))
        span = max(1e-9, self.deadline - self.started)
        return min(1.0, (time.perf_counter() - self.started) / span)


@dataclass
class Outcome:
    """What a search found and how it went."""

    choices: dict[str, Choice]
    objective: float
    steps: int
    accepted: int
    improved: int
    best_at: float  # seconds after the search began
    operators: dict[str, list[int]]  # name -> [tried, improved the best]


Report = Callable[[Week], None]

# The share of a search's time given to exact re-optimisation of neighbourhoods by CP-SAT.
EXACT_SHARE = 0.1


# A step removes up to this share of the movable items, and at most MOST_REMOVED.
REMOVED_SHARE = 0.4
MOST_REMOVED = 30
# The time is split into this many annealings, each from the best week so far, hot again:
# on Solomon's 25-customer weeks in 10 s, 28 of 29 within 2 % of the optimum against 19
# with one annealing, a removal share of 0.25 and two insertion orders (random, hardest).
CYCLES = 3
# The annealing's temperature runs from HOT to COLD times an average item's travel.
# Measured over 10 s runs of the demo, a scale-1 week and Solomon's C101, C105, C107, R104
# and RC108: 0.1 left R104 4.5 % above its optimum, 1.0 did worse on the scale-1 week,
# 0.3 was as good as the better of the two on each.
HOT, COLD = 0.3, 0.003
# How often the recreate takes each order: random, hardest first, earliest start first,
# latest end first.
ORDERS = (0.3, 0.2, 0.35, 0.15)
# A reproducible run, which cannot share time, makes every tenth step an exact one.
EXACT_EVERY = 10
# Each recreate also tries this many items left out, at random.
UNPLACED_TRIED = 6
# Related items are looked for among at least this many on the seed's day, nearest first.
NEAREST_POOL = 60
# The most items one exact re-optimisation frees.
EXACT_ITEMS = 8


def _day(week: Week, item: Item):
    return item.options[week.chosen[item.id].option].day


def construct(space: Space, week: Week, inserter: Inserter, rng: random.Random | None = None):
    """Add every item by cheapest insertion, locked first, then hardest first."""
    order = sorted(space.items, key=lambda i: _hardness(space, i, rng))
    for item in order:
        if item.id in week.chosen:
            continue
        if item.locked is not None:
            week.place_item(item, Choice(0, {r: list(p) for r, p in item.people.items() if p}))
            continue
        found = inserter.best(item)
        if found is not None and found.cost < 0:
            week.place_item(item, found.choice)


def _hardness(space: Space, item: Item, rng: random.Random | None) -> tuple:
    """Locked first; then sessions needing the most people; then the fewest options."""
    if item.locked is not None:
        return (0, 0.0, item.id)
    if item.kind == "session":
        group = space.groups[item.owner]
        carers = max((c.carers for c in item.children.values()), default=0)
        people = group.facilitators + carers + len(group.interpreting)
        score = -10.0 * people - len(group.members) / 10
    else:
        score = 0.0
    score += len(item.options) / 1000
    if rng is not None:
        score += rng.uniform(0, 5)
    return (1, score, item.id)


class Search:
    """Ruin and recreate over one week."""

    def __init__(self, space: Space, week: Week, inserter: Inserter, seed: int = 0,
                 exact_effort: Effort | None = None) -> None:  # fmt: skip
        self.space, self.week, self.inserter = space, week, inserter
        # CP-SAT on neighbourhoods (planner.solver.lns): how hard each try may be, if at all
        self.exact_effort = exact_effort
        self.exact_share = 0.0 if exact_effort is None else EXACT_SHARE
        self.rng = random.Random(seed)
        self.noise_rng = np.random.default_rng(seed)
        self.movable = [i for i in space.items if i.locked is None]
        self.by_id = {i.id: i for i in space.items}
        self.operators: dict[str, Callable[[int], list[Item]]] = {
            "string": self._strings,
            "area-day": self._area_day,
            "related": self._related,
            "owner": self._owner,
            "person": self._person,
            "random": self._random,
        }
        self.weights = dict.fromkeys(self.operators, 1.0)
        self.cycles = CYCLES
        self.alike: dict[tuple[str, str], list[Item]] = {}
        for item in space.items:
            self.alike.setdefault((item.owner, item.week), []).append(item)
        # each area's areas, nearest first (itself first)
        minutes = space.scenario.travel_minutes
        self.near_areas = {
            a: sorted(minutes, key=lambda b, a=a: (b != a, minutes[a][b], b)) for a in minutes
        }
        n = len(self.movable)
        self.most_removed = max(2, min(MOST_REMOVED, round(REMOVED_SHARE * n)))
        self.least_removed = min(2, self.most_removed)

    # The loop ---------------------------------------------------------------------------------

    def run(self, budget: Budget, stop: Callable[[], bool], report: Report | None = None,
            report_every: float = 0.5) -> Outcome:  # fmt: skip
        week, inserter = self.week, self.inserter
        current = week.objective()
        best, best_choices = current, week.snapshot()
        began = time.perf_counter()
        best_at = 0.0
        steps = accepted = improved = 0
        stats = {name: [0, 0] for name in self.operators}
        t_start, t_end = self._temperatures()
        last_report = began
        next_check = 0.0
        exact_time, exact_tries, exact_better = 0.0, 0, 0
        cycles_done = 0
        while True:
            now = time.perf_counter()
            if budget.deadline is not None and now >= budget.deadline:
                break  # the time limit holds even for a reproducible run
            if budget.work is not None and inserter.evaluated >= budget.work:
                break
            if now >= next_check:
                if stop():
                    break
                next_check = now + 0.1
            if not self.movable:
                break
            progress = budget.progress(inserter)
            cycle, within = divmod(progress * self.cycles, 1.0)
            if cycle > cycles_done and cycle < self.cycles:
                # a new annealing from the best week so far, hot again
                cycles_done = int(cycle)
                if current > best + 1e-9:
                    self._restore(best_choices)
                    current = week.objective()
            temperature = t_start * (t_end / t_start) ** within
            if self.exact_share and self._exact_due(budget, steps, exact_tries, exact_time,
                                                    now - began):  # fmt: skip
                tried = time.perf_counter()
                value = self._exact_step(current)
                exact_time += time.perf_counter() - tried
                exact_tries += 1
                if value is not None:
                    exact_better += value < current - 1e-9
                    current = value
                    if value < best - 1e-9:
                        best, best_choices, best_at = value, week.snapshot(), now - began
                        improved += 1
                continue
            name = self._choose_operator()
            size = self.rng.randint(self.least_removed, self.most_removed)
            removed = self.operators[name](size)
            if not removed:
                continue
            steps += 1
            stats[name][0] += 1
            old = {item.id: week.remove_item(item) for item in removed}
            batch = self._recreate(removed)
            value = week.objective()
            if value < current - 1e-9 or self.rng.random() < math.exp(
                -(value - current) / max(temperature, 1e-9)
            ):
                accepted += 1
                current = value
                if value < best - 1e-9:
                    best, best_choices, best_at = value, week.snapshot(), now - began
                    improved += 1
                    stats[name][1] += 1
                    self.weights[name] += 0.2
                    if report is not None and now - last_report >= report_every:
                        report(week)
                        last_report = now
            else:
                self._undo(batch, old)
            self.weights[name] = max(0.2, self.weights[name] * 0.995)
        stats["exact"] = [exact_tries, exact_better]
        return Outcome(best_choices, best, steps, accepted, improved, best_at, stats)

    def _exact_due(self, budget: Budget, steps: int, tries: int, spent: float,
                   elapsed: float) -> bool:  # fmt: skip
        """Whether the next step is an exact one: by time, or by count in a reproducible run."""
        if budget.work is not None:
            return tries < steps // EXACT_EVERY
        return spent < self.exact_share * elapsed

    def _temperatures(self) -> tuple[float, float]:
        """From HOT down to COLD times an average item's travel (see HOT)."""
        week = self.week
        placed = max(1, len(week.chosen))
        per_item = max(1.0, week.w.travel * week.travel / placed)
        return HOT * per_item, COLD * per_item

    def _choose_operator(self) -> str:
        names = list(self.weights)
        return self.rng.choices(names, weights=[self.weights[n] for n in names])[0]

    def _recreate(self, removed: list[Item]) -> list[Item]:
        """Put the removed items back, with a few unplaced ones; returns all it tried."""
        week, inserter = self.week, self.inserter
        taken = {i.id for i in removed}
        left = [i for i in week.left_ids if i not in taken]
        extra = [self.by_id[i] for i in self.rng.sample(left, min(len(left), UNPLACED_TRIED))]
        batch = removed + extra
        # The order matters most where windows are tight (measured on Solomon's C1 weeks,
        # where two visits swap places only if the earlier-starting goes back first).
        order = self.rng.choices(("random", "hardest", "earliest", "latest"), ORDERS)[0]
        if order == "random":
            self.rng.shuffle(batch)
        elif order == "hardest":
            batch.sort(key=lambda i: _hardness(self.space, i, self.rng))
        elif order == "earliest":  # the earliest possible start first
            batch.sort(key=lambda i: (i.options[0].t0 if i.options else 0, i.id))
        else:  # the latest possible end first
            batch.sort(key=lambda i: (-(i.options[-1].t1 if i.options else 0), i.id))
        noise = 0.0
        if self.rng.random() < 0.3:
            noise = 0.05 * week.w.travel * max(1.0, week.travel / max(1, len(week.chosen)))
        for item in batch:
            found = inserter.best(item, self.noise_rng, noise)
            if found is not None and found.cost < 0:
                week.place_item(item, found.choice)
        return batch

    def _restore(self, choices: dict[str, Choice]) -> None:
        """Put the week back to a set of choices (the best so far)."""
        week = self.week
        for item_id in list(week.chosen):
            item = self.by_id[item_id]
            if item.locked is None and week.chosen[item_id] != choices.get(item_id):
                week.remove_item(item)
        for item_id, choice in choices.items():
            if item_id not in week.chosen:
                week.place_item(self.by_id[item_id], choice)

    def _undo(self, batch: list[Item], old: dict[str, Choice]) -> None:
        """Back to the week before the step: what the recreate placed out, the old choices in."""
        week = self.week
        for item in batch:
            if item.id in week.chosen:
                week.remove_item(item)
        for item_id, choice in old.items():
            week.place_item(self.by_id[item_id], choice)

    def _exact_step(self, current: float) -> float | None:
        """CP-SAT's best for an area's day or a person's day; the new cost if it was kept."""
        week = self.week
        seed = self._seed()
        if seed is None:
            return None
        day = seed.options[week.chosen[seed.id].option].day
        if self.rng.random() < 0.5:
            free = [i for i in self._area_day(EXACT_ITEMS) if _day(week, i) == day]
        else:
            free = [i for i in self._person_day(seed, day)][:EXACT_ITEMS]
        if not free:
            return None
        found = reoptimise(self.space, week, self.inserter, free, {day}, self.exact_effort)
        if found is None:
            return None
        old = {item.id: week.remove_item(item) for item in free}
        for item in free:
            if item.id in found:
                week.place_item(item, found[item.id])
        value = week.objective()
        if value <= current + 1e-9:
            return value
        self._undo(free, old)
        return None

    def _person_day(self, seed: Item, day) -> list[Item]:
        people = self._people(seed)
        person = self.rng.choice(people) if people else None
        if person is None:
            return [seed]
        ids = [e.item for e in self.week.days.get((person, day), ())]
        return [self.by_id[i] for i in ids if self.by_id[i].locked is None]

    # Removals ----------------------------------------------------------------------------------

    def _seed(self) -> Item | None:
        """A placed item that is not locked, at random."""
        ids = self.week.placed_ids
        for _ in range(20):
            if not ids:
                return None
            item = self.by_id[ids[self.rng.randrange(len(ids))]]
            if item.locked is None:
                return item
        return None

    def _random(self, size: int) -> list[Item]:
        found: dict[str, Item] = {}
        for _ in range(3 * size):
            item = self._seed()
            if item is not None:
                found[item.id] = item
            if len(found) >= size:
                break
        return list(found.values())

    def _people(self, item: Item) -> list[str]:
        choice = self.week.chosen[item.id]
        return [p for persons in choice.people.values() for p in persons]

    def _strings(self, size: int) -> list[Item]:
        """Strings of consecutive items from the days of people around a seed item."""
        seed = self._seed()
        if seed is None:
            return []
        week = self.week
        removed: dict[str, Item] = {seed.id: seed}
        queue = [seed]
        while len(removed) < size:
            if not queue:
                near = self._nearest(seed, set(removed), 1)
                if not near:
                    break
                removed[near[0].id] = near[0]
                queue.append(near[0])
            item = queue.pop(0)
            day = item.options[week.chosen[item.id].option].day
            people = self._people(item)
            self.rng.shuffle(people)
            for person in people[:2]:
                ids = [e.item for e in week.days.get((person, day), [])]
                if item.id not in ids or len(removed) >= size:
                    continue
                at = ids.index(item.id)
                length = self.rng.randint(1, max(1, min(len(ids), size - len(removed) + 1)))
                first = max(0, min(at - self.rng.randint(0, length - 1), len(ids) - length))
                for other in ids[first : first + length]:
                    candidate = self.by_id[other]
                    if candidate.locked is None and other not in removed:
                        removed[other] = candidate
                        queue.append(candidate)
        return list(removed.values())[:size]

    def _area_day(self, size: int) -> list[Item]:
        seed = self._seed()
        if seed is None:
            return []
        option = seed.options[self.week.chosen[seed.id].option]
        same = [self.by_id[i] for i in sorted(self.week.at[(option.area, option.day)])]
        same = [i for i in same if i.locked is None]
        self.rng.shuffle(same)
        return same[:size]

    def _relatedness(self, seed: Item, other: Item) -> float:
        week = self.week
        a = seed.options[week.chosen[seed.id].option]
        b = other.options[week.chosen[other.id].option]
        score = abs(a.t0 - b.t0) / 60 + week.minutes[a.area][b.area] / 15
        if a.day != b.day:
            score += 4
        if set(self._people(seed)) & set(self._people(other)):
            score -= 3
        return score

    def _nearest(self, seed: Item, exclude: set[str], count: int) -> list[Item]:
        """Items related to the seed: on its day, in its area and the nearest ones."""
        week = self.week
        option = seed.options[week.chosen[seed.id].option]
        pool: list[Item] = []
        for area in self.near_areas[option.area]:
            for item_id in sorted(week.at.get((area, option.day), ())):
                item = self.by_id[item_id]
                if item_id not in exclude and item_id != seed.id and item.locked is None:
                    pool.append(item)
            if len(pool) >= NEAREST_POOL:
                break
        pool.sort(key=lambda i: self._relatedness(seed, i))
        chosen = []
        while pool and len(chosen) < count:
            # Shaw's randomised pick: mostly the most related, now and then one further down
            pick = int(len(pool) * self.rng.random() ** 4)
            chosen.append(pool.pop(pick))
        return chosen

    def _related(self, size: int) -> list[Item]:
        seed = self._seed()
        if seed is None:
            return []
        return [seed, *self._nearest(seed, {seed.id}, size - 1)]

    def _owner(self, size: int) -> list[Item]:
        """A group's (or need's) items of one week, with items near them in time and place."""
        seed = self._seed()
        if seed is None:
            return []
        own = [
            i
            for i in self.alike[(seed.owner, seed.week)]
            if i.id in self.week.chosen and i.locked is None
        ]
        more = max(0, size - len(own))
        return own + (self._nearest(seed, {i.id for i in own}, more) if more else [])

    def _person(self, size: int) -> list[Item]:
        """The items of one person on one or more days."""
        seed = self._seed()
        if seed is None:
            return []
        week = self.week
        person = self.rng.choice(self._people(seed)) if self._people(seed) else None
        if person is None:
            return [seed]
        ids = []
        for day in sorted(week.busy_days.get(person, ())):
            ids += [e.item for e in week.days[(person, day)]]
        items = [self.by_id[i] for i in dict.fromkeys(ids) if self.by_id[i].locked is None]
        self.rng.shuffle(items)
        return items[: max(size, 2)]
