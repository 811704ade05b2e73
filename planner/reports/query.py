"""Reading a report's facts from the database: rows in, plain dataclasses out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from planner.formats.codec import instant_in
from planner.reports.facts import History, SessionFact, ShiftFact, StartFact, VisitFact
from planner.reports.period import Period, local_day
from planner.reports.report import Names, Report, build_report
from planner.store import models as m
from planner.store.master import ORGANISATION_ID

CHUNK = 500  # ids per IN (...): well inside every database's limit on bound parameters


def report(session: Session, period: Period) -> Report:
    """The report of a period, from what the database has recorded."""
    return build_report(load_history(session, period), period, load_names(session))


def load_history(session: Session, period: Period) -> History:
    """All recorded sessions and visits, the shifts of the period's held sessions, and the
    participant records."""
    records = list(
        session.scalars(sa.select(m.SessionRecord).options(selectinload(m.SessionRecord.members)))
    )
    sessions = tuple(_session_fact(r) for r in records)
    visits = tuple(
        VisitFact(
            id=v.visit_id,
            person=v.person,
            area=v.area,
            day=local_day(v.start),
            status=v.status,
            minutes=v.minutes,
        )
        for v in session.scalars(sa.select(m.VisitRecord))
    )
    pairs = zip(records, sessions, strict=True)
    held = [r for r, fact in pairs if fact.held and fact.day in period]
    starts = tuple(
        StartFact(person=r.person, started_on=r.started_on, entry=dict(r.entry or {}))
        for r in session.scalars(sa.select(m.ParticipantRecord))
    )
    return History(sessions, visits, tuple(_shifts(session, held)), starts)


def load_names(session: Session) -> Names:
    """The organisation's name and the names of areas, groups and partners."""
    organisation = session.get(m.Organisation, ORGANISATION_ID)
    return Names(
        organisation=organisation.name if organisation else "Kotoplan",
        areas=dict(session.execute(sa.select(m.Area.id, m.Area.name)).all()),
        groups=dict(session.execute(sa.select(m.Group.id, m.Group.name)).all()),
        partners=dict(session.execute(sa.select(m.Partner.id, m.Partner.name)).all()),
    )


def _session_fact(row: m.SessionRecord) -> SessionFact:
    return SessionFact(
        id=row.session_id,
        group=row.group_id,
        area=row.area,
        day=local_day(row.start),
        minutes=_minutes(row.start, row.end),
        status=row.status,
        marks={a.person: a.status for a in row.members},
    )


def _shifts(session: Session, held: list[m.SessionRecord]) -> Iterator[ShiftFact]:
    """The carers' shifts of held sessions: as published in the session's plan version, and
    as the partner confirmed them (a confirmation without a published shift counts too)."""
    confirmed: dict[str, m.CarerHours] = {}
    for ids in _chunks([r.session_id for r in held]):
        for row in session.scalars(sa.select(m.CarerHours).where(m.CarerHours.session_id.in_(ids))):
            confirmed[row.shift_id] = row
    published = _published_shifts(session, held)
    for record in held:
        came = set(record.carers or [])
        seen = set()
        for shift in published.get(record.session_id, []):
            hours = confirmed.get(shift["id"])
            seen.add(shift["id"])
            yield ShiftFact(
                id=shift["id"],
                session=record.session_id,
                partner=hours.partner_id if hours else shift["partner"],
                published=_minutes(instant_in(shift["start"]), instant_in(shift["end"])),
                confirmed=(hours.minutes if hours.given else 0) if hours else None,
                came=shift["carer"] in came,
            )
        for hours in confirmed.values():
            if hours.session_id == record.session_id and hours.shift_id not in seen:
                yield ShiftFact(
                    id=hours.shift_id,
                    session=record.session_id,
                    partner=hours.partner_id,
                    published=None,
                    confirmed=hours.minutes if hours.given else 0,
                    came=hours.carer_id in came,
                )


def _published_shifts(
    session: Session, held: list[m.SessionRecord]
) -> dict[str, list[dict[str, Any]]]:
    """Session id -> its shifts in the plan version the session was recorded against."""
    wanted: dict[tuple[str, int], set[str]] = {}
    for record in held:
        wanted.setdefault((record.week, record.plan_version), set()).add(record.session_id)
    found: dict[str, list[dict[str, Any]]] = {}
    for (week, version), ids in sorted(wanted.items()):
        document = session.scalar(
            sa.select(m.PlanVersion.document).where(
                m.PlanVersion.week == week, m.PlanVersion.version == version
            )
        )
        for shift in (document or {}).get("shifts", []):
            if shift.get("session") in ids:
                found.setdefault(shift["session"], []).append(shift)
    return found


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    if (start.tzinfo is None) != (end.tzinfo is None):
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return int((end - start).total_seconds() // 60)


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for n in range(0, len(ids), CHUNK):
        yield ids[n : n + CHUNK]
