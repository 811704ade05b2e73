"""The ESF indicator table: participants who started in a period, by entry-data category.

A participant starts on her record's `started_on`, else on her first `present` session or
`done` visit. Anonymous records (erased participants) count like any other, under their
key, so erasure leaves the table as it was. A participant without a record, or without
answers, counts in `participants` and in no category. No read is logged here: the table
holds counts only, never a person's answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.records.entry import indicator_counts
from planner.records.store import first_attendance
from planner.store import models as m


def _first_areas(session: Session) -> dict[str, str]:
    """Each person's area as her first attendance gives it, for those without a record."""
    rows = [
        *session.execute(
            sa.select(m.MemberAttendance.person, m.SessionRecord.area, m.SessionRecord.start)
            .join(m.SessionRecord)
            .where(m.MemberAttendance.status == "present")
        ),
        *session.execute(
            sa.select(m.VisitRecord.person, m.VisitRecord.area, m.VisitRecord.start).where(
                m.VisitRecord.status == "done"
            )
        ),
    ]
    areas: dict[str, str] = {}
    for person, area, _start in sorted(rows, key=lambda row: row[2].replace(tzinfo=None)):
        areas.setdefault(person, area)
    return areas


def started_between(
    session: Session, first_day: dt.date, last_day: dt.date
) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(person, area, entry data) of everyone whose participation started in the period."""
    records = {r.person: r for r in session.scalars(sa.select(m.ParticipantRecord))}
    firsts = first_attendance(session, None)
    areas = _first_areas(session)
    started = []
    for person in sorted(set(records) | set(firsts)):
        record = records.get(person)
        start = (record.started_on if record is not None else None) or firsts.get(person)
        if start is None or not first_day <= start <= last_day:
            continue
        area = (record.area if record is not None else None) or areas.get(person)
        started.append((person, area, dict(record.entry or {}) if record is not None else {}))
    return started


def indicator_table(session: Session, first_day: dt.date, last_day: dt.date) -> dict[str, Any]:
    """The counts of `indicator_counts` in total and `by_area` (area id -> the same keys)."""
    started = started_between(session, first_day, last_day)
    by_area: dict[str, list[dict[str, Any]]] = {}
    for _person, area, entry in started:
        by_area.setdefault(area or "", []).append(entry)
    return {
        **indicator_counts(entry for _p, _a, entry in started),
        "by_area": {area: indicator_counts(entries) for area, entries in sorted(by_area.items())},
    }
