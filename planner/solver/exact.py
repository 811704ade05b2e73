"""CP-SAT on a candidate space: the whole week when it is small, a neighbourhood otherwise.

`build` adds every hard rule of `planner.solver.rules` and the objective of
`planner.solver.goals`; `run` solves it from a complete hint (a plan the search found), so
CP-SAT starts where the search stands and can only improve on it or prove it optimal.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.solver.goals import add_objective
from planner.solver.heuristic import Choice
from planner.solver.hints import add_hint
from planner.solver.model import Model, add_variables
from planner.solver.rules import HARD_RULES
from planner.solver.space import Space
from planner.solver.stopping import StopCheck, never, stops_when

# (seconds since the solve began, objective, bound, items placed, items)
OnSolution = Callable[[float, float, float, int, int], None]


def build(space: Space) -> tuple[Model, int]:
    """The model of a candidate space with every hard rule and the objective."""
    m = Model(space)
    add_variables(m)
    for rule in HARD_RULES:
        rule(m)
    return m, add_objective(m)


@dataclass
class Run:
    """How a CP-SAT run ended: its status, its plan if any, its bound and figures."""

    status: int
    choices: dict[str, Choice] | None
    bound: float | None
    stats: dict
    objective: float = math.inf


@dataclass(frozen=True)
class Effort:
    """How hard CP-SAT may try."""

    seconds: float
    workers: int = 8
    seed: int = 0
    deterministic: bool = False
    wall: float | None = None  # a reproducible run's hard limit on the clock, if any


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, m: Model, scale: int, report: OnSolution | None, started: float):
        super().__init__()
        self.m, self.scale, self.report = m, scale, report
        self.started = started
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.first = now if self.first is None else self.first
        self.best = now
        if self.report is not None:
            placed = sum(self.boolean_value(lit) for lit in self.m.placed.values())
            objective = self.objective_value / self.scale
            bound = self.best_objective_bound / self.scale
            self.report(now, objective, bound, placed, len(self.m.placed))


def run(
    space: Space,
    hint: dict[str, Choice],
    effort: Effort,
    started: float | None = None,
    report: OnSolution | None = None,
    stop: StopCheck = never,
    model: tuple[Model, int] | None = None,
) -> Run:
    """CP-SAT on a space for `effort.seconds` or until `stop()`, starting from a hint."""
    started = time.perf_counter() if started is None else started
    if stop():
        return Run(cp_model.UNKNOWN, None, None, {"status": "STOPPED"})
    building = time.perf_counter()
    m, scale = model or build(space)
    add_hint(m, hint)
    solver = cp_model.CpSolver()
    # The time to build counts against the effort, so that the caller's deadline holds.
    seconds = max(0.05, effort.seconds - (time.perf_counter() - building))
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = effort.workers
    solver.parameters.random_seed = effort.seed
    # Presolve spends seconds on these models and buys little (measured on the demo: with
    # full presolve the first solution came after 7 s, with this after 3 s).
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    if effort.deterministic:
        # Interleaved search is reproducible: the same input gives the same plan,
        # as long as it ends on the deterministic limit and not the wall clock.
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = max(0.05, effort.seconds)
        # The clock must not end it first (that would not repeat): the caller's deadline,
        # checked between steps, holds the time limit.
        solver.parameters.max_time_in_seconds = (
            3 * effort.seconds + 1 if effort.wall is None else effort.wall
        )
    watcher = _Watcher(m, scale, report, started)
    with stops_when(solver, stop):
        status = solver.solve(m.cp, watcher)
    stats = {
        "status": solver.status_name(status),
        "first_solution_seconds": None if watcher.first is None else round(watcher.first, 3),
        "best_solution_seconds": None if watcher.best is None else round(watcher.best, 3),
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
    }
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Run(status, None, None, stats)
    objective = solver.objective_value / scale
    stats["model_objective"] = objective
    return Run(status, choices_of(m, solver), solver.best_objective_bound / scale, stats,
               objective)  # fmt: skip


def choices_of(m: Model, solver: cp_model.CpSolver) -> dict[str, Choice]:
    """The option and people CP-SAT chose for each placed item."""
    choices = {}
    for item in m.space.items:
        k = next((k for k, lit in enumerate(m.choose[item.id]) if solver.boolean_value(lit)), None)
        if k is None:
            continue
        people: dict[str, list[str]] = defaultdict(list)
        for role, candidates in item.people.items():
            for person in candidates:
                if solver.boolean_value(m.assign[(item.id, role, person)]):
                    people[role].append(person)
        choices[item.id] = Choice(k, dict(people))
    return choices
