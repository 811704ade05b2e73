"""Answers to childcare shifts: a partner's or carer's "I'll be there" or "I can't come".

An answer keeps the shift as it was when given (venue, start, end). It counts only while
the published shift is still the same: once a new version moves the shift, the old answer
is history and the shift waits for a new one. The latest answer that counts wins, so a
partner may change their mind. Like the rest of the store, nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.domain import Shift
from planner.store import models as m

CONFIRMED = "confirmed"
DECLINED = "declined"
STATUSES = (CONFIRMED, DECLINED)
REASON_LENGTH = 500


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands stored instants back without their zone; they were written in UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def still_counts(answer: m.ShiftResponse, shift: Shift) -> bool:
    """Whether an answer was given to the shift as it is now (same carer, place and times)."""
    return (
        answer.shift_id == shift.id
        and answer.carer_id == shift.carer
        and answer.venue == shift.venue
        and _utc(answer.start) == _utc(shift.start)
        and _utc(answer.end) == _utc(shift.end)
    )


# Read on every view of a partner's or carer's shifts: built once, bound per call.
_HISTORY = (
    sa.select(m.ShiftResponse)
    .where(m.ShiftResponse.week == sa.bindparam("week"))
    .where(m.ShiftResponse.shift_id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(m.ShiftResponse.responded_at, m.ShiftResponse.id)
)


def history(session: Session, week: str, shift_ids: Iterable[str]) -> list[m.ShiftResponse]:
    """Every answer to these shifts of a week, oldest first."""
    ids = list(shift_ids)
    if not ids:
        return []
    return list(session.scalars(_HISTORY, {"week": week, "ids": ids}))


def standing(
    session: Session, week: str, shifts: Iterable[Shift]
) -> tuple[dict[str, m.ShiftResponse], set[str]]:
    """`current_answers` and `outdated` at once, from one read of the answers."""
    by_id = {shift.id: shift for shift in shifts}
    found: dict[str, m.ShiftResponse] = {}
    answered: set[str] = set()
    for answer in history(session, week, by_id):
        answered.add(answer.shift_id)
        if still_counts(answer, by_id[answer.shift_id]):
            found[answer.shift_id] = answer  # oldest first: the latest one stays
    return found, answered - set(found)


def current_answers(
    session: Session, week: str, shifts: Iterable[Shift]
) -> dict[str, m.ShiftResponse]:
    """The answer that counts for each shift that has one, by shift id."""
    return standing(session, week, shifts)[0]


def outdated(session: Session, week: str, shifts: Iterable[Shift]) -> set[str]:
    """The shifts answered only before they changed: their answers no longer count."""
    return standing(session, week, shifts)[1]


def record_answer(
    session: Session,
    week: str,
    shift: Shift,
    status: str,
    responded_by: str,
    reason: str | None = None,
    link_id: str | None = None,
) -> m.ShiftResponse:
    """Store an answer to a shift as it is now; a decline needs its reason."""
    if status not in STATUSES:
        raise ValueError(f"status: must be one of {', '.join(STATUSES)}")
    reason = (reason or "").strip()[:REASON_LENGTH] or None
    if status == DECLINED and reason is None and link_id is None:
        raise ValueError("a decline needs its reason")
    answer = m.ShiftResponse(
        week=week,
        shift_id=shift.id,
        carer_id=shift.carer,
        partner_id=shift.partner,
        venue=shift.venue,
        # In UTC: SQLite keeps a timestamp's wall clock and drops its offset.
        start=shift.start.astimezone(dt.UTC),
        end=shift.end.astimezone(dt.UTC),
        status=status,
        reason=reason if status == DECLINED else None,
        responded_by=responded_by,
        responded_at=dt.datetime.now(dt.UTC),
        link_id=link_id,
    )
    session.add(answer)
    session.flush()
    return answer


def by_link(session: Session, link_id: str) -> m.ShiftResponse | None:
    """The answer a one-click link gave, if it has been used."""
    return session.scalar(sa.select(m.ShiftResponse).where(m.ShiftResponse.link_id == link_id))
