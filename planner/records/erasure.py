"""Erasure of a participant, on request or by retention.

**Erasure** (on request, or by retention once `retain_until` has passed) makes a
participant anonymous everywhere at once, with one random key (`anon-...`) for all of
their rows, so that every distinct count over `person` stays what it was:

- `member_attendance.person`, `visit_records.person`, `record_reads.person`, the visits
  of every stored plan version (`participant`), and the ids in the change log (`ref` and
  `detail`) get the key in place of the participant's id;
- the participant record keeps only what the counts need and becomes `anonymous`: its
  area, start and end of participation (the start fixed to the first attendance if none
  was given) and the entry-data categories; consent, retention date and everything else
  is cleared. A participant erased without a record, but with attendance, gets such an
  anonymous record (area and dates), so the reports' participants stay the same;
- the participant's master data is deleted: the participant and their children, their
  group memberships (the groups' versions go up), their guidance needs and any locked
  visit of those needs (a lock naming a need that no longer exists would break planning).

Nothing left names the person or holds their id; their name and address were only in
master data. The key is not derived from the id, so it cannot be turned back. The caller
owns the transaction: an erasure that fails part-way leaves nothing once rolled back.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.records.entry import answered
from planner.records.store import KIND, RecordError, first_attendance
from planner.store import models as m

ANONYMOUS_PREFIX = "anon-"


@dataclass
class Erasure:
    """What one erasure did: the key given in place of the id and the rows it touched."""

    person: str
    key: str
    rows: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, n: int) -> None:
        if n:
            self.rows[table] = self.rows.get(table, 0) + n

    def lines(self) -> list[str]:
        return [f"{table}: {n}" for table, n in sorted(self.rows.items())]


def new_key() -> str:
    """An anonymous key: random, so that it says nothing about whom it stands for."""
    return ANONYMOUS_PREFIX + secrets.token_hex(8)


def _swapped(value: Any, old: str, new: str) -> Any:
    """A JSON value with every string (and key) equal to `old` replaced by `new`."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [_swapped(item, old, new) for item in value]
    if isinstance(value, dict):
        return {(new if k == old else k): _swapped(v, old, new) for k, v in value.items()}
    return value


def _known(session: Session, person: str) -> bool:
    if person.startswith(ANONYMOUS_PREFIX):
        return False
    checks = (
        sa.select(m.Participant.id).where(m.Participant.id == person),
        sa.select(m.ParticipantRecord.person).where(m.ParticipantRecord.person == person),
        sa.select(m.MemberAttendance.person).where(m.MemberAttendance.person == person),
        sa.select(m.VisitRecord.person).where(m.VisitRecord.person == person),
    )
    return any(session.execute(check.limit(1)).first() for check in checks)


def erase_person(session: Session, person: str, *, actor: str, now: dt.datetime) -> Erasure:
    """Erase a participant as the module says; refused if there is nothing by that id."""
    if not _known(session, person):
        raise RecordError(
            "person",
            f"there is no participant {person} and no record or attendance by that id: "
            "nothing to erase (an erased participant is not found by their old id)",
        )
    done = Erasure(person, new_key())
    key = done.key
    participant = session.get(m.Participant, person)
    area = participant.area if participant is not None else None
    first = first_attendance(session, [person]).get(person)
    swaps = (
        (m.MemberAttendance, m.MemberAttendance.person),
        (m.VisitRecord, m.VisitRecord.person),
        (m.RecordRead, m.RecordRead.person),
    )
    for model, column in swaps:
        result = session.execute(sa.update(model).where(column == person).values(person=key))
        done.count(model.__tablename__, result.rowcount)
    _anonymous_record(session, done, area, first, actor, now)
    _swap_in_documents(session, done)
    _delete_master_data(session, done)
    session.add(m.Change(actor=actor, action="erase", kind="participants", ref=key))
    session.flush()
    return done


def _anonymous_record(
    session: Session,
    done: Erasure,
    area: str | None,
    first: dt.date | None,
    actor: str,
    now: dt.datetime,
) -> None:
    row = session.get(m.ParticipantRecord, done.person)
    had_attendance = (
        first is not None or done.rows.get("visit_records") or done.rows.get("member_attendance")
    )
    if row is None and not had_attendance:
        return
    kept = {
        "area": (row.area if row is not None and row.area else area),
        "started_on": (row.started_on if row is not None and row.started_on else first),
        "ended_on": row.ended_on if row is not None else None,
        "entry": answered(row.entry if row is not None else None),
        "version": (row.version + 1) if row is not None else 1,
    }
    if row is not None:
        session.delete(row)
        session.flush()
    session.add(
        m.ParticipantRecord(
            person=done.key,
            anonymous=True,
            consent_by=None,
            consent_at=None,
            consent_for=None,
            retain_until=None,
            updated_by=actor,
            updated_at=now,
            **kept,
        )
    )
    done.count(KIND, 1)


def _swap_in_documents(session: Session, done: Erasure) -> None:
    """The id in the plans' visits and in the change log, by the key."""
    old, key = done.person, done.key
    for plan in session.scalars(sa.select(m.PlanVersion)):
        visits = (plan.document or {}).get("visits") or []
        if any(visit.get("participant") == old for visit in visits):
            plan.document = _swapped(plan.document, old, key)
            done.count("plan_versions", 1)
    like = f"%{old}%"
    changes = session.scalars(
        sa.select(m.Change).where(
            sa.or_(m.Change.ref == old, sa.cast(m.Change.detail, sa.Text).like(like))
        )
    )
    for change in changes:
        detail = _swapped(change.detail, old, key)
        if change.ref != old and detail == change.detail:
            continue  # the id only appeared inside a longer one
        change.ref = key if change.ref == old else change.ref
        change.detail = detail
        done.count("changes", 1)


def _delete_master_data(session: Session, done: Erasure) -> None:
    person = done.person
    needs = list(
        session.scalars(sa.select(m.GuidanceNeed.id).where(m.GuidanceNeed.participant_id == person))
    )
    for lock in session.scalars(sa.select(m.PlanLock)):
        item = lock.item or {}
        if item.get("participant") == person or (needs and item.get("need") in needs):
            session.delete(lock)
            done.count("plan_locks", 1)
    groups = session.scalars(
        sa.select(m.Group)
        .join(m.GroupMember, m.GroupMember.group_id == m.Group.id)
        .where(m.GroupMember.participant_id == person)
    ).all()
    for group in groups:
        group.version += 1
    session.flush()
    result = session.execute(sa.delete(m.GroupMember).where(m.GroupMember.participant_id == person))
    done.count("group_members", result.rowcount)
    result = session.execute(
        sa.delete(m.GuidanceNeed).where(m.GuidanceNeed.participant_id == person)
    )
    done.count("guidance_needs", result.rowcount)
    result = session.execute(sa.delete(m.Child).where(m.Child.participant_id == person))
    done.count("children", result.rowcount)
    result = session.execute(sa.delete(m.Participant).where(m.Participant.id == person))
    done.count("participants", result.rowcount)
    session.expire_all()


def due_for_retention(session: Session, today: dt.date) -> list[m.ParticipantRecord]:
    """The records kept past their retention date (`retain_until` before `today`)."""
    return list(
        session.scalars(
            sa.select(m.ParticipantRecord)
            .where(
                m.ParticipantRecord.anonymous.is_(False),
                m.ParticipantRecord.retain_until.is_not(None),
                m.ParticipantRecord.retain_until < today,
            )
            .order_by(m.ParticipantRecord.retain_until, m.ParticipantRecord.person)
        )
    )


def apply_retention(
    session: Session, today: dt.date, *, actor: str, now: dt.datetime
) -> list[tuple[dt.date, Erasure]]:
    """Erase every participant whose record is past its retention date; what was done."""
    due = [(row.person, row.retain_until) for row in due_for_retention(session, today)]
    done: list[tuple[dt.date, Erasure]] = []
    for person, until in due:
        assert until is not None  # due_for_retention picks only records with a date
        done.append((until, erase_person(session, person, actor=actor, now=now)))
    return done
