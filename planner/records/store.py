"""Participant records in the database: read (logged), save, export, erase and retention.

Every read of a record's entry data is logged in `record_reads` (who, when, what); a
save logs an `edit` read and a change in `changes` (field names only, never values); an
export is one `export` read naming how many records it held.

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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.records.entry import (
    ENTRY_FIELDS,
    InvalidRecord,
    RecordInput,
    answered,
    check_record,
    purposes_of,
    purposes_text,
)
from planner.store import models as m
from planner.store.db import StoreError
from planner.store.master import StaleRecord

KIND = "participant_records"
ANONYMOUS_PREFIX = "anon-"
VIEW, EDIT, EXPORT = "view", "edit", "export"
PRESENT, DONE = "present", "done"


class RecordError(StoreError):
    """A record that cannot be read, saved or erased; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class RecordView:
    """A participant's record as shown: the stored row (None if none yet) and the dates."""

    person: str
    name: str
    area: str | None
    row: m.ParticipantRecord | None
    first_attendance: dt.date | None

    @property
    def version(self) -> int:
        return self.row.version if self.row is not None else 0

    @property
    def started_on(self) -> dt.date | None:
        """The given start of participation, else the first attendance."""
        given = self.row.started_on if self.row is not None else None
        return given or self.first_attendance

    @property
    def entry(self) -> dict[str, Any]:
        stored = self.row.entry if self.row is not None else None
        return {name: (stored or {}).get(name) for name in ENTRY_FIELDS}

    @property
    def consent_for(self) -> tuple[str, ...]:
        return purposes_of(self.row.consent_for if self.row is not None else None)


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


def log_read(
    session: Session, actor: str, what: str, person: str | None, detail: Any = None
) -> None:
    """Log one read of special-category data (see `read_record` for the usual road)."""
    session.add(m.RecordRead(actor=actor, what=what, person=person, detail=detail))


def first_attendance(session: Session, persons: Iterable[str]) -> dict[str, dt.date]:
    """Each person's first `present` session or `done` visit (its Helsinki date, by start)."""
    wanted = list(dict.fromkeys(persons))
    if not wanted:
        return {}
    sessions = (
        sa.select(m.MemberAttendance.person, sa.func.min(m.SessionRecord.start))
        .join(m.SessionRecord)
        .where(m.MemberAttendance.person.in_(wanted), m.MemberAttendance.status == PRESENT)
        .group_by(m.MemberAttendance.person)
    )
    visits = (
        sa.select(m.VisitRecord.person, sa.func.min(m.VisitRecord.start))
        .where(m.VisitRecord.person.in_(wanted), m.VisitRecord.status == DONE)
        .group_by(m.VisitRecord.person)
    )
    first: dict[str, dt.datetime] = {}
    for person, start in [*session.execute(sessions), *session.execute(visits)]:
        if start.tzinfo is None:  # SQLite gives the stored UTC time back without its zone
            start = start.replace(tzinfo=dt.UTC)
        if person not in first or start < first[person]:
            first[person] = start
    return {person: _local_date(start, session) for person, start in first.items()}


def _local_date(instant: dt.datetime, session: Session) -> dt.date:
    zone = session.scalar(sa.select(m.Organisation.timezone)) or "Europe/Helsinki"
    return instant.astimezone(ZoneInfo(zone)).date()


def _participant(session: Session, person: str) -> m.Participant:
    found = session.get(m.Participant, person)
    if found is None:
        raise RecordError("person", f"{person} is not a participant of the master data")
    return found


def _view(session: Session, participant: m.Participant) -> RecordView:
    row = session.get(m.ParticipantRecord, participant.id)
    first = first_attendance(session, [participant.id]).get(participant.id)
    return RecordView(participant.id, participant.name, participant.area, row, first)


def record_view(session: Session, person: str) -> RecordView:
    """A participant's record, not logged: for a save, which logs itself as an `edit`.
    Whatever shows the record to someone uses `read_record` or logs with `log_read`."""
    return _view(session, _participant(session, person))


def read_record(session: Session, person: str, *, actor: str) -> RecordView:
    """A participant's record (also when none is stored yet); the read is logged."""
    view = record_view(session, person)
    log_read(session, actor, VIEW, person)
    return view


def save_record(
    session: Session,
    person: str,
    given: RecordInput,
    *,
    actor: str,
    now: dt.datetime,
    expected: int | None = None,
) -> m.ParticipantRecord:
    """Create or update a participant's record, checked whole (`InvalidRecord`).

    `expected` is the version the form was filled in on (0: no record yet); a record
    saved by someone else since raises `StaleRecord`. Consent's `consent_by` and
    `consent_at` are who recorded it and when: kept while the purposes stay the same.
    """
    participant = _participant(session, person)
    row = session.get(m.ParticipantRecord, person)
    current = row.version if row is not None else 0
    if expected is not None and expected != current:
        raise StaleRecord(KIND, person, expected, current)
    if given.started_on is None:  # the end is judged against the first attendance then
        first = first_attendance(session, [person]).get(person)
        entry = check_record(replace(given, started_on=first), now.date())
    else:
        entry = check_record(given, now.date())
    consent_for = purposes_text(given.consent_for)
    values: dict[str, Any] = {
        "area": participant.area,
        "started_on": given.started_on,
        "ended_on": given.ended_on,
        "entry": entry,
        "consent_for": consent_for,
        "retain_until": given.retain_until,
    }
    if row is None:
        row = m.ParticipantRecord(person=person, version=1, anonymous=False)
        before: dict[str, Any] = {}
        session.add(row)
        action = "create"
    else:
        before = {key: getattr(row, key) for key in values}
        action = "update"
    changed = sorted(key for key, value in values.items() if before.get(key) != value)
    if action == "update" and not changed:
        log_read(session, actor, EDIT, person, {"fields": []})
        return row
    if action == "update":
        # Claim the version in the database: of two saves made on the same version, the
        # second matches no row here (PostgreSQL makes it wait for the first) and is stale.
        claim = sa.update(m.ParticipantRecord).where(
            m.ParticipantRecord.person == person, m.ParticipantRecord.version == current
        )
        if session.execute(claim.values(version=current + 1)).rowcount != 1:
            raise StaleRecord(KIND, person, current, None)
        row.version = current + 1
    if consent_for is None:
        row.consent_by, row.consent_at = None, None
    elif before.get("consent_for") != consent_for:
        row.consent_by, row.consent_at = actor, now
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_by, row.updated_at = actor, now
    if "entry" in changed:
        old = before.get("entry") or {}
        fields = sorted(k for k in ENTRY_FIELDS if old.get(k) != entry.get(k))
        changed = [c for c in changed if c != "entry"] + [f"entry.{k}" for k in fields]
    session.add(
        m.Change(actor=actor, action=action, kind=KIND, ref=person, detail={"fields": changed})
    )
    log_read(session, actor, EDIT, person, {"fields": changed})
    try:
        session.flush()
    except sa.exc.IntegrityError:  # another save created the record meanwhile
        raise StaleRecord(KIND, person, 0, None) from None
    return row


def list_records(session: Session) -> list[tuple[m.Participant, m.ParticipantRecord | None]]:
    """Every participant with their record (None: none yet), by name; no read is logged,
    since the list shows consent and retention but no entry data."""
    participants = session.scalars(sa.select(m.Participant)).all()
    rows = {r.person: r for r in session.scalars(sa.select(m.ParticipantRecord))}
    return sorted(
        ((p, rows.get(p.id)) for p in participants),
        key=lambda pair: (pair[0].name.casefold(), pair[0].id),
    )


EXPORT_COLUMNS = (
    "person",
    "name",
    "area",
    "anonymous",
    "started_on",
    "ended_on",
    "consent_for",
    "consent_by",
    "consent_at",
    "retain_until",
    *ENTRY_FIELDS,
)


def export_records(session: Session, *, actor: str) -> list[dict[str, Any]]:
    """Every stored record (anonymous ones too), one row of `EXPORT_COLUMNS` each; the
    export is logged as one read naming how many records it held."""
    records = session.scalars(
        sa.select(m.ParticipantRecord).order_by(m.ParticipantRecord.person)
    ).all()
    names = dict(session.execute(sa.select(m.Participant.id, m.Participant.name)).all())
    first = first_attendance(session, [r.person for r in records])
    rows = []
    for record in records:
        entry = record.entry or {}
        rows.append(
            {
                "person": record.person,
                "name": names.get(record.person, ""),
                "area": record.area,
                "anonymous": record.anonymous,
                "started_on": record.started_on or first.get(record.person),
                "ended_on": record.ended_on,
                "consent_for": record.consent_for,
                "consent_by": record.consent_by,
                "consent_at": record.consent_at,
                "retain_until": record.retain_until,
                **{name: entry.get(name) for name in ENTRY_FIELDS},
            }
        )
    log_read(session, actor, EXPORT, None, {"records": len(rows)})
    return rows


def read_log(session: Session, limit: int = 200) -> list[m.RecordRead]:
    """The latest reads of records, newest first."""
    return list(
        session.scalars(sa.select(m.RecordRead).order_by(m.RecordRead.id.desc()).limit(limit))
    )


# Erasure -------------------------------------------------------------------------------


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


__all__ = [
    "InvalidRecord",
    "RecordError",
    "RecordInput",
    "RecordView",
    "Erasure",
    "apply_retention",
    "due_for_retention",
    "erase_person",
    "export_records",
    "first_attendance",
    "list_records",
    "read_log",
    "log_read",
    "read_record",
    "record_view",
    "save_record",
]
