"""`kotoplan attendance import`: a CSV of `item,person,status`, all rows or none.

Each row records one member's attendance at a session (`present`, `absent`, `excused`)
or one visit's outcome (`done`, `cancelled`, `no_show`; its person is the visit's
participant). Every bad row is reported with its line number and nothing is written;
a file imported twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from planner.attendance.items import SESSION, VISIT, AttendanceError, published_item
from planner.attendance.record import (
    MEMBER_STATUSES,
    VISIT_STATUSES,
    mark_member,
    record_visit,
)
from planner.store import models as m
from planner.store.db import StoreError

HEADER = ["item", "person", "status"]
MAX_ROWS = 50_000


class ImportRejected(StoreError):
    """The file was refused; `problems` holds (line number, message) for every bad row."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"line {n}: {text}" for n, text in problems))


@dataclass
class ImportResult:
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    items: set[str] = field(default_factory=set)


def import_attendance(session: Session, text: str, *, actor: str, now: dt.datetime) -> ImportResult:
    """Record every row of the CSV `text`, or none of them (the caller rolls back on error)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != HEADER:
        raise ImportRejected([(1, f"the header must be {','.join(HEADER)}, not {header}")])
    problems: list[tuple[int, str]] = []
    result = ImportResult()
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if line > MAX_ROWS + 1:
            problems.append((line, f"a file holds at most {MAX_ROWS} rows"))
            break
        if len(row) != 3:
            problems.append((line, f"3 fields item,person,status expected, {len(row)} found"))
            continue
        item_id, person, status = (cell.strip() for cell in row)
        earlier = seen.get((item_id, person))
        if earlier is not None and earlier[1] != status:
            problems.append(
                (line, f"{item_id} {person}: {status}, but line {earlier[0]} says {earlier[1]}")
            )
            continue
        seen[(item_id, person)] = (line, status)
        try:
            changed = _record_row(session, item_id, person, status, actor, now)
        except AttendanceError as error:
            problems.append((line, f"{error.field}: {error.message}"))
            continue
        except StoreError as error:
            problems.append((line, str(error)))
            continue
        result.rows += 1
        result.items.add(item_id)
        if changed:
            result.changed += 1
        else:
            result.unchanged += 1
    if problems:
        raise ImportRejected(problems)
    return result


def _record_row(
    session: Session, item_id: str, person: str, status: str, actor: str, now: dt.datetime
) -> bool:
    if not item_id:
        raise AttendanceError("item", "empty")
    if not person:
        raise AttendanceError("person", "empty")
    item = published_item(session, item_id)
    if item.kind == SESSION:
        if status not in MEMBER_STATUSES:
            raise AttendanceError(
                "status", f"{status!r}: a session member is {', '.join(MEMBER_STATUSES)}"
            )
        return mark_member(session, item_id, person, status, actor=actor, now=now).changed
    assert item.kind == VISIT
    if status not in VISIT_STATUSES:
        raise AttendanceError("status", f"{status!r}: a visit is {', '.join(VISIT_STATUSES)}")
    if person != item.doc["participant"]:
        raise AttendanceError("person", f"{person} is not the participant of visit {item_id}")
    # A file says no more than "cancelled": keep who cancelled if that was recorded,
    # else the participant did.
    cancelled_by = None
    if status == "cancelled":
        earlier = session.get(m.VisitRecord, item_id)
        cancelled_by = (earlier.cancelled_by if earlier else None) or "participant"
    return record_visit(
        session, item_id, status=status, cancelled_by=cancelled_by, actor=actor, now=now
    ).changed
