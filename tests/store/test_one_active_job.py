"""One active planning run per week, kept by the database: racing clicks queue one run."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.runtime import jobs
from planner.store import db
from planner.store import models as m

WEEK = "2026-W49"
CLICKS = 6


def active(engine: sa.Engine, week: str = WEEK) -> list[m.SolveJob]:
    with db.session_scope(engine) as session:
        return list(
            session.scalars(
                sa.select(m.SolveJob).where(
                    m.SolveJob.week == week, m.SolveJob.status.in_(jobs.ACTIVE)
                )
            )
        )


def racing_checks(monkeypatch: pytest.MonkeyPatch, parties: int) -> None:
    """Every enqueue passes its own check before any of them inserts: the race of the finding."""
    barrier = threading.Barrier(parties, timeout=30)
    checked = threading.local()
    original = jobs.active_job

    def check_then_wait(session: Session, week: str) -> m.SolveJob | None:
        found = original(session, week)
        if not getattr(checked, "done", False):
            checked.done = True
            barrier.wait()
        return found

    monkeypatch.setattr(jobs, "active_job", check_then_wait)


def test_six_simultaneous_clicks_queue_one_run(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    racing_checks(monkeypatch, CLICKS)
    outcomes: list[str] = []

    def click(n: int) -> None:
        with Session(engine) as session:
            try:
                job = jobs.enqueue(session, WEEK, 20, f"click-{n}")
                session.commit()
                outcomes.append(f"queued {job.id}")
            except jobs.JobError as error:
                session.rollback()
                outcomes.append(str(error))

    threads = [threading.Thread(target=click, args=(n,)) for n in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    (winner,) = active(engine)
    assert sorted(outcomes)[-1] == f"queued {winner.id}"
    refused = [o for o in outcomes if not o.startswith("queued")]
    assert refused == [f"{WEEK} is already being planned (job {winner.id} is queued)"] * (
        CLICKS - 1
    )


def test_the_index_allows_a_new_run_once_the_last_has_ended(engine: sa.Engine) -> None:
    with db.session_scope(engine) as session:
        first = jobs.enqueue(session, WEEK, 20, "kaisa")
        jobs.enqueue(session, "2026-W50", 20, "kaisa")  # another week: its own run
    with db.session_scope(engine) as session:
        jobs.request_stop(session, first.id)  # queued: ends at once
    with db.session_scope(engine) as session:
        again = jobs.enqueue(session, WEEK, 20, "kaisa")
    assert [job.id for job in active(engine)] == [again.id]


def test_the_database_refuses_a_second_active_run_even_past_the_code(engine: sa.Engine) -> None:
    with db.session_scope(engine) as session:
        jobs.enqueue(session, WEEK, 20, "kaisa")
    row = {"week": WEEK, "status": jobs.RUNNING, "time_limit": 20.0, "requested_by": "x",
           "stop_requested": False}  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(sa.insert(m.SolveJob).values(**row))


def test_the_migration_ends_duplicate_active_runs_before_building_the_index(
    database_url: str,
) -> None:
    engine = db.make_engine(database_url)
    db.upgrade(engine, "0005")
    row = {"week": WEEK, "status": jobs.QUEUED, "time_limit": 20.0, "requested_by": "x",
           "stop_requested": False}  # fmt: skip
    with engine.begin() as connection:
        for _ in range(4):  # what 6 clicks left behind on PostgreSQL
            connection.execute(sa.insert(m.SolveJob.__table__).values(**row))
    db.upgrade(engine)
    (kept,) = active(engine)
    with db.session_scope(engine) as session:
        statuses = session.execute(sa.select(m.SolveJob.id, m.SolveJob.status)).all()
    assert sorted(statuses) == [(kept.id, "queued")] + [
        (kept.id + n, "failed") for n in range(1, 4)
    ]
    engine.dispose()


def test_the_models_active_states_are_the_jobs_ones() -> None:
    assert m.ACTIVE_JOB_STATES == "status IN ({})".format(
        ", ".join(f"'{state}'" for state in jobs.ACTIVE)
    )
