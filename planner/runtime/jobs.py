"""Solve jobs: the planning runs of a week, queued, claimed, followed and ended in the database.

A job's state is its row in `solve_jobs` and nothing else, so a reload, a second browser and
a worker on another machine all see the same job. Every change of state is one conditional
UPDATE from the states it may start from (`planner.runtime.queue`): when two writers race
(a worker ending a job while the coordinator stops it, two workers claiming the same job),
exactly one of them wins. The caller owns the transaction and commits.

The states are `planner.runtime.states.JobStatus`. A claimed job's lease is its worker's
heartbeat; a run is tried once, so the job of a worker gone silent ends as failed (a run
that took its worker down would take the next one down too; the coordinator starts it
again by hand).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.domain.timeparts import parse_week
from planner.runtime import queue
from planner.runtime.states import ACTIVE_JOBS, ENDED_JOBS, HELD_JOBS, JobStatus
from planner.store import models as m

QUEUED = JobStatus.QUEUED
RUNNING = JobStatus.RUNNING
STOPPING = JobStatus.STOPPING
DONE = JobStatus.DONE
STOPPED = JobStatus.STOPPED
FAILED = JobStatus.FAILED
ACTIVE = ACTIVE_JOBS
ENDED = ENDED_JOBS
IN_HAND = HELD_JOBS  # a worker holds the job and keeps its heartbeat

JOBS = queue.Queue(
    id=m.SolveJob.id,
    status=m.SolveJob.status,
    waiting=QUEUED,
    held=IN_HAND,
    failed=FAILED,
    retry=queue.Retry(max_attempts=1),
)

PROGRESS_FIELDS = ("elapsed", "objective", "bound", "placed", "items")
MIN_TIME_LIMIT = 1.0
MAX_TIME_LIMIT = 3600.0  # an hour: more than any week needs, less than a forgotten run


class JobError(ValueError):
    """A job cannot be started or changed as asked; the message says why."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def enqueue(
    session: Session,
    week: str,
    time_limit: float,
    actor: str,
    not_before: dt.datetime | None = None,
) -> m.SolveJob:
    """Queue a planning run of an ISO week ("2026-W49"); a week plans one run at a time.

    `not_before` (the moment the run was asked for, inside the week) keeps it out of the
    past: nothing that is not locked is planned to start before it.

    The database keeps the one-run rule (a partial unique index): when another request
    queued a run of the week since the check below, the insert fails, the transaction is
    rolled back (it cannot go on after the error, and nothing it held is half-kept) and
    `JobError` names the run that won.
    """
    try:
        parse_week(week)
    except ValueError as error:
        raise JobError(str(error)) from None
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        raise JobError(
            f"the time limit must be {MIN_TIME_LIMIT:g}-{MAX_TIME_LIMIT:g} seconds, "
            f"not {time_limit:g}"
        )
    busy = active_job(session, week)
    if busy is not None:
        raise JobError(f"{week} is already being planned (job {busy.id} is {busy.status})")
    job = m.SolveJob(
        week=week,
        status=QUEUED,
        time_limit=float(time_limit),
        requested_by=actor,
        stop_requested=False,
        # in UTC: SQLite keeps no zone, and every other moment here is in UTC
        not_before=None if not_before is None else not_before.astimezone(dt.UTC),
    )
    session.add(job)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        session.rollback()
        winner = active_job(session, week)
        if winner is None:
            raise
        raise JobError(
            f"{week} is already being planned (job {winner.id} is {winner.status})"
        ) from None
    return job


def active_job(session: Session, week: str) -> m.SolveJob | None:
    """The week's job that is queued or running, if any."""
    return session.scalar(
        sa.select(m.SolveJob)
        .where(m.SolveJob.week == week, m.SolveJob.status.in_(ACTIVE))
        .order_by(m.SolveJob.id)
        .limit(1)
    )


def request_stop(session: Session, job_id: int) -> m.SolveJob:
    """Stop a job: a queued one ends at once, a running one ends with its best plan so far."""
    ended_in_queue = _move(
        session,
        job_id,
        (QUEUED,),
        status=STOPPED,
        stop_requested=True,
        finished_at=utcnow(),
        message="stopped before it started",
    )
    if not ended_in_queue:
        _move(session, job_id, (RUNNING,), status=STOPPING, stop_requested=True)
    job = _fresh(session, job_id)
    if job is None:
        raise JobError(f"there is no planning job {job_id}")
    if job.status in ENDED and not ended_in_queue:
        raise JobError(f"planning job {job_id} has already ended ({job.status})")
    return job


def claim_next(session: Session, worker: str) -> m.SolveJob | None:
    """Take the oldest queued job for `worker`; no other worker can take the same one."""
    now = utcnow()
    job_id = queue.claim_next(
        session, JOBS, now, status=RUNNING, worker=worker, started_at=now, heartbeat_at=now
    )
    return None if job_id is None else _fresh(session, job_id)


def heartbeat(session: Session, job_id: int, progress: dict[str, Any]) -> m.SolveJob | None:
    """Record that a job's worker is alive, with its latest progress; None if no longer held."""
    if not queue.keep(session, JOBS, job_id, heartbeat_at=utcnow(), progress=progress):
        return None
    return _fresh(session, job_id)


def finish(
    session: Session,
    job_id: int,
    status: str,
    message: str,
    plan_version: int | None = None,
    progress: dict[str, Any] | None = None,
) -> bool:
    """End a job its worker holds; False when it had already ended (then nothing changes)."""
    if status not in ENDED:
        raise ValueError(f"{status!r} is not an end of a job")
    values: dict[str, Any] = {"status": status, "message": message, "finished_at": utcnow()}
    if plan_version is not None:
        values["plan_version"] = plan_version
    if progress is not None:
        values["progress"] = progress
    return queue.keep(session, JOBS, job_id, **values)


def recover_stale(session: Session, older_than: dt.timedelta) -> list[int]:
    """End as failed the jobs whose worker has given no sign of life for `older_than`."""
    now = utcnow()
    last_sign = sa.func.coalesce(
        m.SolveJob.heartbeat_at, m.SolveJob.started_at, m.SolveJob.created_at
    )
    silent = older_than.total_seconds()
    return queue.expire(
        session,
        JOBS,
        last_sign < now - older_than,
        finished_at=now,
        message=f"the worker stopped: no sign of it for more than {silent:g} s",
    )


def _move(session: Session, job_id: int, states: tuple[str, ...], **values: Any) -> bool:
    """Change a job only if it is in one of `states`; whether it was."""
    return queue.move(session, JOBS, job_id, states, **values)


def _fresh(session: Session, job_id: int) -> m.SolveJob | None:
    """The job as the database holds it now, not as this session last saw it."""
    return session.get(m.SolveJob, job_id, populate_existing=True)
