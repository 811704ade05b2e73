"""The weekly plan solver: CP-SAT over the candidate space, never "no solution".

`solve(scenario)` returns a plan in which every demanded item is placed or listed in
`unplaced` with its reasons. Locked items that break a rule make the plan `failed`, with
errors naming the item and the rule.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from planner.changes import plan_changes
from planner.costs import goal_counts, weighted
from planner.domain import Plan, PlanError, Scenario
from planner.routes import travel_legs
from planner.solver.extract import session_of, shifts_of, unplaced_of, visit_of
from planner.solver.goals import add_objective
from planner.solver.heuristic import Choice, construct
from planner.solver.hints import add_hint
from planner.solver.locked import locked_errors
from planner.solver.model import Model, add_variables
from planner.solver.rules import HARD_RULES
from planner.solver.space import Space, build_space


@dataclass(frozen=True)
class Progress:
    """How a solve is going, for a progress bar."""

    elapsed: float
    objective: float | None
    bound: float | None
    placed: int
    items: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    """How long and how hard to search; the same options and input give the same plan."""

    time_limit: float | None = None  # seconds; default: the scenario's setting
    workers: int = 8
    seed: int = 0
    deterministic: bool = True


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, m: Model, scale: int, report: ProgressCallback | None):
        super().__init__()
        self.m, self.scale, self.report = m, scale, report
        self.started = time.perf_counter()
        self.first: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        self.first = now if self.first is None else self.first
        self.best = now
        if self.report is not None:
            placed = sum(self.boolean_value(lit) for lit in self.m.placed.values())
            self.report(
                Progress(
                    elapsed=now,
                    objective=self.objective_value / self.scale,
                    bound=self.best_objective_bound / self.scale,
                    placed=placed,
                    items=len(self.m.placed),
                )
            )


def build(space: Space) -> tuple[Model, int]:
    """The model of a candidate space with every hard rule and the objective."""
    m = Model(space)
    add_variables(m)
    for rule in HARD_RULES:
        rule(m)
    return m, add_objective(m)


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Plan:
    """The best plan found within the time limit; the constructive plan if CP-SAT finds none."""
    options = options or SolveOptions()
    started = time.perf_counter()
    errors = locked_errors(scenario)
    if errors:
        return _failed(scenario, errors, {"solve_seconds": round(time.perf_counter() - started, 3)})
    space = build_space(scenario)
    first = construct(space)
    first_plan = plan_of(space, first, "feasible")
    m, scale = build(space)
    add_hint(m, first)
    limit = options.time_limit or scenario.settings.time_limit_seconds
    solver = cp_model.CpSolver()
    # The wall clock counts from the call: building the model spends some of it.
    # Keep a margin for writing the plan out, so the whole call stays within the limit.
    spent = time.perf_counter() - started
    solver.parameters.max_time_in_seconds = max(0.1, 0.95 * limit - spent - 0.2)
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    # Presolve spends seconds on these models and buys little (measured on the demo: with
    # full presolve the first solution came after 7 s, with this after 3 s).
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    if options.deterministic:
        # Interleaved search is reproducible: the same input gives the same plan,
        # as long as it ends on the deterministic limit and not the wall clock.
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = limit
    watcher = _Watcher(m, scale, progress)
    status = solver.solve(m.cp, watcher)
    stats = {
        "solve_seconds": round(time.perf_counter() - started, 3),
        "first_solution_seconds": None if watcher.first is None else round(watcher.first, 3),
        "best_solution_seconds": None if watcher.best is None else round(watcher.best, 3),
        "status": solver.status_name(status),
        "workers": options.workers,
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
        "items": len(m.placed),
        "heuristic_objective": first_plan.objective,
    }
    if status == cp_model.INFEASIBLE:
        # Locked items passed the checker, so this is a fault of the model, not the data.
        error = PlanError("model", "solver", "the model has no solution; please report this")
        return _failed(scenario, [error], stats)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return replace(first_plan, stats=stats)
    choices = _choices(m, solver)
    plan = plan_of(space, choices, "optimal" if status == cp_model.OPTIMAL else "feasible")
    bound = solver.best_objective_bound / scale
    stats["model_objective"] = solver.objective_value / scale
    return replace(plan, bound=bound, stats=stats)


def _failed(scenario: Scenario, errors: list[PlanError], stats: dict) -> Plan:
    return Plan(
        scenario=scenario.name,
        horizon=scenario.horizon,
        status="failed",
        errors=tuple(errors),
        stats=stats,
    )


def _choices(m: Model, solver: cp_model.CpSolver) -> dict[str, Choice]:
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


def plan_of(space: Space, choices: dict[str, Choice], status: str) -> Plan:
    """The plan that a set of choices makes, with its cost and the reasons for what is left out."""
    from planner.solver.reasons import reasons_for

    scenario = space.scenario
    sessions, shifts, visits, unplaced = [], [], [], []
    for item in space.items:
        choice = choices.get(item.id)
        if choice is None:
            unplaced.append(item)
        elif item.kind == "session":
            session = session_of(space, item, choice.option, choice.people)
            sessions.append(session)
            shifts += shifts_of(space, session)
        else:
            visits.append(visit_of(space, item, choice.option, choice.people))
    cost = weighted(scenario, goal_counts(scenario, sessions, shifts, visits, len(unplaced)))
    return Plan(
        scenario=scenario.name,
        horizon=scenario.horizon,
        status=status,
        objective=sum(cost.values()),
        cost=cost,
        stats={"solve_seconds": 0.0},
        sessions=tuple(sessions),
        shifts=tuple(shifts),
        visits=tuple(visits),
        travel=tuple(travel_legs(scenario, sessions, shifts, visits)),
        unplaced=tuple(unplaced_of(item, reasons_for(space, item)) for item in unplaced),
        changes=tuple(plan_changes(scenario, [*sessions, *visits])),
    )
