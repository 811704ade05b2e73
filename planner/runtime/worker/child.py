"""The child process of a solve: it loads OR-Tools, solves and sends progress and the plan.

It ignores Ctrl+C (the worker decides how its solve ends) and exits should the worker die.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from typing import Any

from planner.domain import Scenario

# What the child runs: (pipe to send on, stop event, scenario, time limit in seconds).
SolveTarget = Callable[[Connection, ProcessEvent, Scenario, float], None]


def solve_in_child(sender: Connection, stop: ProcessEvent, scenario: Scenario,
                   time_limit: float) -> None:  # fmt: skip
    """The child process: solve, sending ("progress", {...}) messages, then ("plan", document)."""
    # Ctrl+C reaches the whole process group; the worker decides how its solve ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_when_orphaned()
    # Only the child loads OR-Tools: the worker (maybe inside the web server) stays small.
    from planner.formats.plan import dump_plan
    from planner.solver import Progress, SolveOptions, solve

    sending = threading.Lock()  # progress comes from CP-SAT's thread, the plan from this one

    def send(kind: str, value: Any) -> None:
        with sending:
            sender.send((kind, value))

    def report(progress: Progress) -> None:
        send("progress", asdict(progress))

    try:
        plan = solve(scenario, SolveOptions(time_limit=time_limit), report, stop.is_set)
        send("plan", dump_plan(plan))
    except Exception as error:
        traceback.print_exc()
        send("error", f"the solver failed: {type(error).__name__}: {error}")
    finally:
        sender.close()


def _end_when_orphaned() -> None:
    """Exit should the worker die: nobody would read the plan, and a solve holds memory."""
    worker = os.getppid()

    def watch() -> None:
        while os.getppid() == worker:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kotoplan-orphan-watch", daemon=True).start()
