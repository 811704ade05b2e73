"""Solve jobs: the queue's rules, exclusive claims, and a worker that never leaves a job running.

The solves run for real, in child processes, on the builder world (a second or two) or the
demo week; children that overrun or die are this module's own functions, which the child
process imports by name.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.demo import demo_document
from planner.domain import Scenario
from planner.runtime import jobs
from planner.runtime.worker import Limits, run_job, run_worker
from planner.store import db
from planner.store import models as m
from planner.store.master import import_scenario
from tests import builders as b

WEEK = b.WEEK
PIDFILE = "KOTOPLAN_TEST_CHILD_PIDFILE"
QUICK = Limits(grace=1.0, grace_share=0.0, stop_grace=1.0, beat=0.1, kill_wait=0.5)


@pytest.fixture
def world(engine: sa.Engine) -> sa.Engine:
    """The database holding the builder world of WEEK."""
    with db.session_scope(engine) as session:
        import_scenario(session, b.world(), "test", today=b.TODAY)
    return engine


def queued(engine: sa.Engine, week: str = WEEK, time_limit: float = 1, actor: str = "kaisa") -> int:
    with db.session_scope(engine) as session:
        return jobs.enqueue(session, week, time_limit, actor).id


def claimed(engine: sa.Engine, week: str = WEEK, time_limit: float = 1) -> int:
    job_id = queued(engine, week, time_limit)
    with db.session_scope(engine) as session:
        job = jobs.claim_next(session, "test-worker")
        assert job is not None and job.id == job_id
    return job_id


def job(engine: sa.Engine, job_id: int) -> m.SolveJob:
    with db.session_scope(engine) as session:
        found = session.get(m.SolveJob, job_id)
        assert found is not None
        return found


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def pidfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where a test child writes its process id (the child inherits the environment)."""
    path = tmp_path / "child.pid"
    monkeypatch.setenv(PIDFILE, str(path))
    yield path


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# Children for the worker to supervise ---------------------------------------------------------


def _write_pid() -> None:
    Path(os.environ[PIDFILE]).write_text(str(os.getpid()), encoding="utf-8")


def overrunning_child(sender: Connection, stop: ProcessEvent, scenario: Scenario,
                      time_limit: float) -> None:  # fmt: skip
    """A solve that never ends and shrugs off SIGTERM, like CP-SAT stuck in native code."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _write_pid()
    sender.send(("progress", {"elapsed": 0.1, "objective": 99.0, "placed": 1, "items": 2}))
    time.sleep(600)


def crashing_child(sender: Connection, stop: ProcessEvent, scenario: Scenario,
                   time_limit: float) -> None:  # fmt: skip
    """A solve whose process is taken down, as a crash in native code does."""
    _write_pid()
    os.kill(os.getpid(), signal.SIGKILL)


def slow_child(sender: Connection, stop: ProcessEvent, scenario: Scenario,
               time_limit: float) -> None:  # fmt: skip
    """A solve that takes its time: long enough for a test to act while it runs."""
    _write_pid()
    stop.wait(600)


# Enqueue ------------------------------------------------------------------------------------


def test_enqueue_queues_a_run_of_the_week(engine: sa.Engine) -> None:
    job_id = queued(engine, time_limit=20, actor="kaisa")
    row = job(engine, job_id)
    assert (row.week, row.status, row.time_limit, row.requested_by) == (WEEK, "queued", 20, "kaisa")
    assert row.stop_requested is False and row.progress is None and row.plan_version is None


@pytest.mark.parametrize("state", ["queued", "running", "stopping"])
def test_a_week_has_one_active_run_at_a_time(engine: sa.Engine, state: str) -> None:
    job_id = queued(engine)
    with db.session_scope(engine) as session:
        session.execute(sa.update(m.SolveJob).values(status=state))
    with db.session_scope(engine) as session, pytest.raises(jobs.JobError) as error:
        jobs.enqueue(session, WEEK, 5, "kaisa")
    assert str(error.value) == f"2026-W49 is already being planned (job {job_id} is {state})"
    queued(engine, week="2026-W50")  # another week is free


@pytest.mark.parametrize("state", ["done", "stopped", "failed"])
def test_a_week_is_planned_again_once_its_run_has_ended(engine: sa.Engine, state: str) -> None:
    queued(engine)
    with db.session_scope(engine) as session:
        session.execute(sa.update(m.SolveJob).values(status=state))
    queued(engine)


@pytest.mark.parametrize(
    ("week", "time_limit", "message"),
    [
        ("2026-W60", 5, '"2026-W60" is not an ISO week like 2026-W49'),
        ("next week", 5, '"next week" is not an ISO week like 2026-W49'),
        (WEEK, 0.5, "the time limit must be 1-3600 seconds, not 0.5"),
        (WEEK, 7200, "the time limit must be 1-3600 seconds, not 7200"),
    ],
    ids=["week-60", "words", "too-short", "too-long"],
)
def test_enqueue_refuses_what_cannot_be_run(
    engine: sa.Engine, week: str, time_limit: float, message: str
) -> None:
    with db.session_scope(engine) as session, pytest.raises(jobs.JobError) as error:
        jobs.enqueue(session, week, time_limit, "kaisa")
    assert str(error.value) == message


# Claim --------------------------------------------------------------------------------------


def test_claim_takes_the_oldest_queued_job(engine: sa.Engine) -> None:
    first, second = queued(engine, "2026-W49"), queued(engine, "2026-W50")
    with db.session_scope(engine) as session:
        job_row = jobs.claim_next(session, "host:1")
        assert job_row is not None
        assert (job_row.id, job_row.status, job_row.worker) == (first, "running", "host:1")
        assert job_row.started_at is not None and job_row.heartbeat_at is not None
    with db.session_scope(engine) as session:
        assert jobs.claim_next(session, "host:2").id == second  # type: ignore[union-attr]
    with db.session_scope(engine) as session:
        assert jobs.claim_next(session, "host:3") is None


def test_a_job_is_claimed_by_one_worker_only(engine: sa.Engine) -> None:
    weeks = [f"2027-W{n:02d}" for n in range(1, 13)]
    for week in weeks:
        queued(engine, week)
    taken: dict[str, list[int]] = {}
    start = threading.Barrier(4)

    def work(name: str) -> None:
        start.wait()
        mine = taken.setdefault(name, [])
        while True:
            with db.session_scope(engine) as session:
                job_row = jobs.claim_next(session, name)
                if job_row is None:
                    return
                mine.append(job_row.id)

    workers = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    claims = sorted(i for ids in taken.values() for i in ids)
    assert len(claims) == len(weeks) and len(set(claims)) == len(weeks)
    with db.session_scope(engine) as session:
        owners = dict(session.execute(sa.select(m.SolveJob.id, m.SolveJob.worker)).all())
    assert all(owners[i] == name for name, ids in taken.items() for i in ids)


# Stop ---------------------------------------------------------------------------------------


def test_a_queued_job_stops_at_once(engine: sa.Engine) -> None:
    job_id = queued(engine)
    with db.session_scope(engine) as session:
        stopped = jobs.request_stop(session, job_id)
        assert (stopped.status, stopped.message) == ("stopped", "stopped before it started")
        assert stopped.finished_at is not None
    with db.session_scope(engine) as session:
        assert jobs.claim_next(session, "w") is None


def test_a_running_job_is_asked_to_stop(engine: sa.Engine) -> None:
    job_id = claimed(engine)
    for _ in range(2):  # asking twice is asking once
        with db.session_scope(engine) as session:
            row = jobs.request_stop(session, job_id)
            assert (row.status, row.stop_requested, row.finished_at) == ("stopping", True, None)


def test_an_ended_or_unknown_job_cannot_be_stopped(engine: sa.Engine) -> None:
    job_id = claimed(engine)
    with db.session_scope(engine) as session:
        assert jobs.finish(session, job_id, "done", "draft version 1")
    with db.session_scope(engine) as session, pytest.raises(jobs.JobError) as error:
        jobs.request_stop(session, job_id)
    assert str(error.value) == f"planning job {job_id} has already ended (done)"
    with db.session_scope(engine) as session, pytest.raises(jobs.JobError, match="no planning job"):
        jobs.request_stop(session, job_id + 1)


def test_an_ended_job_stays_as_it_ended(engine: sa.Engine) -> None:
    job_id = claimed(engine)
    with db.session_scope(engine) as session:
        assert jobs.finish(session, job_id, "failed", "first")
    with db.session_scope(engine) as session:
        assert not jobs.finish(session, job_id, "done", "second")
        assert jobs.heartbeat(session, job_id, {"elapsed": 1.0}) is None
    assert (job(engine, job_id).status, job(engine, job_id).message) == ("failed", "first")


# Stale recovery -----------------------------------------------------------------------------


def test_jobs_whose_worker_went_silent_fail(engine: sa.Engine) -> None:
    silent, alive = claimed(engine, "2026-W49"), claimed(engine, "2026-W50")
    waiting = queued(engine, "2026-W51")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with db.session_scope(engine) as session:
        session.execute(
            sa.update(m.SolveJob).where(m.SolveJob.id == silent).values(heartbeat_at=long_ago)
        )
    with db.session_scope(engine) as session:
        assert jobs.recover_stale(session, dt.timedelta(seconds=60)) == [silent]
    row = job(engine, silent)
    assert row.status == "failed" and row.finished_at is not None
    assert row.message == "the worker stopped: no sign of it for more than 60 s"
    assert job(engine, alive).status == "running" and job(engine, waiting).status == "queued"


# Running jobs -------------------------------------------------------------------------------


def test_a_run_ends_done_with_its_plan_as_a_draft(world: sa.Engine, database_url: str) -> None:
    job_id = claimed(world, time_limit=1)
    assert run_job(database_url, job_id) == "done"
    row = job(world, job_id)
    assert (row.status, row.plan_version) == ("done", 1)
    assert row.message == "draft version 1: 2 of 2 items placed"
    assert row.progress is not None and row.progress["placed"] == row.progress["items"] == 2
    assert row.progress["objective"] is not None and 0 < row.progress["elapsed"] < 15
    assert row.finished_at is not None
    with db.session_scope(world) as session:
        draft = session.scalar(sa.select(m.PlanVersion).where(m.PlanVersion.week == WEEK))
        assert draft is not None
        assert (draft.version, draft.status, draft.created_by) == (1, "draft", "kaisa")
        assert len(draft.document["sessions"]) == 1 and len(draft.document["visits"]) == 1


def test_a_week_that_cannot_be_exported_fails_with_the_reason(
    engine: sa.Engine, database_url: str
) -> None:
    job_id = claimed(engine)
    assert run_job(database_url, job_id) == "failed"
    assert job(engine, job_id).message == (
        "the week cannot be planned: the database holds no master data yet; import a scenario first"
    )


def test_only_a_claimed_job_is_run(engine: sa.Engine, database_url: str) -> None:
    job_id = queued(engine)
    with pytest.raises(jobs.JobError, match="not claimed"):
        run_job(database_url, job_id)
    assert job(engine, job_id).status == "queued"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_stop_ends_the_run_with_the_best_plan_so_far(
    engine: sa.Engine, database_url: str
) -> None:
    with db.session_scope(engine) as session:
        import_scenario(session, demo_document(WEEK), "test", today=b.TODAY)
    job_id = claimed(engine, time_limit=60)
    ended: list[str] = []
    runner = threading.Thread(target=lambda: ended.append(run_job(database_url, job_id)))
    began = time.monotonic()
    runner.start()
    wait_for(lambda: (job(engine, job_id).progress or {}).get("objective") is not None)
    with db.session_scope(engine) as session:
        jobs.request_stop(session, job_id)
    runner.join(timeout=30)
    assert ended == ["stopped"] and time.monotonic() - began < 20
    row = job(engine, job_id)
    assert row.plan_version == 1
    assert row.message == "stopped on request; the best plan so far is draft version 1"
    with db.session_scope(engine) as session:
        draft = session.scalar(sa.select(m.PlanVersion).where(m.PlanVersion.week == WEEK))
        assert draft is not None and draft.document["stats"]["stopped"] is True
        assert len(draft.document["sessions"]) + len(draft.document["visits"]) == 44


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_child_that_overruns_is_killed_and_the_run_fails(
    world: sa.Engine, database_url: str, pidfile: Path
) -> None:
    job_id = claimed(world, time_limit=1)
    began = time.monotonic()
    assert run_job(database_url, job_id, limits=QUICK, target=overrunning_child) == "failed"
    # 2 s deadline, then SIGTERM (ignored) and 3 s later SIGKILL
    assert time.monotonic() - began < 10
    assert gone(int(pidfile.read_text()))
    row = job(world, job_id)
    assert row.message == (
        "the solver did not finish within 2 s (its time limit 1 s and the grace period), "
        "so it was stopped"
    )
    assert row.plan_version is None and row.progress["objective"] == 99.0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_child_that_dies_fails_the_run_at_once(
    world: sa.Engine, database_url: str, pidfile: Path
) -> None:
    job_id = claimed(world, time_limit=30)
    began = time.monotonic()
    assert run_job(database_url, job_id, target=crashing_child) == "failed"
    assert time.monotonic() - began < 10  # not the 45 s deadline
    assert job(world, job_id).message == "the solver process died (exit code -9, signal SIGKILL)"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_child_that_ignores_a_stop_is_ended_without_a_plan(
    world: sa.Engine, database_url: str, pidfile: Path
) -> None:
    job_id = claimed(world, time_limit=30)
    ended: list[str] = []
    runner = threading.Thread(
        target=lambda: ended.append(
            run_job(database_url, job_id, limits=QUICK, target=overrunning_child)
        )
    )
    runner.start()
    # Stop once the child runs: a child still importing (~2 s without bytecode caches)
    # when the grace ends would be killed before it could show that it ignores the stop.
    wait_for(pidfile.exists)
    with db.session_scope(world) as session:
        jobs.request_stop(session, job_id)
    runner.join(timeout=20)
    assert ended == ["failed"]
    assert gone(int(pidfile.read_text()))
    assert job(world, job_id).message == (
        "the solver did not stop within 1 s of the stop request, so it was ended without a plan"
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_job_ended_elsewhere_meanwhile_is_left_as_it_is(
    world: sa.Engine, database_url: str, pidfile: Path
) -> None:
    job_id = claimed(world, time_limit=30)
    ended: list[str] = []
    runner = threading.Thread(
        target=lambda: ended.append(run_job(database_url, job_id, limits=QUICK, target=slow_child))
    )
    runner.start()
    wait_for(pidfile.exists)
    with db.session_scope(world) as session:
        assert jobs.recover_stale(session, dt.timedelta(seconds=-1)) == [job_id]
    runner.join(timeout=20)
    assert ended == ["failed"] and gone(int(pidfile.read_text()))
    assert job(world, job_id).message.startswith("the worker stopped")


# The worker loop ----------------------------------------------------------------------------


def test_the_worker_recovers_stale_jobs_then_runs_the_queue(
    world: sa.Engine, database_url: str
) -> None:
    stale = claimed(world, "2026-W50")
    with db.session_scope(world) as session:
        session.execute(
            sa.update(m.SolveJob)
            .where(m.SolveJob.id == stale)
            .values(heartbeat_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
        )
    waiting = queued(world, WEEK, time_limit=1)
    assert run_worker(database_url, once=True, name="test-worker") == 1
    assert job(world, stale).status == "failed"
    row = job(world, waiting)
    assert (row.status, row.worker, row.plan_version) == ("done", "test-worker", 1)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_run_whose_worker_shuts_down_fails_at_once(
    world: sa.Engine, database_url: str, pidfile: Path
) -> None:
    job_id = claimed(world, time_limit=30)
    shutdown = threading.Event()
    ended: list[str] = []
    runner = threading.Thread(
        target=lambda: ended.append(run_job(database_url, job_id, shutdown, QUICK, slow_child))
    )
    runner.start()
    wait_for(pidfile.exists)
    shutdown.set()
    runner.join(timeout=20)
    assert ended == ["failed"] and gone(int(pidfile.read_text()))
    assert job(world, job_id).message == "the worker was shut down before the solve finished"


def test_a_worker_told_to_stop_ends_when_idle(engine: sa.Engine, database_url: str) -> None:
    shutdown = threading.Event()
    runner = threading.Thread(target=run_worker, args=(database_url, shutdown, 0.05))
    runner.start()
    time.sleep(0.2)
    shutdown.set()
    runner.join(timeout=5)
    assert not runner.is_alive()


def test_a_solver_error_reaches_the_worker_as_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    import planner.runtime.worker.child

    # In this process, not a child: no orphan watch, and Ctrl+C stays pytest's.
    monkeypatch.setattr(planner.runtime.worker.child, "_end_when_orphaned", lambda: None)
    monkeypatch.setattr(planner.runtime.worker.child.signal, "signal", lambda *_: None)
    receiver, sender = multiprocessing.Pipe(duplex=False)
    planner.runtime.worker.child.solve_in_child(sender, multiprocessing.Event(), None, 1.0)  # type: ignore[arg-type]
    kind, message = receiver.recv()
    assert kind == "error" and message.startswith("the solver failed: AttributeError: ")
    receiver.close()
