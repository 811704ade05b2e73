"""Running solve jobs: a worker supervises each solve, which runs in a child process of its own.

CP-SAT now and then overruns its time limit, and a crash inside it takes its process down,
so the solve never runs in the worker: a child process ("spawn", a fresh interpreter, never
a fork of a process that has threads) gets the week's scenario and sends back progress and
then the plan. The worker alone writes the job's row: a heartbeat with the latest progress
twice a second, the coordinator's stop passed on to the child, and at the end the plan saved
as a draft in the same transaction that ends the job, so a job is done exactly when its
draft exists. A child that overruns the hard deadline is killed, and a child that dies
ends its job as failed with the reason: a job is never left running.

`child` is what runs in the child process (the solve); `watch` follows one child to its
end within its limits; `job` runs one claimed job and writes how it ended, its draft with
it; `loop` is the worker itself, claiming queued jobs one after another.
"""

from __future__ import annotations

from planner.runtime.worker.child import SolveTarget, solve_in_child
from planner.runtime.worker.job import run_job
from planner.runtime.worker.loop import STALE_AFTER, run_worker, worker_name
from planner.runtime.worker.watch import LIMITS, LOST, Limits, Outcome

__all__ = [
    "LIMITS",
    "LOST",
    "STALE_AFTER",
    "Limits",
    "Outcome",
    "SolveTarget",
    "run_job",
    "run_worker",
    "solve_in_child",
    "worker_name",
]
