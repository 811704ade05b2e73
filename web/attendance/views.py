"""A session or visit with its record, as its record form shows it.

The form is filled from the record when there is one, else from the plan: the session
held with its planned facilitators and carers and its counted children, the visit done
in its planned length with its planned interpreter. After a refused save the form shows
what the user posted instead, so that nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from planner.attendance.items import SESSION, PublishedItem
from planner.attendance.reading import aware
from planner.attendance.record import HELD, group_members
from planner.store import models as m
from web.attendance.forms import member_names, names


@dataclass
class Member:
    id: str
    name: str
    status: str | None  # present | absent | excused, None: not marked yet


@dataclass
class Person:
    id: str
    name: str
    planned: bool
    came: bool


@dataclass
class SessionView:
    item: PublishedItem
    record: m.SessionRecord | None
    started: bool
    title: str
    venue: str
    status: str
    reason: str
    children: int | None
    planned_children: int
    members: list[Member]
    facilitators: list[Person]
    other_staff: dict[str, str]
    carers: list[Person]
    other_carers: dict[str, str]
    version: int
    error: str | None = None
    conflict: bool = False

    @property
    def anchor(self) -> str:
        return "item-" + "-".join(self.item.id.split("/"))

    @property
    def marked(self) -> int:
        return sum(1 for member in self.members if member.status)

    @property
    def recorded_at(self) -> dt.datetime | None:
        return aware(self.record.recorded_at) if self.record else None


@dataclass
class VisitView:
    item: PublishedItem
    record: m.VisitRecord | None
    started: bool
    title: str
    status: str | None
    cancelled_by: str | None
    minutes: int
    interpreter: str | None
    interpreters: dict[str, str]
    version: int
    error: str | None = None
    conflict: bool = False
    staff: str = ""

    @property
    def anchor(self) -> str:
        return "item-" + "-".join(self.item.id.split("/"))

    @property
    def recorded_at(self) -> dt.datetime | None:
        return aware(self.record.recorded_at) if self.record else None


@dataclass
class Lookups:
    """Names read once a page: groups, venues, staff, carers, interpreters."""

    groups: dict[str, str] = field(default_factory=dict)
    venues: dict[str, str] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)
    carers: dict[str, str] = field(default_factory=dict)
    interpreters: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session) -> Lookups:
        return cls(
            groups=names(session, m.Group),
            venues=names(session, m.Venue),
            staff=names(session, m.StaffMember),
            carers=names(session, m.Carer),
            interpreters=names(session, m.Interpreter),
        )


def _people(
    planned: list[str], came: list[str], every: dict[str, str]
) -> tuple[list[Person], dict[str, str]]:
    shown = list(dict.fromkeys([*planned, *came]))
    people = [Person(p, every.get(p, p), p in planned, p in came) for p in shown]
    others = {key: name for key, name in every.items() if key not in shown}
    return people, others


def session_view(
    session: Session,
    item: PublishedItem,
    record: m.SessionRecord | None,
    moment: dt.datetime,
    lookups: Lookups,
    posted: MultiDict | None = None,
) -> SessionView:
    """The session's form, from its record, else the plan, else what was `posted`."""
    assert item.kind == SESSION
    doc = item.doc
    planned_children = sum((doc.get("children") or {}).values())
    recorded = {a.person: a.status for a in record.members} if record else {}
    people = list(dict.fromkeys([*group_members(session, doc["group"]), *recorded]))
    who = member_names(session, people)
    came_staff = list(record.facilitators or []) if record else list(doc.get("facilitators", []))
    came_carers = list(record.carers or []) if record else list(doc.get("carers", []))
    status = record.status if record else HELD
    reason = (record.cancel_reason or "") if record else ""
    children = record.children if record and record.children is not None else planned_children
    if posted is not None:
        status = posted.get("status", status)
        reason = posted.get("reason", reason)
        text = (posted.get("children") or "").strip()
        children = int(text) if text.isascii() and text.isdigit() and len(text) < 4 else children
        came_staff = [*posted.getlist("facilitators"), posted.get("facilitator_extra", "")]
        came_carers = [*posted.getlist("carers"), posted.get("carer_extra", "")]
        for person in people:
            if posted.get(f"member:{person}"):
                recorded[person] = posted[f"member:{person}"]
    facilitators, other_staff = _people(
        list(doc.get("facilitators", [])), [s for s in came_staff if s], lookups.staff
    )
    carers, other_carers = _people(
        list(doc.get("carers", [])), [c for c in came_carers if c], lookups.carers
    )
    return SessionView(
        item=item,
        record=record,
        started=moment >= item.start,
        title=lookups.groups.get(doc["group"], doc["group"]),
        venue=lookups.venues.get(doc["venue"], doc["venue"]),
        status=status,
        reason=reason,
        children=children,
        planned_children=planned_children,
        members=[Member(p, who.get(p, p), recorded.get(p)) for p in people],
        facilitators=facilitators,
        other_staff=other_staff,
        carers=carers,
        other_carers=other_carers,
        version=record.version if record else 0,
    )


def visit_view(
    item: PublishedItem,
    record: m.VisitRecord | None,
    moment: dt.datetime,
    lookups: Lookups,
    title: str,
    posted: MultiDict | None = None,
) -> VisitView:
    """The visit's form, from its record, else the plan, else what was `posted`."""
    doc = item.doc
    status = record.status if record else None
    cancelled_by = record.cancelled_by if record else None
    minutes = record.minutes if record and record.minutes else item.minutes
    interpreter = (
        record.interpreter if record and record.status == "done" else doc.get("interpreter")
    )
    if posted is not None:
        status = posted.get("status", status)
        cancelled_by = posted.get("cancelled_by", cancelled_by)
        text = (posted.get("minutes") or "").strip()
        minutes = int(text) if text.isascii() and text.isdigit() and len(text) < 5 else minutes
        interpreter = posted.get("interpreter") or None
    return VisitView(
        item=item,
        record=record,
        started=moment >= item.start,
        title=title,
        status=status,
        cancelled_by=cancelled_by,
        minutes=minutes,
        interpreter=interpreter,
        interpreters=lookups.interpreters,
        version=record.version if record else 0,
        staff=lookups.staff.get(doc["staff"], doc["staff"]),
    )
