"""The worker's parts: how long a child may run, and why a child that died is said to have."""

from __future__ import annotations

import pickle
import signal

import pytest

from planner.runtime import worker
from planner.runtime.worker.watch import _died


@pytest.mark.parametrize(
    ("time_limit", "deadline"),
    [(1, 16.0), (10, 25.0), (60, 75.0), (100, 125.0), (600, 750.0)],
    ids=["tiny", "short", "one-minute", "long", "ten-minutes"],
)
def test_a_child_may_overrun_by_the_grace_or_a_share_of_a_long_solve(
    time_limit: float, deadline: float
) -> None:
    assert worker.Limits().deadline(time_limit) == deadline


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (0, "the solver process ended without a plan (exit code 0)"),
        (1, "the solver process died (exit code 1)"),
        (-signal.SIGKILL, "the solver process died (exit code -9, signal SIGKILL)"),
        (-signal.SIGSEGV, "the solver process died (exit code -11, signal SIGSEGV)"),
        (None, "the solver process died (exit code None)"),
    ],
    ids=["clean-exit", "error-exit", "killed", "crashed", "no-code"],
)
def test_why_a_child_ended_without_a_plan(code: int | None, said: str) -> None:
    assert _died(code) == said


def test_the_childs_target_reaches_a_spawned_child_by_its_name() -> None:
    # "spawn" pickles the target by module and name: the child imports it from there.
    assert pickle.loads(pickle.dumps(worker.solve_in_child)) is worker.solve_in_child
