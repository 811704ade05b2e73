"""The item of a published plan that a record is about, found by its lasting id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.domain.timeparts import parse_week
from planner.formats.codec import instant_in
from planner.store import models as m
from planner.store.db import StoreError
from planner.store.plans import published

SESSION = "session"
VISIT = "visit"


class AttendanceError(StoreError):
    """A record that cannot be made: `field` names what is wrong, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PublishedItem:
    """A session or visit as its week's current published version has it."""

    kind: str
    id: str
    week: str
    version: int
    doc: dict[str, Any]
    start: dt.datetime
    end: dt.datetime
    area: str

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def week_of(item_id: str) -> str:
    """The ISO week in a session or visit id (`<group or need>/<week>/<n>`)."""
    parts = item_id.split("/")
    if len(parts) != 3 or not parts[2].isdigit():
        raise AttendanceError("item", f"{item_id!r} is not a session or visit id")
    try:
        parse_week(parts[1])
    except ValueError as error:
        raise AttendanceError("item", f"{item_id!r} names no ISO week ({error})") from None
    return parts[1]


def published_item(session: Session, item_id: str) -> PublishedItem:
    """The session or visit `item_id` of its week's published plan; refused if there is none."""
    week = week_of(item_id)
    row = published(session, week)
    if row is None:
        raise AttendanceError("item", f"{item_id}: the plan of {week} is not published")
    document = row.document
    for kind, key in ((SESSION, "sessions"), (VISIT, "visits")):
        for doc in document.get(key, []):
            if doc["id"] == item_id:
                return _item(session, row, kind, doc)
    raise AttendanceError(
        "item", f"{item_id} is not in the published plan of {week} (version {row.version})"
    )


def week_items(session: Session, week: str) -> list[PublishedItem]:
    """Every session and visit of the week's published plan, by start; none if unpublished."""
    row = published(session, week)
    if row is None:
        return []
    document = row.document
    items = [
        _item(session, row, kind, doc)
        for kind, key in ((SESSION, "sessions"), (VISIT, "visits"))
        for doc in document.get(key, [])
    ]
    return sorted(items, key=lambda i: (i.start, i.kind, i.id))


def _item(session: Session, row: m.PlanVersion, kind: str, doc: dict[str, Any]) -> PublishedItem:
    return PublishedItem(
        kind=kind,
        id=doc["id"],
        week=row.week,
        version=row.version,
        doc=doc,
        start=instant_in(doc["start"]),
        end=instant_in(doc["end"]),
        area=doc["area"] if kind == VISIT else _venue_area(session, doc["venue"]),
    )


def require_started(item: PublishedItem, now: dt.datetime) -> None:
    """What happened is recorded only once the item has started."""
    if now < item.start:
        raise AttendanceError(
            "item", f"{item.id} has not started yet (it starts {item.start.isoformat()})"
        )


def shifts_of(session: Session, item: PublishedItem) -> list[dict[str, Any]]:
    """The childcare shifts of a published session."""
    row = published(session, item.week)
    assert row is not None
    return [s for s in row.document.get("shifts", []) if s["session"] == item.id]


def _venue_area(session: Session, venue_id: str) -> str:
    area = session.scalar(sa.select(m.Venue.area).where(m.Venue.id == venue_id))
    return area or ""
