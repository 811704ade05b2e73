"""The weekly plan solver: CP-SAT over the candidate space, never "no solution".

`solve(scenario)` returns a plan in which every demanded item is placed or listed in
`unplaced` with its reasons. Locked items that break a rule make the plan `failed`, with
errors naming the item and the rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from planner.domain import Plan, PlanError, Scenario
from planner.planning.changes import plan_changes
from planner.planning.costs import goal_counts, weighted
from planner.planning.routes import travel_legs
from planner.solver import exact
from planner.solver.bound import lower_bound
from planner.solver.exact import Effort
from planner.solver.extract import session_of, shifts_of, unplaced_of, visit_of
from planner.solver.heuristic import Choice, State, in_number_order, replay
from planner.solver.insertion import Inserter
from planner.solver.locked import locked_errors
from planner.solver.pins import hold_pins
from planner.solver.plan_fixes import with_plan_fixes
from planner.solver.reasons import reasons_for
from planner.solver.search import Budget, Search
from planner.solver.search import construct as construct_plan
from planner.solver.space import Space, build_space
from planner.solver.stopping import StopCheck, never
from planner.solver.tours import estimated_arcs
from planner.solver.week import Week


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


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
    stop: StopCheck = never,
) -> Plan:
    """The best plan found within the time limit, never worse than the constructive one.

    A cheapest-insertion plan comes first; local search (ruin and recreate,
    `planner.solver.search`) improves it for most of the time; a week small enough to model
    whole is then given to CP-SAT with the best plan as its hint, which may prove it
    optimal. Once `stop()` is true the search ends early with the best plan so far.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    errors = locked_errors(scenario)
    if errors:
        return _failed(scenario, errors, {"solve_seconds": round(time.perf_counter() - started, 3)})
    limit = options.time_limit or scenario.settings.time_limit_seconds
    deadline = started + 0.95 * limit - 0.2  # a margin for writing the plan out
    space = build_space(scenario)
    # The bound of every plan of the week, pins kept or not: taken before the pins are held.
    own_bound = lower_bound(space).value
    held, dropped = hold_pins(space)
    week = Week(space)
    inserter = Inserter(space, week)
    construct_plan(space, week, inserter)
    first = week.snapshot()
    first_seconds = time.perf_counter() - started
    stats: dict = {
        "first_plan_seconds": round(first_seconds, 3),
        "heuristic_objective": week.objective(),
        "workers": options.workers,
        "items": len(space.items),
    }
    _report(progress, started, week.objective(), len(first), len(space.items))
    modelled = _fits_model(space, deadline - time.perf_counter())
    share = SEARCH_SHARE if modelled else 1.0
    search_end = time.perf_counter() + share * max(0.0, deadline - time.perf_counter())
    work = None
    if options.deterministic:
        # from the limit alone, not the clock, so that it is the same on every run
        work = max(1, round(WORK_PER_SECOND * share * limit))
    best, objective = first, week.objective()
    if not stop() and space.items:
        exact_effort = Effort(
            min(1.0, 0.05 * limit), min(options.workers, 2), options.seed, options.deterministic
        )
        search = Search(space, week, inserter, options.seed, exact_effort)
        outcome = search.run(
            Budget(deadline=search_end, work=work),
            stop,
            lambda w: _report(progress, started, w.objective(), len(w.chosen), len(space.items)),
        )
        best, objective = outcome.choices, outcome.objective
        stats |= {
            "search_steps": outcome.steps,
            "search_objective": objective,
            "best_solution_seconds": round(first_seconds + outcome.best_at, 3),
            "insertions": inserter.evaluated,
            "exact_tries": outcome.operators["exact"][0],
            "exact_improved": outcome.operators["exact"][1],
        }
    best = in_number_order(space, best)
    status, bound = "feasible", own_bound
    if modelled and not stop():
        left = deadline - time.perf_counter()
        effort = Effort(left, options.workers, options.seed, options.deterministic, wall=left)
        run = exact.run(space, best, effort, started, _reporter(progress), stop)
        stats |= run.stats
        if run.status == cp_model.INFEASIBLE:
            # The search's plan keeps every rule, so the model is wrong, not the week: the
            # coordinator gets the search's plan, and the stats say what happened.
            stats["status"] = "MODEL_INFEASIBLE"
        elif run.choices is not None and run.objective <= objective + 1e-9:
            best, objective = run.choices, run.objective
            # With pins held, CP-SAT proves the best plan that keeps them, not the best plan.
            proven = run.status == cp_model.OPTIMAL and not held
            status = "optimal" if proven else "feasible"
        if run.bound is not None and not held and run.status != cp_model.INFEASIBLE:
            bound = max(bound, run.bound)
    else:
        stats["status"] = "STOPPED" if stop() else "NOT_BUILT"
    # Fixes are tried only while the time limit lasts; past it, reasons come without them.
    plan = plan_of(space, best, status, fixes_until=started + limit)
    # Both bounds are proven; the plan's own objective caps them against rounding.
    bound = min(bound, plan.objective)
    if held or dropped:
        stats |= {"pins_held": len(held), "pins_dropped": len(dropped)}
    return replace(
        plan,
        bound=bound,
        stats=stats | _seconds(started) | _stopped(stop),
        dropped_pins=tuple(dropped),
    )


# The local search takes this share of the time on a week small enough to model whole; the
# rest goes to CP-SAT, seeded with the search's best, which can prove a small week optimal.
# (On the demo and scale-1 weeks, whose models take a second to build, four seconds of
# CP-SAT after six of search never improved on the search and proved bounds of 180-310
# against plans of 720-1900: there the search keeps the whole time.)
SEARCH_SHARE = 0.5
# A deterministic search counts insertions instead of seconds: about a third of what this
# 2-core machine evaluates in a second on the demo and generated weeks (1,000-1,400 with
# the exact steps), so that it ends on its count and not on the time limit.
WORK_PER_SECOND = 400
# Weeks whose model would be larger than this are not modelled whole.
MODEL_ARCS = 3_000
MODEL_OPTIONS = 3_000


def _fits_model(space: Space, seconds: float) -> bool:
    """Whether the whole week can be modelled and searched in the time there is."""
    arcs = estimated_arcs(space)
    options = sum(len(i.options) for i in space.items)
    building = arcs / ARCS_BUILT_PER_SECOND + options / OPTIONS_BUILT_PER_SECOND
    return arcs <= MODEL_ARCS and options <= MODEL_OPTIONS and building < 0.25 * seconds


def _reporter(progress: ProgressCallback | None) -> exact.OnSolution | None:
    if progress is None:
        return None
    return lambda elapsed, objective, bound, placed, items: progress(
        Progress(elapsed, objective, bound, placed, items)
    )


# Measured on the demo week: 9,700 tour arcs and 4,300 options built in 1.1 s.
ARCS_BUILT_PER_SECOND = 10_000
OPTIONS_BUILT_PER_SECOND = 20_000


def _seconds(started: float) -> dict:
    return {"solve_seconds": round(time.perf_counter() - started, 3)}


def _stopped(stop: StopCheck) -> dict:
    return {"stopped": True} if stop() else {}


def _report(progress: ProgressCallback | None, started: float, objective: float, placed: int,
            items: int) -> None:  # fmt: skip
    # The constructive plan is the first plan there is, long before the search's best, so
    # a progress bar shows it too.
    if progress is not None:
        progress(Progress(time.perf_counter() - started, objective, None, placed, items))


def _failed(scenario: Scenario, errors: list[PlanError], stats: dict) -> Plan:
    return Plan(
        scenario=scenario.name,
        horizon=scenario.horizon,
        status="failed",
        errors=tuple(errors),
        stats=stats,
    )


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


def plan_of(
    space: Space, choices: dict[str, Choice], status: str, fixes_until: float | None = None
) -> Plan:
    """The plan that a set of choices makes, with its cost and the reasons for what is left out.

    Fixes for what the plan's other items cause are tried until `fixes_until` (a
    `time.perf_counter()` moment; None: for every item).
    """
    scenario = space.scenario
    sessions, shifts, visits, unplaced = _items(space, choices)
    cost = weighted(scenario, goal_counts(scenario, sessions, shifts, visits, len(unplaced)))
    state = replay(space, choices) if unplaced else State(space)
    cache: dict = {}  # alike items share what keeps them out
    plan = Plan(
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
        unplaced=tuple(
            unplaced_of(item, reasons_for(space, item, state, cache)) for item in unplaced
        ),
        changes=tuple(plan_changes(scenario, [*sessions, *visits])),
    )
    # What the other items took is tried back in the finished plan, with the plan at hand.
    return with_plan_fixes(space, state, plan, fixes_until) if unplaced else plan
