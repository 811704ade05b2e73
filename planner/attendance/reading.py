"""Reading what has been recorded: the records of a week's items and their change history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from planner.attendance.record import KIND
from planner.store import models as m
from planner.store.plans import PUBLISHED


def session_records(session: Session, ids: Iterable[str]) -> dict[str, m.SessionRecord]:
    """The session records of these sessions that exist, by session id."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.scalars(
        sa.select(m.SessionRecord)
        .options(selectinload(m.SessionRecord.members))
        .where(m.SessionRecord.session_id.in_(wanted))
    )
    return {row.session_id: row for row in rows}


def visit_records(session: Session, ids: Iterable[str]) -> dict[str, m.VisitRecord]:
    """The visit records of these visits that exist, by visit id."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.scalars(sa.select(m.VisitRecord).where(m.VisitRecord.visit_id.in_(wanted)))
    return {row.visit_id: row for row in rows}


def carer_hours(session: Session, shift_ids: Iterable[str]) -> dict[str, m.CarerHours]:
    """The partners' confirmations of these shifts that exist, by shift id."""
    wanted = list(shift_ids)
    if not wanted:
        return {}
    rows = session.scalars(sa.select(m.CarerHours).where(m.CarerHours.shift_id.in_(wanted)))
    return {row.shift_id: row for row in rows}


def history(session: Session, item_ids: Iterable[str]) -> dict[str, list[m.Change]]:
    """Each item's logged changes, newest first; a shift's confirmations count to its session.

    A shift id is its session's id and the carer's (`<session>/<carer>`), so the history
    of a session holds what its partners confirmed too.
    """
    wanted = list(dict.fromkeys(item_ids))
    found: dict[str, list[m.Change]] = {item: [] for item in wanted}
    if not wanted:
        return found
    weeks = {item.split("/")[1] for item in wanted if item.count("/") >= 2}
    conditions = [m.Change.ref.in_(wanted)]
    conditions += [m.Change.ref.like(f"%/{week}/%/%") for week in weeks]
    rows = session.scalars(
        sa.select(m.Change)
        .where(m.Change.kind == KIND, sa.or_(*conditions))
        .order_by(m.Change.at.desc(), m.Change.id.desc())
    )
    for row in rows:
        owner = row.ref if row.ref in found else row.ref.rpartition("/")[0]
        if owner in found:
            found[owner].append(row)
    return found


def published_weeks(session: Session, until: str, count: int) -> list[str]:
    """The `count` newest weeks up to `until` (included) that have a published plan."""
    rows = session.scalars(
        sa.select(m.PlanVersion.week)
        .where(m.PlanVersion.status == PUBLISHED, m.PlanVersion.week <= until)
        .distinct()
        .order_by(m.PlanVersion.week.desc())
        .limit(count)
    )
    return list(rows)


def changed_fields(change: m.Change) -> list[str]:
    """The names of what a logged attendance change changed (members by person id)."""
    detail: dict[str, Any] = change.detail or {}
    before, after = detail.get("before") or {}, detail.get("after") or {}
    names = []
    for key in after:
        if key == "members":
            old, new = before.get("members") or {}, after.get("members") or {}
            names += [person for person in new if old.get(person) != new[person]]
            names += [person for person in old if person not in new]
        elif before.get(key) != after.get(key):
            names.append(key)
    return names


def aware(value: dt.datetime) -> dt.datetime:
    """A stored instant with its zone: SQLite hands instants back naive, in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
