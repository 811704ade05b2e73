"""The setting "childcare follows attendance": turning it, and its rule on export and import."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.store import models as m
from planner.store.db import StaleRecord, StoreError
from planner.store.master.kinds import ORGANISATION_ID, ChangeLog
from planner.store.master.versions import SETTINGS_KEY, flush


def follow_attendance(session: Session, data: dict[str, Any], monday: dt.date) -> set[str]:
    """With the setting "childcare follows attendance" on, a week's scenario counts for
    childcare only the children of mothers who come: those of the mothers who have not come
    (`planner.attendance.absentees`) are written as not brought, `in_daycare: true`. The
    master data keeps them as they are. Returns those mothers' ids (none with it off)."""
    # Imported here: the attendance package imports this module.
    from planner.attendance.absentees import not_coming_for_childcare

    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None or not org.childcare_follows_attendance:
        return set()
    gone = not_coming_for_childcare(session, monday, org.timezone)
    for participant in data["participants"]:
        if participant["id"] in gone:
            for child in participant["children"]:
                child["in_daycare"] = True
    return gone


def set_childcare_follows_attendance(
    session: Session, on: bool, actor: str, expected_version: int | None = None
) -> bool:
    """Turn the setting on or off, logged like master data; whether it changed."""
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None:
        raise StoreError("the database holds no master data yet; import a scenario first")
    if expected_version is not None and org.version != expected_version:
        raise StaleRecord(*SETTINGS_KEY, expected_version, org.version)
    if org.childcare_follows_attendance == on:
        return False
    org.childcare_follows_attendance = on
    org.version += 1
    ChangeLog(session, actor).add(
        "update",
        "organisation",
        str(ORGANISATION_ID),
        {"fields": ["childcare_follows_attendance"], "to": on},
    )
    flush(session, "settings")
    return True


def keep_stored_daycare(session: Session, doc: dict[str, Any]) -> None:
    """A file exported with childcare following attendance, imported back, changes nothing.

    Its `in_daycare: true` for the children of mothers who have not come is the export's
    rule, not a fact: for them, a child stored as not in daycare stays so.
    """
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None or not org.childcare_follows_attendance:
        return
    from planner.attendance.absentees import not_coming_for_childcare

    monday = dt.date.fromisoformat(doc["horizon"]["start"])
    gone = not_coming_for_childcare(session, monday, org.timezone)
    stored = {
        c.id: c.in_daycare
        for c in session.scalars(sa.select(m.Child).where(m.Child.participant_id.in_(gone)))
    }
    for participant in doc["participants"]:
        if participant["id"] in gone:
            for child in participant["children"]:
                if child.get("in_daycare") and stored.get(child["id"]) is False:
                    child["in_daycare"] = False
