"""One claimed job run to its end: the week's scenario, its supervised solve, and how it
ended written with its draft in one transaction, so a job is done exactly when its draft exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

import sqlalchemy as sa

from planner.domain import Scenario
from planner.domain.childcare import judged_on
from planner.formats.problems import InvalidDocument
from planner.runtime import jobs
from planner.runtime.worker.child import SolveTarget, solve_in_child
from planner.runtime.worker.watch import LIMITS, LOST, Limits, Outcome, supervise
from planner.store import db
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.plans import save_draft
from planner.store.review import PIN, locks

log = logging.getLogger(__name__)


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
                outcome = supervise(engine, job_id, scenario, time_limit, shutdown, limits, target)
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
