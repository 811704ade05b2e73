"""Participant records in the database: read (logged), save, export, erase and retention.

Every read of a record's entry data is logged in `record_reads` (who, when, what); a
save logs an `edit` read and a change in `changes` (field names only, never values); an
export is one `export` read naming how many records it held.

Erasure and retention live in `planner.records.erasure`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.records.entry import (
    ENTRY_FIELDS,
    RecordInput,
    check_record,
    purposes_of,
    purposes_text,
)
from planner.store import models as m
from planner.store.db import StaleRecord, StoreError

KIND = "participant_records"
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


def log_read(
    session: Session, actor: str, what: str, person: str | None, detail: Any = None
) -> None:
    """Log one read of special-category data (see `read_record` for the usual road)."""
    session.add(m.RecordRead(actor=actor, what=what, person=person, detail=detail))


def first_attendance(session: Session, persons: Iterable[str] | None) -> dict[str, dt.date]:
    """Each person's first `present` session or `done` visit (its local date, by start);
    `None`: of everyone who has one."""
    sessions = (
        sa.select(m.MemberAttendance.person, sa.func.min(m.SessionRecord.start))
        .join(m.SessionRecord)
        .where(m.MemberAttendance.status == PRESENT)
        .group_by(m.MemberAttendance.person)
    )
    visits = (
        sa.select(m.VisitRecord.person, sa.func.min(m.VisitRecord.start))
        .where(m.VisitRecord.status == DONE)
        .group_by(m.VisitRecord.person)
    )
    if persons is not None:
        wanted = list(dict.fromkeys(persons))
        if not wanted:
            return {}
        sessions = sessions.where(m.MemberAttendance.person.in_(wanted))
        visits = visits.where(m.VisitRecord.person.in_(wanted))
    zone = ZoneInfo(session.scalar(sa.select(m.Organisation.timezone)) or "Europe/Helsinki")
    first: dict[str, dt.datetime] = {}
    for person, start in [*session.execute(sessions), *session.execute(visits)]:
        if start.tzinfo is None:
            # SQLite keeps the wall clock the record was written with, the plan's local
            # time, and no zone (as planner.reports.period.local_day reads it too).
            start = start.replace(tzinfo=zone)
        if person not in first or start < first[person]:
            first[person] = start
    return {person: start.astimezone(zone).date() for person, start in first.items()}


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
