"""A week's scenario from the database: the master data, the held items and the previous plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from planner.domain import Scenario
from planner.domain.timeparts import week_dates
from planner.formats import wire
from planner.formats.codec import instant_out
from planner.formats.problems import InvalidDocument
from planner.formats.scenario import load_scenario
from planner.store import models as m
from planner.store import rows
from planner.store.db import StoreError
from planner.store.master.attendance import follow_attendance
from planner.store.master.kinds import ORGANISATION_ID
from planner.store.plans import previous_items
from planner.store.review import LOCK, PIN


def locked_items(session: Session, week: str) -> dict[str, list[Any]]:
    """The week's locked sessions and visits (rule H11), in their plan form."""
    return _held(session, week, LOCK)


def _held(session: Session, week: str, hold: str) -> dict[str, list[Any]]:
    rows = session.scalars(
        sa.select(m.PlanLock)
        .where(m.PlanLock.week == week, m.PlanLock.hold == hold)
        .order_by(m.PlanLock.item_id)
    )
    found: dict[str, list[Any]] = {"sessions": [], "visits": []}
    for row in rows:
        found["sessions" if row.kind == "session" else "visits"].append(row.item)
    return found


def replan_items(session: Session, week: str) -> tuple[dict[str, list[Any]], list[str]]:
    """The scenario's `previous` and `pinned`: the newest state of the week, pins on top.

    `previous` is the week's newest version (a draft newer than the published version
    included: a re-plan builds on the last one), else last week's published plan; each
    pinned item stands in it as it was pinned.
    """
    items = previous_items(session, week) or {"sessions": [], "visits": []}
    pins = _held(session, week, PIN)
    for part in ("sessions", "visits"):
        pinned = {item["id"]: item for item in pins[part]}
        kept = [pinned.pop(item["id"], item) for item in items[part]]
        items[part] = kept + list(pinned.values())
    ids = sorted(item["id"] for part in ("sessions", "visits") for item in pins[part])
    return items, ids


def scenario_document(
    session: Session,
    monday: dt.date,
    previous: bool = True,
    not_before: dt.datetime | None = None,
) -> dict[str, Any]:
    """The scenario JSON of the ISO week starting on `monday`, from the master data.

    With `previous`, the week's held and earlier items come too (see `replan_items`);
    `not_before` (a moment inside the week) keeps a re-plan out of the past.
    """
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None:
        raise StoreError("the database holds no master data yet; import a scenario first")

    def all_of(model: type[m.Base], *related: Any) -> list[Any]:
        # The collections come in one query each, not one query per row (N+1).
        query = sa.select(model).order_by(model.id)  # type: ignore[attr-defined]
        if related:
            query = query.options(*(selectinload(r) for r in related))
        return list(session.scalars(query))

    areas = all_of(m.Area)
    matrix: dict[str, dict[str, int]] = {}
    for travel in session.scalars(
        sa.select(m.TravelTime).order_by(m.TravelTime.from_area, m.TravelTime.to_area)
    ):
        matrix.setdefault(travel.from_area, {})[travel.to_area] = travel.minutes
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    items, pinned = replan_items(session, week) if previous else (None, [])
    extra: dict[str, Any] = {"pinned": pinned} if pinned else {}
    if not_before is not None and monday <= not_before.date() <= monday + dt.timedelta(days=6):
        extra["not_before"] = instant_out(not_before.replace(second=0, microsecond=0))
    return {
        "format": wire.SCENARIO_FORMAT,
        "name": org.name,
        "timezone": org.timezone,
        "country": org.country,
        "horizon": {
            "start": monday.isoformat(),
            "end": (monday + dt.timedelta(days=6)).isoformat(),
        },
        "closed_dates": [
            d.isoformat() for d in session.scalars(sa.select(m.ClosedDate.date).order_by("date"))
        ],
        "settings": org.settings,
        "areas": [rows.area_out(a) for a in areas],
        "travel_minutes": matrix,
        "venues": [rows.venue_out(v) for v in all_of(m.Venue)],
        "staff": [rows.staff_out(s) for s in all_of(m.StaffMember)],
        "partners": [rows.partner_out(p) for p in all_of(m.Partner, m.Partner.carers)],
        "participants": [
            rows.participant_out(p) for p in all_of(m.Participant, m.Participant.children)
        ],
        "groups": [rows.group_out(g) for g in all_of(m.Group, m.Group.venues, m.Group.members)],
        "guidance": [rows.need_out(n) for n in all_of(m.GuidanceNeed)],
        "interpreters": [rows.interpreter_out(i) for i in all_of(m.Interpreter)],
        "locked": locked_items(session, week) if previous else {"sessions": [], "visits": []},
        "previous": items or {"sessions": [], "visits": []},
        **extra,
    }


def export_scenario(
    session: Session,
    week: str,
    today: dt.date | None = None,
    not_before: dt.datetime | None = None,
) -> Scenario:
    """The complete, validated scenario of an ISO week ("2026-W49") from the database."""
    monday, _ = week_dates(week)
    data = scenario_document(session, monday, not_before=not_before)
    follow_attendance(session, data, monday)
    try:
        return load_scenario(data, today)
    except InvalidDocument as error:
        raise InvalidDocument(f"scenario of {week} from the database", error.problems) from None
