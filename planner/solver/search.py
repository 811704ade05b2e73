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
The removals are in `planner.solver.search_removals`, the first week in
`planner.solver.construction`.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from planner.solver.construction import construct, hardness
from planner.solver.exact import Effort
from planner.solver.heuristic import Choice
from planner.solver.insertion import Inserter
from planner.solver.lns import reoptimise
from planner.solver.search_removals import Removals
from planner.solver.space import Item, Space
from planner.solver.week import Week

# `construct` is taken from here with the search.
__all__ = ["Budget", "Outcome", "Search", "construct"]


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
# The most items one exact re-optimisation frees.
EXACT_ITEMS = 8


def _day(week: Week, item: Item):
    return item.options[week.chosen[item.id].option].day


class Search(Removals):
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
            batch.sort(key=lambda i: hardness(self.space, i, self.rng))
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
