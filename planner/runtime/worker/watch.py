"""One solve as its worker follows it: the child started, its messages, heartbeats, a stop
passed on, the deadline, and the child gone afterwards; how the solve ended (`Outcome`).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from typing import Any

import sqlalchemy as sa

from planner.domain import Scenario
from planner.runtime import jobs
from planner.runtime.worker.child import SolveTarget
from planner.store import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """How far a solve may overrun its time limit, and how often the worker writes."""

    grace: float = 15.0  # the child's start (~1.5 s) and writing the plan out fit in well
    grace_share: float = 0.25  # long solves overrun by more: CP-SAT's last search steps
    stop_grace: float = 15.0  # from a stop request to the plan
    beat: float = 0.5  # seconds between heartbeats with progress
    exit_wait: float = 5.0  # for a child that has sent its plan to exit (OR-Tools: ~0.4 s)
    kill_wait: float = 3.0  # after SIGTERM, before SIGKILL

    def deadline(self, time_limit: float) -> float:
        """Seconds from the child's start until it is killed."""
        return time_limit + max(self.grace, self.grace_share * time_limit)


LIMITS = Limits()


@dataclass
class Outcome:
    """How a solve ended, as the worker saw it."""

    status: str
    message: str = ""
    plan: dict[str, Any] | None = None
    elapsed: float = 0.0


LOST = "lost"  # the job was ended by someone else (a stale recovery) while the solve ran


def supervise(engine: sa.Engine, job_id: int, scenario: Scenario, time_limit: float,
              shutdown: threading.Event | None, limits: Limits,
              target: SolveTarget) -> Outcome:  # fmt: skip
    """Start the child, follow it to its end, and make sure it is gone afterwards."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    stop = context.Event()
    child = context.Process(
        target=target,
        args=(sender, stop, scenario, time_limit),
        name=f"kotoplan-solve-{job_id}",
        daemon=True,  # a worker that exits takes its solve with it
    )
    began = time.monotonic()
    child.start()
    sender.close()  # the child holds the only sending end now: its exit reads as EOF here
    outcome: Outcome | None = None
    try:
        watch = _Watch(engine, job_id, child, receiver, stop, began, time_limit, limits)
        outcome = watch.follow(shutdown)
        return outcome
    finally:
        _end_child(child, limits, finished=outcome is not None and outcome.plan is not None)
        receiver.close()


class _Watch:
    """One solve as its worker follows it: messages, heartbeats, stop and deadline."""

    def __init__(self, engine: sa.Engine, job_id: int, child: multiprocessing.process.BaseProcess,
                 receiver: Connection, stop: ProcessEvent, began: float, time_limit: float,
                 limits: Limits) -> None:  # fmt: skip
        self.engine, self.job_id, self.child = engine, job_id, child
        self.receiver, self.stop, self.began = receiver, stop, began
        self.time_limit, self.limits = time_limit, limits
        self.deadline = began + limits.deadline(time_limit)
        self.overrun = (
            f"the solver did not finish within {limits.deadline(time_limit):g} s "
            f"(its time limit {time_limit:g} s and the grace period), so it was stopped"
        )
        self.latest: dict[str, Any] = {}

    def follow(self, shutdown: threading.Event | None) -> Outcome:
        """Follow the child until it sends its plan or fails, dies or overruns."""
        next_beat = self.began
        while True:
            now = time.monotonic()
            if self.receiver.poll(max(0.0, min(next_beat, self.deadline) - now)):
                outcome = self._receive()
                if outcome is not None:
                    return outcome
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + self.limits.beat
                if not self._beat(now):
                    return Outcome(LOST)
            if shutdown is not None and shutdown.is_set():
                return self._failed("the worker was shut down before the solve finished")
            if now >= self.deadline:
                return self._failed(self.overrun)

    def _receive(self) -> Outcome | None:
        try:
            kind, value = self.receiver.recv()
        except EOFError:
            self.child.join(timeout=self.limits.exit_wait)
            return self._failed(_died(self.child.exitcode))
        if kind == "progress":
            self.latest = value
            return None
        if kind == "plan":
            status = jobs.STOPPED if self.stop.is_set() else jobs.DONE
            return Outcome(status, plan=value, elapsed=self._elapsed())
        return self._failed(str(value))

    def _beat(self, now: float) -> bool:
        """Write the heartbeat and progress, pass a stop on; False if the job is no longer ours."""
        progress = {field: self.latest.get(field) for field in jobs.PROGRESS_FIELDS}
        progress["elapsed"] = round(now - self.began, 1)
        try:
            with db.session_scope(self.engine) as session:
                job = jobs.heartbeat(session, self.job_id, progress)
                if job is None:
                    return False
                wanted = job.stop_requested
        except sa.exc.SQLAlchemyError as error:
            # A short outage of the database must not end a solve: the deadline still holds.
            log.warning("planning job %s: no heartbeat written: %s", self.job_id, error)
            return True
        if wanted and not self.stop.is_set():
            self.stop.set()
            self.deadline = min(self.deadline, now + self.limits.stop_grace)
            self.overrun = (
                f"the solver did not stop within {self.limits.stop_grace:g} s of the stop "
                "request, so it was ended without a plan"
            )
        return True

    def _elapsed(self) -> float:
        return round(time.monotonic() - self.began, 1)

    def _failed(self, message: str) -> Outcome:
        return Outcome(jobs.FAILED, message, elapsed=self._elapsed())


def _died(code: int | None) -> str:
    """Why a child's pipe closed before it sent a plan; a negative exit code is a signal."""
    if code == 0:
        return "the solver process ended without a plan (exit code 0)"
    how = f"exit code {code}"
    if code is not None and code < 0 and -code in signal.valid_signals():
        how += f", signal {signal.Signals(-code).name}"
    return f"the solver process died ({how})"


def _end_child(child: multiprocessing.process.BaseProcess, limits: Limits, finished: bool) -> None:
    """Let a child that sent its plan exit; terminate, then kill, any other still there."""
    child.join(timeout=limits.exit_wait if finished else 0)
    for end in (child.terminate, child.kill):
        if child.exitcode is not None:
            break
        end()
        child.join(timeout=limits.kill_wait)
    child.close()
