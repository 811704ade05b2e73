"""Recording what happened: a session held or cancelled and who came, a visit's outcome,
a partner's confirmed carer hours.

Each function records one item of a published plan that has started, changes only what
it is given, and logs every change (who, when, old and new) in `changes` like master
data. Recording the same thing twice changes nothing and logs nothing, so an import can
be run again. The caller opens and commits the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.attendance.items import (
    SESSION,
    VISIT,
    AttendanceError,
    PublishedItem,
    published_item,
    require_started,
    shifts_of,
)
from planner.store import models as m
from planner.store.db import StaleRecord

HELD, CANCELLED = "held", "cancelled"
SESSION_STATUSES = (HELD, CANCELLED)
PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"
MEMBER_STATUSES = (PRESENT, ABSENT, EXCUSED)
DONE, VISIT_CANCELLED, NO_SHOW = "done", "cancelled", "no_show"
VISIT_STATUSES = (DONE, VISIT_CANCELLED, NO_SHOW)
CANCELLED_BY = ("participant", "staff", "other")
KIND = "attendance"


@dataclass(frozen=True)
class Recorded:
    """A record as it is now, and whether this call changed it."""

    row: Any
    changed: bool


def item_for(session: Session, item_id: str, kind: str, now: dt.datetime) -> PublishedItem:
    """The published, started session or visit `item_id`; refused otherwise, saying why."""
    item = published_item(session, item_id)
    if item.kind != kind:
        raise AttendanceError("item", f"{item_id} is a {item.kind}, not a {kind}")
    require_started(item, now)
    return item


def group_members(session: Session, group_id: str) -> list[str]:
    """The participant ids of a group's members, in the group's order."""
    return list(
        session.scalars(
            sa.select(m.GroupMember.participant_id)
            .where(m.GroupMember.group_id == group_id)
            .order_by(m.GroupMember.position)
        )
    )


def record_session(
    session: Session,
    session_id: str,
    *,
    actor: str,
    now: dt.datetime,
    status: str | None = None,
    reason: str | None = None,
    members: Mapping[str, str] | None = None,
    children: int | None = None,
    facilitators: list[str] | None = None,
    carers: list[str] | None = None,
    expected_version: int | None = None,
) -> Recorded:
    """Record a session: held or cancelled, members' attendance, children, who came.

    Everything is checked before anything is changed, so a refused call leaves no trace.
    """
    item = item_for(session, session_id, SESSION, now)
    row = session.get(m.SessionRecord, session_id)
    _check_version(row, "session record", session_id, expected_version)
    before = _session_state(row)
    if status is not None and status not in SESSION_STATUSES:
        raise AttendanceError("status", f"{status!r} is not one of {', '.join(SESSION_STATUSES)}")
    new_status = status or (row.status if row is not None else HELD)
    new_reason = (reason.strip() or None) if reason is not None else (row and row.cancel_reason)
    if new_status == CANCELLED:
        if not new_reason:
            raise AttendanceError("reason", "a cancelled session needs a reason")
        if members:
            raise AttendanceError("members", "a cancelled session has no attendance")
    if children is not None and not 0 <= children <= 200:
        raise AttendanceError("children", f"{children} is not a number of children (0-200)")
    if facilitators is not None:
        facilitators = _known(session, m.StaffMember, facilitators, "facilitators")
    if carers is not None:
        carers = _known(session, m.Carer, carers, "carers")
    if members:
        _check_members(session, row, item, members)
    if row is None:
        row = _new_session_record(item, actor)
        session.add(row)
    row.status = new_status
    row.cancel_reason = new_reason if new_status == CANCELLED else None
    if new_status == CANCELLED:
        row.members = []
    if children is not None:
        row.children = children
    if facilitators is not None:
        row.facilitators = facilitators
    if carers is not None:
        row.carers = carers
    if members:
        current = {a.person: a for a in row.members}
        for person, member_status in members.items():
            if person in current:
                current[person].status = member_status
            else:
                row.members.append(m.MemberAttendance(person=person, status=member_status))
    return _finish(session, row, before, _session_state(row), session_id, actor, now)


def mark_member(
    session: Session, session_id: str, person: str, status: str, *, actor: str, now: dt.datetime
) -> Recorded:
    """One tap on the facilitator's list: a member present, absent or excused."""
    return record_session(session, session_id, actor=actor, now=now, members={person: status})


def record_visit(
    session: Session,
    visit_id: str,
    *,
    actor: str,
    now: dt.datetime,
    status: str,
    cancelled_by: str | None = None,
    minutes: int | None = None,
    interpreter: str | None | type[Ellipsis] = ...,
    expected_version: int | None = None,
) -> Recorded:
    """Record a visit: done (its real length, interpreter used), cancelled by whom, no-show.

    A done visit lasts as planned unless `minutes` says otherwise, and had its planned
    interpreter unless `interpreter` says otherwise (None: none was used).
    """
    item = item_for(session, visit_id, VISIT, now)
    row = session.get(m.VisitRecord, visit_id)
    _check_version(row, "visit record", visit_id, expected_version)
    before = _visit_state(row)
    if status not in VISIT_STATUSES:
        raise AttendanceError("status", f"{status!r} is not one of {', '.join(VISIT_STATUSES)}")
    if status == VISIT_CANCELLED:
        if cancelled_by not in CANCELLED_BY:
            raise AttendanceError(
                "cancelled_by", f"say who cancelled: one of {', '.join(CANCELLED_BY)}"
            )
    elif cancelled_by is not None:
        raise AttendanceError("cancelled_by", f"only a cancelled visit has it, not a {status} one")
    if minutes is not None and not 1 <= minutes <= 24 * 60:
        raise AttendanceError("minutes", f"{minutes} is not a visit's length in minutes (1-1440)")
    if interpreter is ...:
        interpreter = row.interpreter if row is not None else item.doc.get("interpreter")
    if interpreter is not None and status == DONE:
        _known(session, m.Interpreter, [interpreter], "interpreter")  # type: ignore[list-item]
    if row is None:
        row = m.VisitRecord(
            visit_id=visit_id,
            week=item.week,
            plan_version=item.version,
            need_id=item.doc["need"],
            person=item.doc["participant"],
            staff_id=item.doc["staff"],
            area=item.area,
            start=item.start,
            end=item.end,
            recorded_by=actor,
        )
        session.add(row)
    row.status = status
    row.cancelled_by = cancelled_by
    if status == DONE:
        row.minutes = minutes if minutes is not None else (row.minutes or item.minutes)
        row.interpreter = interpreter
    else:
        row.minutes = None
        row.interpreter = None
    return _finish(session, row, before, _visit_state(row), visit_id, actor, now)


def confirm_hours(
    session: Session,
    shift_id: str,
    *,
    partner_id: str,
    actor: str,
    now: dt.datetime,
    given: bool = True,
    minutes: int | None = None,
) -> Recorded:
    """A partner confirms that its carer gave a shift (its length, buffers in) or did not."""
    session_id, _, carer_id = shift_id.rpartition("/")
    item = item_for(session, session_id, SESSION, now)
    shift = next((s for s in shifts_of(session, item) if s["id"] == shift_id), None)
    if shift is None:
        raise AttendanceError("shift", f"{shift_id} is not a shift of the published plan")
    if shift["partner"] != partner_id:
        raise AttendanceError("shift", f"{shift_id} is not a shift of {partner_id}")
    start, end = dt.datetime.fromisoformat(shift["start"]), dt.datetime.fromisoformat(shift["end"])
    length = int((end - start).total_seconds() // 60)
    if minutes is not None and not 0 <= minutes <= 24 * 60:
        raise AttendanceError("minutes", f"{minutes} is not a shift's length in minutes")
    row = session.get(m.CarerHours, shift_id)
    before = _hours_state(row)
    if row is None:
        row = m.CarerHours(
            shift_id=shift_id,
            session_id=session_id,
            week=item.week,
            carer_id=carer_id,
            partner_id=partner_id,
            start=start,
            end=end,
            confirmed_by=actor,
        )
        session.add(row)
    row.given = given
    row.minutes = (minutes if minutes is not None else length) if given else 0
    after = _hours_state(row)
    if after != before:
        row.confirmed_by, row.confirmed_at = actor, now
    return _finish(session, row, before, after, shift_id, actor, now, versioned=False)


def _new_session_record(item: PublishedItem, actor: str) -> m.SessionRecord:
    """A held session, with the planned facilitators and carers until told otherwise."""
    return m.SessionRecord(
        session_id=item.id,
        week=item.week,
        plan_version=item.version,
        group_id=item.doc["group"],
        venue_id=item.doc["venue"],
        area=item.area,
        start=item.start,
        end=item.end,
        status=HELD,
        facilitators=list(item.doc.get("facilitators", [])),
        carers=list(item.doc.get("carers", [])),
        recorded_by=actor,
        members=[],
    )


def _check_members(
    session: Session, row: m.SessionRecord | None, item: PublishedItem, members: Mapping[str, str]
) -> None:
    """Members are the group's (or already recorded), each with a member's status."""
    allowed = set(group_members(session, item.doc["group"]))
    if row is not None:
        allowed |= {a.person for a in row.members}
    for person, status in members.items():
        if person not in allowed:
            raise AttendanceError("person", f"{person} is not a member of {item.doc['group']}")
        if status not in MEMBER_STATUSES:
            raise AttendanceError(
                "status", f"{status!r} is not one of {', '.join(MEMBER_STATUSES)}"
            )


def _known(session: Session, model: type[m.Base], ids: list[str], field: str) -> list[str]:
    ids = list(dict.fromkeys(ids))
    found = set(session.scalars(sa.select(model.id).where(model.id.in_(ids))))  # type: ignore[attr-defined]
    missing = [i for i in ids if i not in found]
    if missing:
        raise AttendanceError(field, f"unknown {', '.join(missing)}")
    return ids


def _check_version(row: Any, kind: str, ref: str, expected: int | None) -> None:
    if expected is None:
        return
    current = row.version if row is not None else 0
    if current != expected:
        raise StaleRecord(kind, ref, expected, current)


def _session_state(row: m.SessionRecord | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "status": row.status,
        "reason": row.cancel_reason,
        "children": row.children,
        "facilitators": list(row.facilitators or []),
        "carers": list(row.carers or []),
        "members": {a.person: a.status for a in row.members},
    }


def _visit_state(row: m.VisitRecord | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "status": row.status,
        "cancelled_by": row.cancelled_by,
        "minutes": row.minutes,
        "interpreter": row.interpreter,
    }


def _hours_state(row: m.CarerHours | None) -> dict[str, Any] | None:
    return None if row is None else {"given": row.given, "minutes": row.minutes}


def _finish(
    session: Session,
    row: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    ref: str,
    actor: str,
    now: dt.datetime,
    versioned: bool = True,
) -> Recorded:
    """Log a change (old and new values) and bump the version; nothing when nothing changed."""
    if before is not None and before == after:
        return Recorded(row, changed=False)
    if versioned:
        if before is not None:
            row.version = (row.version or 1) + 1
        row.recorded_by, row.recorded_at = actor, now
    session.add(
        m.Change(
            at=now,
            actor=actor,
            action="create" if before is None else "update",
            kind=KIND,
            ref=ref,
            detail={"before": before, "after": after},
        )
    )
    session.flush()
    return Recorded(row, changed=True)
