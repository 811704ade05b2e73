"""Stopping a solve early keeps the best plan so far; progress starts with the first plan."""

from __future__ import annotations

import random
import threading
import time

import pytest
from ortools.sat.python import cp_model

from planner.check import check
from planner.demo import demo_document
from planner.domain import Scenario
from planner.formats.scenario import load_scenario
from planner.solver import Progress, SolveOptions, solve
from planner.solver.stopping import stops_when
from tests.builders import TODAY


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return load_scenario(demo_document("2026-W49"), today=TODAY)


def knapsacks() -> cp_model.CpModel:
    """A model CP-SAT needs far longer than a test to prove optimal."""
    rng = random.Random(1)
    model = cp_model.CpModel()
    taken = [model.new_bool_var(f"take_{i}") for i in range(300)]
    for _ in range(30):
        model.add(sum(rng.randint(1, 100) * x for x in taken) <= 3000)
    model.maximize(sum(rng.randint(1, 100) * x for x in taken))
    return model


def test_a_stop_ends_a_running_search() -> None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.parameters.num_workers = 2
    asked = threading.Event()
    timer = threading.Timer(0.5, asked.set)
    started = time.perf_counter()
    timer.start()
    with stops_when(solver, asked.is_set):
        status = solver.solve(knapsacks())
    assert time.perf_counter() - started < 5
    assert status == cp_model.FEASIBLE


def test_a_stop_asked_before_the_search_begins_is_not_lost() -> None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.parameters.num_workers = 2
    started = time.perf_counter()
    with stops_when(solver, lambda: True):
        time.sleep(0.3)  # the watcher has asked at least twice before CP-SAT starts
        solver.solve(knapsacks())
    assert time.perf_counter() - started < 5


def test_a_solve_stopped_at_once_returns_the_constructive_plan(demo: Scenario) -> None:
    started = time.perf_counter()
    plan = solve(demo, SolveOptions(time_limit=30), stop=lambda: True)
    assert time.perf_counter() - started < 5
    assert plan.status == "feasible"
    assert plan.stats["stopped"] is True
    assert "search_steps" not in plan.stats and plan.stats["status"] == "STOPPED"
    assert plan.objective == plan.stats["heuristic_objective"]
    assert check(demo, plan) == []


def test_a_stop_during_the_search_keeps_the_best_so_far(demo: Scenario) -> None:
    reports: list[Progress] = []
    plan = solve(demo, SolveOptions(time_limit=30), reports.append, stop=lambda: len(reports) > 0)
    assert plan.stats["stopped"] is True
    assert plan.objective <= reports[0].objective
    assert check(demo, plan) == []


def test_progress_begins_with_the_constructive_plan(demo: Scenario) -> None:
    reports: list[Progress] = []
    solve(demo, SolveOptions(time_limit=2), reports.append)
    first = reports[0]
    assert first.bound is None and first.objective is not None
    assert first.items == 44 and first.placed <= first.items
    assert [r.elapsed for r in reports] == sorted(r.elapsed for r in reports)


def test_a_solve_without_a_stop_says_nothing_of_stopping(demo: Scenario) -> None:
    plan = solve(demo, SolveOptions(time_limit=1))
    assert "stopped" not in plan.stats
