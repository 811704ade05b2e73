"""Solve jobs: the planning runs of a week, queued, claimed, followed and ended in the database.

A job's state is its row in `solve_jobs` and nothing else, so a reload, a second browser and
a worker on another machine all see the same job. Every change of state is one conditional
UPDATE from the states it may start from: when two writers race (a worker ending a job while
the coordinator stops it, two workers claiming the same job), exactly one of them wins.
The caller owns the transaction and commits.

    queued -> running -> done | failed
       |         '-> stopping -> stopped | failed
       '-> stopped (stopped before it started)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.domain.timeparts import parse_week
from planner.store import models as m

QUEUED = "queued"
RUNNING = "running"
STOPPING = "stopping"
DONE = "done"
STOPPED = "stopped"
FAILED = "failed"
ACTIVE = (QUEUED, RUNNING, STOPPING)
ENDED = (DONE, STOPPED, FAILED)
IN_HAND = (RUNNING, STOPPING)  # a worker holds the job and keeps its heartbeat

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
    for _attempt in range(3):
        # PostgreSQL: rows another worker is claiming are skipped rather than waited for.
        # SQLite renders no FOR UPDATE; there the conditional UPDATE alone decides.
        job_id = session.scalar(
            sa.select(m.SolveJob.id)
            .where(m.SolveJob.status == QUEUED)
            .order_by(m.SolveJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job_id is None:
            return None
        now = utcnow()
        values = {"worker": worker, "started_at": now, "heartbeat_at": now}
        if _move(session, job_id, (QUEUED,), status=RUNNING, **values):
            return _fresh(session, job_id)
    return None


def heartbeat(session: Session, job_id: int, progress: dict[str, Any]) -> m.SolveJob | None:
    """Record that a job's worker is alive, with its latest progress; None if no longer held."""
    if not _move(session, job_id, IN_HAND, heartbeat_at=utcnow(), progress=progress):
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
    return _move(session, job_id, IN_HAND, **values)


def recover_stale(session: Session, older_than: dt.timedelta) -> list[int]:
    """End as failed the jobs whose worker has given no sign of life for `older_than`."""
    now = utcnow()
    last_sign = sa.func.coalesce(
        m.SolveJob.heartbeat_at, m.SolveJob.started_at, m.SolveJob.created_at
    )
    silent = older_than.total_seconds()
    ended = session.execute(
        sa.update(m.SolveJob)
        .where(m.SolveJob.status.in_(IN_HAND), last_sign < now - older_than)
        .values(
            status=FAILED,
            finished_at=now,
            message=f"the worker stopped: no sign of it for more than {silent:g} s",
        )
        .returning(m.SolveJob.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(ended.scalars())


def _move(session: Session, job_id: int, states: tuple[str, ...], **values: Any) -> bool:
    """Change a job only if it is in one of `states`; whether it was."""
    result = session.execute(
        sa.update(m.SolveJob)
        .where(m.SolveJob.id == job_id, m.SolveJob.status.in_(states))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _fresh(session: Session, job_id: int) -> m.SolveJob | None:
    """The job as the database holds it now, not as this session last saw it."""
    return session.get(m.SolveJob, job_id, populate_existing=True)
