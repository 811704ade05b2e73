"""The worker itself: it recovers jobs of silent workers and runs queued jobs one by one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

import sqlalchemy as sa

from planner.runtime import jobs
from planner.runtime.worker.job import run_job
from planner.runtime.worker.watch import LIMITS, Limits
from planner.store import db

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(seconds=60)  # 120 missed heartbeats: the worker is gone


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
