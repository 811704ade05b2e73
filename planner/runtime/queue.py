"""One claim-lease-retry protocol for every table that workers take rows from.

A row waits in the queue's `waiting` state until it is due. A worker claims it with one
conditional UPDATE from the state it was seen in: when two workers race for a row, exactly
one UPDATE matches and the other worker moves on (on PostgreSQL the rows another worker is
claiming are skipped rather than waited for: `FOR UPDATE SKIP LOCKED`; SQLite has no row
locks, and there the conditional UPDATE alone decides). Every later write of the holder is
conditional too, on the row being still held (and at the attempt it claimed, where the
queue counts attempts), so a holder that was taken over changes nothing.

A claim is a lease. Where the queue has a `due` column the claim moves it a lease ahead:
a holder that dies leaves the row to come due, and be claimed, again. Where it has none
the holder keeps a heartbeat and `expire` ends the rows of a holder gone silent. A failed
attempt waits `Retry.wait` (1, 2, 4 ... minutes, capped) before the next, and after the
last attempt the row is failed. The caller owns the transaction and commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

CLAIM_TRIES = 3  # rows lost to other workers before `claim_next` says nothing is free


@dataclass(frozen=True)
class Retry:
    """How often a row is tried, and how long it waits after each failed attempt."""

    max_attempts: int
    first_wait: dt.timedelta = dt.timedelta(minutes=1)
    longest_wait: dt.timedelta = dt.timedelta(hours=1)

    def wait(self, attempts: int) -> dt.timedelta:
        """The wait after the `attempts`-th failed attempt: doubling from the first, capped."""
        return min(self.first_wait * 2 ** max(attempts - 1, 0), self.longest_wait)

    def exhausted(self, attempts: int) -> bool:
        """Whether the `attempts`-th attempt was the last one allowed."""
        return attempts >= self.max_attempts


@dataclass(frozen=True)
class Queue:
    """Which columns of a table make it a queue, and the states its rows go through."""

    id: InstrumentedAttribute[Any]
    status: InstrumentedAttribute[Any]
    waiting: str  # the state of a row to be claimed
    held: tuple[str, ...]  # the states of a claimed row (may be `waiting` itself)
    failed: str  # the end of a row whose attempts are used up
    retry: Retry
    due: InstrumentedAttribute[Any] | None = None  # a waiting row is taken once this has come
    attempts: InstrumentedAttribute[Any] | None = None  # counts claims; fences each holder

    @property
    def model(self) -> type:
        """The mapped class of the queue's rows."""
        return self.id.class_


def is_due(queue: Queue, now: dt.datetime) -> sa.ColumnElement[bool]:
    """A waiting row whose time has come: its wait, or its last holder's lease, is over."""
    waiting = queue.status == queue.waiting
    if queue.due is None:
        return waiting
    return sa.and_(waiting, sa.or_(queue.due.is_(None), queue.due <= now))


def move(
    session: Session,
    queue: Queue,
    row_id: int,
    states: Iterable[str],
    attempt: int | None = None,
    *where: sa.ColumnElement[bool],
    **values: Any,
) -> bool:
    """Change a row only if it is in one of `states` (at `attempt`, if given); whether it was."""
    conditions = [queue.id == row_id, queue.status.in_(tuple(states)), *where]
    if attempt is not None and queue.attempts is not None:
        conditions.append(queue.attempts == attempt)
    result = session.execute(
        sa.update(queue.model)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def claim(
    session: Session,
    queue: Queue,
    row_id: int,
    now: dt.datetime,
    lease: dt.timedelta | None = None,
    seen: int | None = None,
    **values: Any,
) -> int | None:
    """Take a due row seen with `seen` attempts; the attempt it now is, None if taken first.

    `values` are written with the claim (the held state among them, where it differs from
    the waiting one). A queue without an attempt count answers 1.
    """
    if queue.due is not None and lease is not None:
        values[queue.due.key] = now + lease
    if queue.attempts is not None:
        if seen is None:
            raise ValueError("a queue that counts attempts claims a row as it was seen")
        values[queue.attempts.key] = seen + 1
    if not move(session, queue, row_id, (queue.waiting,), seen, is_due(queue, now), **values):
        return None
    return 1 if seen is None else seen + 1


def due_rows(
    session: Session,
    queue: Queue,
    now: dt.datetime,
    limit: int,
    *where: sa.ColumnElement[bool],
) -> list[tuple[int, int | None]]:
    """Up to `limit` due rows, the longest due first: (id, attempts so far)."""
    attempts = queue.attempts if queue.attempts is not None else sa.null()
    order = [queue.due.nulls_first()] if queue.due is not None else []
    rows = session.execute(
        sa.select(queue.id, attempts)
        .where(is_due(queue, now), *where)
        .order_by(*order, queue.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite renders no FOR UPDATE
    )
    return [(row_id, seen) for row_id, seen in rows]


def claim_due(
    session: Session,
    queue: Queue,
    now: dt.datetime,
    lease: dt.timedelta | None,
    limit: int,
    *where: sa.ColumnElement[bool],
    **values: Any,
) -> tuple[dict[int, int], bool]:
    """Claim up to `limit` due rows: {id: the attempt claimed}, and whether more may be due."""
    rows = due_rows(session, queue, now, limit, *where)
    held = {}
    for row_id, seen in rows:
        attempt = claim(session, queue, row_id, now, lease, seen, **values)
        if attempt is not None:
            held[row_id] = attempt
    return held, len(rows) == limit


def claim_next(
    session: Session,
    queue: Queue,
    now: dt.datetime,
    lease: dt.timedelta | None = None,
    *where: sa.ColumnElement[bool],
    **values: Any,
) -> int | None:
    """Claim the longest due row; its id, or None when none is due (or all were taken first)."""
    for _try in range(CLAIM_TRIES):
        rows = due_rows(session, queue, now, 1, *where)
        if not rows:
            return None
        row_id, seen = rows[0]
        if claim(session, queue, row_id, now, lease, seen, **values) is not None:
            return row_id
    return None


def keep(
    session: Session, queue: Queue, row_id: int, attempt: int | None = None, **values: Any
) -> bool:
    """Write to a row its holder still holds (a heartbeat, its end); False if it was lost."""
    return move(session, queue, row_id, queue.held, attempt, **values)


def retry(
    session: Session,
    queue: Queue,
    row_id: int,
    attempt: int,
    now: dt.datetime,
    give_up: bool = False,
    **values: Any,
) -> str:
    """End a failed attempt: wait and try again, or fail after the last; the state it means.

    `give_up` fails the row at once (the error will not go away by trying again). A row the
    holder has lost meanwhile is left as its new holder has it.
    """
    status = queue.failed if give_up or queue.retry.exhausted(attempt) else queue.waiting
    if queue.due is not None:
        values[queue.due.key] = None if status == queue.failed else now + queue.retry.wait(attempt)
    keep(session, queue, row_id, attempt, status=status, **values)
    return status


def expire(
    session: Session, queue: Queue, silent: sa.ColumnElement[bool], **values: Any
) -> list[int]:
    """Fail the held rows whose holder is `silent` (its heartbeat is too old); their ids.

    For a queue without a lease column: its holder's heartbeat is the lease.
    """
    ended = session.execute(
        sa.update(queue.model)
        .where(queue.status.in_(queue.held), silent)
        .values(status=queue.failed, **values)
        .returning(queue.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(ended.scalars())
