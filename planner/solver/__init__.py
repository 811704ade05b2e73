"""The weekly plan solver: CP-SAT over the candidate space, never "no solution".

`solve(scenario)` returns a plan in which every demanded item is placed or listed in
`unplaced` with its reasons. Locked items that break a rule make the plan `failed`, with
errors naming the item and the rule.
"""

from __future__ import annotations

import random
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
from planner.solver.heuristic import Choice, State, construct, replay
from planner.solver.hints import add_hint
from planner.solver.locked import locked_errors
from planner.solver.model import Model, add_variables
from planner.solver.parts import parts_of, remote_busy, subspace
from planner.solver.reasons import reasons_for
from planner.solver.rules import HARD_RULES
from planner.solver.space import Space, build_space
from planner.solver.stopping import StopCheck, never, stops_when
from planner.solver.tours import estimated_arcs


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
    # Reproducible search is slower to improve a plan (measured on generated scale-1 weeks:
    # no gain over the constructive plan in 10 s, against 7-10 % without), so it is asked for.
    deterministic: bool = False


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, m: Model, scale: int, report: ProgressCallback | None, started: float):
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
    stop: StopCheck = never,
) -> Plan:
    """The best plan found within the time limit; the constructive plan if CP-SAT finds none.

    A week whose items fall into independent parts (see `planner.solver.parts`) is solved
    part by part, the largest first, each with its share of the time left. Once `stop()`
    is true the search ends early with the best plan found so far.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    errors = locked_errors(scenario)
    if errors:
        return _failed(scenario, errors, {"solve_seconds": round(time.perf_counter() - started, 3)})
    limit = options.time_limit or scenario.settings.time_limit_seconds
    deadline = started + 0.95 * limit - 0.2  # a margin for writing the plan out
    space = build_space(scenario)
    first = construct(space)
    first_plan = plan_of(space, first, "feasible")
    first_seconds = time.perf_counter() - started
    _report(progress, started, first_plan, len(space.items))
    # A week too large to model in the time (see `_run`) spends it all on restarts instead.
    too_large = estimated_arcs(space) / ARCS_BUILT_PER_SECOND > 0.5 * (
        deadline - time.perf_counter()
    )
    share = 0.9 if too_large else 0.2
    first, first_plan, restarts = _restarts(
        space, first, first_plan, options, started, limit, share, stop
    )
    if restarts:
        _report(progress, started, first_plan, len(space.items))
    stats: dict = {
        "first_plan_seconds": round(first_seconds, 3),
        "restarts": restarts,
        "heuristic_objective": first_plan.objective,
        "workers": options.workers,
        "items": len(space.items),
    }
    parts = parts_of(space)
    if len(parts) == 1:
        run = _run(space, first, deadline, options, started, progress, stop)
        stats |= run.stats | _stopped(stop)
        if run.status == cp_model.INFEASIBLE:
            # Locked items passed the checker, so this is a fault of the model, not the data.
            error = PlanError("model", "solver", "the model has no solution; please report this")
            return _failed(scenario, [error], stats | _seconds(started))
        if run.choices is None:
            return replace(first_plan, stats=stats | _seconds(started))
        plan = plan_of(
            space, run.choices, "optimal" if run.status == cp_model.OPTIMAL else "feasible"
        )
        return replace(plan, bound=run.bound, stats=stats | _seconds(started))
    choices = dict(first)
    busy = remote_busy(space, first)
    solved = 0
    for index, part in enumerate(parts):
        left = deadline - time.perf_counter()
        share = left * len(part) / sum(len(p) for p in parts[index:])
        if share < 1.0 or stop():
            break  # the rest keep their constructive plan
        own = {item.id for item in part}
        sub = subspace(space, part, busy)
        run = _run(sub, {k: v for k, v in first.items() if k in own},
                   time.perf_counter() + share, options, started, None, stop)  # fmt: skip
        if run.choices is not None:
            for item_id in own:
                choices.pop(item_id, None)
            choices |= run.choices
            busy = remote_busy(space, choices)
            solved += 1
    stats |= {"parts": len(parts), "parts_solved": solved, "status": f"PARTS {solved}/{len(parts)}"}
    stats |= _seconds(started) | _stopped(stop)
    # Parts meet through remote interpreters and the fairness goal, so no bound is proven.
    return replace(plan_of(space, choices, "feasible"), stats=stats)


def _restarts(
    space: Space,
    best: dict[str, Choice],
    best_plan: Plan,
    options: SolveOptions,
    started: float,
    limit: float,
    share: float,
    stop: StopCheck,
) -> tuple[dict[str, Choice], Plan, int]:
    """Build the constructive plan again in other orders while `share` of the time lasts.

    Greedy plans differ a lot with the order of items (measured on generated weeks); the
    restarts are seeded, so the same input still gives the same plan.
    """
    restarts, one = 0, 0.0
    best_objective, improved = best_plan.objective, False
    while time.perf_counter() - started + one < share * limit and restarts < 200 and not stop():
        began = time.perf_counter()
        restarts += 1
        choices = construct(space, random.Random(options.seed * 1000 + restarts))
        objective = objective_of(space, choices)
        if objective < best_objective:
            best, best_objective, improved = choices, objective, True
        one = time.perf_counter() - began
    if improved:
        best_plan = plan_of(space, best, "feasible")
    return best, best_plan, restarts


def _seconds(started: float) -> dict:
    return {"solve_seconds": round(time.perf_counter() - started, 3)}


def _stopped(stop: StopCheck) -> dict:
    return {"stopped": True} if stop() else {}


def _report(progress: ProgressCallback | None, started: float, plan: Plan, items: int) -> None:
    # The constructive plan is the first plan there is, long before CP-SAT's first (and the
    # only one of a week too large to model), so a progress bar shows it too.
    if progress is not None:
        placed = len(plan.sessions) + len(plan.visits)
        progress(Progress(time.perf_counter() - started, plan.objective, None, placed, items))


# Measured on the demo and generated scale-1 weeks: 5,000-7,700 tour arcs a second.
ARCS_BUILT_PER_SECOND = 5000


@dataclass
class _Run:
    status: int
    choices: dict[str, Choice] | None
    bound: float | None
    stats: dict


def _run(space: Space, hint: dict[str, Choice], deadline: float, options: SolveOptions,
         started: float, progress: ProgressCallback | None, stop: StopCheck) -> _Run:  # fmt: skip
    """CP-SAT on a space until the deadline or `stop()`, starting from a hint.

    A model too large to build and search in the time left is not built at all: the time
    limit holds, and the constructive plan stands.
    """
    if stop():
        return _Run(cp_model.UNKNOWN, None, None, {"status": "STOPPED"})
    arcs = estimated_arcs(space)
    if arcs / ARCS_BUILT_PER_SECOND > 0.5 * (deadline - time.perf_counter()):
        stats = {"status": "NOT_BUILT", "estimated_arcs": arcs}
        return _Run(cp_model.UNKNOWN, None, None, stats)
    m, scale = build(space)
    add_hint(m, hint)
    solver = cp_model.CpSolver()
    seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.max_time_in_seconds = seconds
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
        solver.parameters.max_deterministic_time = seconds
    watcher = _Watcher(m, scale, progress, started)
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
        return _Run(status, None, None, stats)
    stats["model_objective"] = solver.objective_value / scale
    return _Run(status, _choices(m, solver), solver.best_objective_bound / scale, stats)


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


def _items(space: Space, choices: dict[str, Choice]):
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
    return sessions, shifts, visits, unplaced


def objective_of(space: Space, choices: dict[str, Choice]) -> float:
    """The weighted cost of a set of choices, without building the plan."""
    sessions, shifts, visits, unplaced = _items(space, choices)
    counts = goal_counts(space.scenario, sessions, shifts, visits, len(unplaced))
    return sum(weighted(space.scenario, counts).values())


def plan_of(space: Space, choices: dict[str, Choice], status: str) -> Plan:
    """The plan that a set of choices makes, with its cost and the reasons for what is left out."""
    scenario = space.scenario
    sessions, shifts, visits, unplaced = _items(space, choices)
    cost = weighted(scenario, goal_counts(scenario, sessions, shifts, visits, len(unplaced)))
    state = replay(space, choices) if unplaced else State(space)
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
        unplaced=tuple(unplaced_of(item, reasons_for(space, item, state)) for item in unplaced),
        changes=tuple(plan_changes(scenario, [*sessions, *visits])),
    )
