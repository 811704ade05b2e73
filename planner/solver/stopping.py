"""Stopping a solve early on request, keeping the best plan found so far."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

StopCheck = Callable[[], bool]

# How often a running search asks whether to stop: short against a human's patience,
# long against the cost of the check.
CHECK_SECONDS = 0.1


def never() -> bool:
    """The stop check of a solve that runs to its time limit."""
    return False


@contextmanager
def stops_when(solver: cp_model.CpSolver, stop: StopCheck) -> Iterator[None]:
    """Within the block, end `solver`'s search once `stop()` is true.

    A watcher thread asks, since CP-SAT calls back only when it finds a solution. It asks
    again after stopping: a stop that comes before `solve` has begun is lost by CP-SAT.
    """
    if stop is never:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(CHECK_SECONDS):
            if stop():
                solver.stop_search()

    watcher = threading.Thread(target=watch, name="kotoplan-solve-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
