"""Running solve jobs: a worker supervises each solve, which runs in a child process of its own.

CP-SAT now and then overruns its time limit, and a crash inside it takes its process down,
so the solve never runs in the worker: a child process ("spawn", a fresh interpreter, never
a fork of a process that has threads) gets the week's scenario and sends back progress and
then the plan. The worker alone writes the job's row: a heartbeat with the latest progress
twice a second, the coordinator's stop passed on to the child, and at the end the plan saved
as a draft in the same transaction that ends the job, so a job is done exactly when its
draft exists. A child that overruns the hard deadline is killed, and a child that dies
ends its job as failed with the reason: a job is never left running.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from typing import Any

import sqlalchemy as sa

from planner.domain import Scenario
from planner.domain.childcare import judged_on
from planner.formats.problems import InvalidDocument
from planner.runtime import jobs
from planner.store import db
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.plans import save_draft
from planner.store.review import PIN, locks

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(seconds=60)  # 120 missed heartbeats: the worker is gone


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


@dataclass
class Outcome:
    """How a solve ended, as the worker saw it."""

    status: str
    message: str = ""
    plan: dict[str, Any] | None = None
    elapsed: float = 0.0


LOST = "lost"  # the job was ended by someone else (a stale recovery) while the solve ran


def run_job(
    database_url: str,
    job_id: int,
    shutdown: threading.Event | None = None,
    limits: Limits = LIMITS,
    target: SolveTarget = solve_in_child,
) -> str:
    """Run a job this worker has claimed to its end; the status it ended with.

    `shutdown` set ends the solve at once (the job fails); `target` is what the child runs.
    """
    with db.opened(database_url) as engine:
        with db.session_scope(engine) as session:
            job = session.get(m.SolveJob, job_id)
            if job is None or job.status not in jobs.IN_HAND:
                raise jobs.JobError(f"planning job {job_id} is not claimed by a worker")
            week, time_limit, actor = job.week, job.time_limit, job.requested_by
            not_before = job.not_before
            if not_before is not None and not_before.tzinfo is None:
                not_before = not_before.replace(tzinfo=dt.UTC)  # SQLite keeps no zone
        try:
            scenario = _scenario(engine, week, not_before)
            if isinstance(scenario, Outcome):
                outcome = scenario
            else:
                outcome = _supervise(engine, job_id, scenario, time_limit, shutdown, limits, target)
        except Exception as error:
            log.exception("planning job %s: the worker failed", job_id)
            outcome = Outcome(jobs.FAILED, f"the worker failed: {type(error).__name__}: {error}")
        return _end(engine, job_id, actor, outcome)


def _scenario(
    engine: sa.Engine, week: str, not_before: dt.datetime | None = None
) -> Scenario | Outcome:
    """The week's scenario from the database, or the failure that its problems make."""
    # A week planned in advance may hold a child born after today (the demo's always does).
    today = judged_on(week)
    with db.session_scope(engine) as session:
        try:
            return export_scenario(session, week, today=today, not_before=not_before)
        except (InvalidDocument, db.StoreError) as error:
            return Outcome(jobs.FAILED, f"the week cannot be planned: {error}")


def _supervise(engine: sa.Engine, job_id: int, scenario: Scenario, time_limit: float,
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


def _end(engine: sa.Engine, job_id: int, actor: str, outcome: Outcome) -> str:
    """Write how the job ended: a done or stopped job together with its draft."""
    if outcome.status == LOST:
        with db.session_scope(engine) as session:
            job = session.get(m.SolveJob, job_id)
            return job.status if job is not None else jobs.FAILED
    status, message = outcome.status, outcome.message
    with db.session_scope(engine) as session:
        if outcome.plan is not None:
            try:
                return _save(session, job_id, actor, outcome)
            except (InvalidDocument, db.StoreError) as error:
                session.rollback()
                status, message = jobs.FAILED, f"the plan could not be saved: {error}"
        jobs.finish(session, job_id, status, message, progress=_progress(outcome, None))
    log.info("planning job %s: %s (%s)", job_id, status, message)
    return status


def _save(session: sa.orm.Session, job_id: int, actor: str, outcome: Outcome) -> str:
    """Save the plan as the week's next draft and end the job with it, in one transaction."""
    assert outcome.plan is not None
    plan = outcome.plan
    if plan["status"] == "failed":
        errors = "; ".join(f"{e['rule']} {e['ref']}: {e['text']}" for e in plan["errors"])
        message = f"the locked items break the rules: {errors}"
        jobs.finish(session, job_id, jobs.FAILED, message, progress=_progress(outcome, plan))
        return jobs.FAILED
    version = save_draft(session, plan, actor)
    # A pin that a rule now forbids has been dropped and its item planned again: the pin
    # goes, so that the next run does not try the forbidden form once more.
    dropped = {error["ref"] for error in plan.get("dropped_pins", [])}
    for row in locks(session, version.week, PIN).values():
        if row.item_id in dropped:
            session.delete(row)
    placed = len(plan["sessions"]) + len(plan["visits"])
    items = placed + len(plan["unplaced"])
    if outcome.status == jobs.STOPPED:
        message = f"stopped on request; the best plan so far is draft version {version.version}"
    else:
        message = f"draft version {version.version}: {placed} of {items} items placed"
    ended = jobs.finish(
        session, job_id, outcome.status, message, version.version, _progress(outcome, plan)
    )
    if not ended:
        # Ended meanwhile by someone else (a stale recovery): no draft without its job.
        session.rollback()
        job = session.get(m.SolveJob, job_id)
        return job.status if job is not None else jobs.FAILED
    log.info("planning job %s: %s, draft version %s", job_id, outcome.status, version.version)
    return outcome.status


def _progress(outcome: Outcome, plan: dict[str, Any] | None) -> dict[str, Any] | None:
    """The final progress of a job: what its plan achieved, or nothing to add."""
    if plan is None:
        return None
    placed = len(plan.get("sessions", [])) + len(plan.get("visits", []))
    return {
        "elapsed": outcome.elapsed,
        "objective": plan.get("objective"),
        "bound": plan.get("bound"),
        "placed": placed,
        "items": placed + len(plan.get("unplaced", [])),
    }


def worker_name() -> str:
    """This worker as other workers see it: its host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_worker(
    database_url: str,
    stop_event: threading.Event | None = None,
    poll_seconds: float = 1.0,
    once: bool = False,
    name: str | None = None,
    stale_after: dt.timedelta = STALE_AFTER,
    limits: Limits = LIMITS,
) -> int:
    """Run queued jobs one after another until `stop_event` is set; how many it ran.

    With `once` it runs the jobs queued now and returns when none is left. Jobs of workers
    that have gone silent are ended as failed first.
    """
    stop_event = stop_event or threading.Event()
    name = name or worker_name()
    ran = 0
    with db.opened(database_url) as engine:
        db.require_current(engine)
        log.info("worker %s: waiting for planning jobs", name)
        while not stop_event.is_set():
            try:
                job_id = _next_job(engine, name, stale_after)
            except sa.exc.OperationalError as error:
                if once:
                    raise
                log.warning("worker %s: the database cannot be reached: %s", name, error)
                job_id = None
            if job_id is not None:
                log.info("worker %s: planning job %s", name, job_id)
                try:
                    run_job(database_url, job_id, stop_event, limits)
                except sa.exc.SQLAlchemyError:
                    # The job stays running; the stale recovery ends it once the database is back.
                    log.exception("worker %s: planning job %s could not be ended", name, job_id)
                ran += 1
                continue
            if once:
                break
            stop_event.wait(poll_seconds)
    return ran


def _next_job(engine: sa.Engine, name: str, stale_after: dt.timedelta) -> int | None:
    """Recover stale jobs, then claim the oldest queued one (each in its own transaction)."""
    with db.session_scope(engine) as session:
        for job_id in jobs.recover_stale(session, stale_after):
            log.warning("planning job %s failed: its worker stopped", job_id)
    with db.session_scope(engine) as session:
        job = jobs.claim_next(session, name)
        return None if job is None else job.id
