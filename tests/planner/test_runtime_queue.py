"""The one claim-lease-retry protocol, on both backends: exclusive claims, leases that run
out, waits that double and stop, and states the database itself refuses."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from planner.runtime import jobs, queue
from planner.runtime.outbox import LEASE, MAX_ATTEMPTS, OUTBOX
from planner.runtime.states import JobStatus, NoticeStatus
from planner.store import db
from planner.store import models as m

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
SECOND = dt.timedelta(seconds=1)


def notices(engine: sa.Engine, count: int, status: str = NoticeStatus.PENDING) -> list[int]:
    """`count` notices of one version to different people, never tried yet."""
    with db.session_scope(engine) as session:
        rows = [
            m.Notice(week="2026-W50", version=1, recipient_kind="staff", recipient_id=f"s{n}",
                     email=f"s{n}@example.org", subject="s", body="b", status=status, attempts=0)
            for n in range(count)
        ]  # fmt: skip
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def notice(engine: sa.Engine, notice_id: int) -> m.Notice:
    with db.session_scope(engine) as session:
        found = session.get(m.Notice, notice_id)
        assert found is not None
        session.expunge(found)
        return found


def claim_next(engine: sa.Engine, now: dt.datetime) -> int | None:
    with db.session_scope(engine) as session:
        return queue.claim_next(session, OUTBOX, now, LEASE)


def keep(engine: sa.Engine, notice_id: int, attempt: int, **values: object) -> bool:
    with db.session_scope(engine) as session:
        return queue.keep(session, OUTBOX, notice_id, attempt, **values)


# Claims --------------------------------------------------------------------------------------


@pytest.mark.parametrize("batch", [1, 3], ids=["one-at-a-time", "in-batches"])
def test_racing_workers_never_claim_the_same_row(engine: sa.Engine, batch: int) -> None:
    ids = notices(engine, 24)
    start = threading.Barrier(4, timeout=30)
    taken: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        mine = taken.setdefault(name, [])
        try:
            start.wait()
            while True:
                with db.session_scope(engine) as session:
                    held, _more = queue.claim_due(session, OUTBOX, NOW, LEASE, batch)
                if not held:
                    with db.session_scope(engine) as session:  # lost races, or none left?
                        if not queue.due_rows(session, OUTBOX, NOW, 1):
                            return
                mine.extend(held)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    workers = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert errors == []
    claims = sorted(i for mine in taken.values() for i in mine)
    assert claims == sorted(ids)  # each once: nobody took a row another worker held
    assert {notice(engine, i).attempts for i in ids} == {1}


def test_a_claimed_job_moves_to_its_held_state_and_is_not_claimed_again(
    engine: sa.Engine,
) -> None:
    with db.session_scope(engine) as session:
        job_id = jobs.enqueue(session, "2026-W50", 5, "kaisa").id
    with db.session_scope(engine) as session:
        assert queue.claim_next(session, jobs.JOBS, NOW, status=JobStatus.RUNNING) == job_id
        assert queue.claim_next(session, jobs.JOBS, NOW, status=JobStatus.RUNNING) is None
    with db.session_scope(engine) as session:
        job = session.get(m.SolveJob, job_id)
        assert job is not None and job.status is JobStatus.RUNNING  # read back as the enum


def test_a_claim_seen_with_old_attempts_loses(engine: sa.Engine) -> None:
    (notice_id,) = notices(engine, 1)
    with db.session_scope(engine) as session:
        assert queue.claim(session, OUTBOX, notice_id, NOW, LEASE, seen=0) == 1
    later = NOW + LEASE  # due again, but another worker's view of 0 attempts is out of date
    with db.session_scope(engine) as session:
        assert queue.claim(session, OUTBOX, notice_id, later, LEASE, seen=0) is None
        assert queue.claim(session, OUTBOX, notice_id, later, LEASE, seen=1) == 2


# Leases --------------------------------------------------------------------------------------


def test_an_expired_lease_is_taken_again_and_fences_the_old_holder(engine: sa.Engine) -> None:
    (notice_id,) = notices(engine, 1)
    assert claim_next(engine, NOW) == notice_id  # attempt 1: its worker then dies
    assert claim_next(engine, NOW + LEASE - SECOND) is None  # the lease still holds
    assert claim_next(engine, NOW + LEASE) == notice_id  # attempt 2, by another worker
    assert notice(engine, notice_id).attempts == 2
    # The first holder wakes up: its write is refused, the second holder's goes through.
    assert not keep(engine, notice_id, 1, status=NoticeStatus.SENT)
    assert notice(engine, notice_id).status is NoticeStatus.PENDING
    assert keep(engine, notice_id, 2, status=NoticeStatus.SENT)
    assert notice(engine, notice_id).status is NoticeStatus.SENT


def test_a_silent_holder_s_job_ends_as_failed_and_a_waiting_one_is_left(
    engine: sa.Engine,
) -> None:
    with db.session_scope(engine) as session:
        held = jobs.enqueue(session, "2026-W50", 5, "kaisa").id
        waiting = jobs.enqueue(session, "2026-W51", 5, "kaisa").id
    with db.session_scope(engine) as session:
        assert jobs.claim_next(session, "w1").id == held  # type: ignore[union-attr]
    long_ago = m.SolveJob.created_at < jobs.utcnow() + MINUTE  # both rows are "silent"
    with db.session_scope(engine) as session:
        assert queue.expire(session, jobs.JOBS, long_ago, message="gone") == [held]
    with db.session_scope(engine) as session:
        states = dict(session.execute(sa.select(m.SolveJob.id, m.SolveJob.status)).all())
    assert states == {held: JobStatus.FAILED, waiting: JobStatus.QUEUED}


# Retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(0, 1), (1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (12, 60)],
    ids=lambda value: str(value),
)
def test_the_wait_doubles_from_a_minute_up_to_an_hour(attempts: int, minutes: int) -> None:
    assert OUTBOX.retry.wait(attempts) == minutes * MINUTE


def test_retries_back_off_and_stop_at_the_limit(engine: sa.Engine) -> None:
    (notice_id,) = notices(engine, 1)
    now, waits = NOW, []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert claim_next(engine, now) == notice_id
        with db.session_scope(engine) as session:
            left = queue.retry(session, OUTBOX, notice_id, attempt, now, last_error="refused")
        row = notice(engine, notice_id)
        last = attempt == MAX_ATTEMPTS
        assert left == row.status == (NoticeStatus.FAILED if last else NoticeStatus.PENDING)
        assert row.attempts == attempt
        if left == NoticeStatus.FAILED:
            break
        due = row.next_attempt_at.replace(tzinfo=dt.UTC)  # type: ignore[union-attr]
        waits.append((due - now) // MINUTE)
        assert claim_next(engine, due - SECOND) is None  # not before its wait is over
        now = due
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    assert (row.status, row.attempts, row.next_attempt_at) == (NoticeStatus.FAILED, 12, None)
    assert claim_next(engine, now + dt.timedelta(days=30)) is None  # never taken again


def test_giving_up_fails_the_row_at_its_first_attempt(engine: sa.Engine) -> None:
    (notice_id,) = notices(engine, 1)
    assert claim_next(engine, NOW) == notice_id
    with db.session_scope(engine) as session:
        assert queue.retry(session, OUTBOX, notice_id, 1, NOW, give_up=True) == OUTBOX.failed
    assert notice(engine, notice_id).status is NoticeStatus.FAILED


# States the database refuses -----------------------------------------------------------------


def test_every_state_of_the_enums_is_accepted(engine: sa.Engine) -> None:
    notices(engine, 1)
    with engine.begin() as connection:
        for n, state in enumerate(JobStatus):
            connection.execute(sa.insert(m.SolveJob.__table__).values(
                week=f"2026-W{n + 10}", status=state, time_limit=5.0, requested_by="x",
                stop_requested=False))  # fmt: skip
        for state in NoticeStatus:
            connection.execute(sa.update(m.Notice.__table__).values(status=state))


@pytest.mark.parametrize("table", ["solve_jobs", "notices"])
def test_a_state_outside_the_enum_is_refused_by_the_database(engine: sa.Engine, table: str) -> None:
    with db.session_scope(engine) as session:
        jobs.enqueue(session, "2026-W50", 5, "kaisa")
    notices(engine, 1)
    with pytest.raises(sa.exc.IntegrityError, match="status"):
        with engine.begin() as connection:
            connection.execute(sa.text(f"UPDATE {table} SET status = 'paused'"))


def test_a_new_job_in_an_unknown_state_is_refused(engine: sa.Engine) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        with db.session_scope(engine) as session:
            session.add(m.SolveJob(week="2026-W50", status="Queued", time_limit=5.0,
                                   requested_by="x", stop_requested=False))  # fmt: skip
