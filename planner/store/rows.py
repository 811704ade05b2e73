"""Converters between database rows and the scenario's JSON entity forms.

The entity forms are those `planner.formats.scenario.dump_scenario` writes (every default filled
in), so a row and the entity it came from compare equal field by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.domain import HOME
from planner.store import models as m

Entity = dict[str, Any]


def _with_optional(out: Entity, key: str, value: Any) -> Entity:
    if value is not None:
        out[key] = value
    return out


def area_out(row: m.Area) -> Entity:
    out: Entity = {"id": row.id, "name": row.name}
    _with_optional(out, "lat", row.lat)
    return _with_optional(out, "lon", row.lon)


def area_in(row: m.Area, e: Entity) -> None:
    row.name, row.lat, row.lon = e["name"], e.get("lat"), e.get("lon")


def venue_out(row: m.Venue) -> Entity:
    return {
        "id": row.id,
        "name": row.name,
        "area": row.area,
        "address": row.address,
        "capacity": row.capacity,
        "rooms": row.rooms,
        "childcare_room": row.childcare_room,
        "childcare_capacity": row.childcare_capacity,
        "open": row.open,
        "closed": row.closed,
    }


def venue_in(row: m.Venue, e: Entity) -> None:
    for key in ("name", "area", "address", "capacity", "rooms", "childcare_room"):
        setattr(row, key, e[key])
    row.childcare_capacity, row.open, row.closed = e["childcare_capacity"], e["open"], e["closed"]


_STAFF = (
    "name", "base_area", "languages", "roles", "hours_per_week", "max_hours_per_day",
    "available", "absent",
)  # fmt: skip


def staff_out(row: m.StaffMember) -> Entity:
    out: Entity = {"id": row.id} | {key: getattr(row, key) for key in _STAFF}
    out["hours_per_week"] = _number(row.hours_per_week)
    out["max_hours_per_day"] = _number(row.max_hours_per_day)
    return _with_optional(out, "email", row.email)


def staff_in(row: m.StaffMember, e: Entity) -> None:
    for key in _STAFF:
        setattr(row, key, e[key])
    row.email = e.get("email")


def carer_out(row: m.Carer) -> Entity:
    out: Entity = {
        "id": row.id,
        "name": row.name,
        "areas": row.areas,
        "available": row.available,
        "absent": row.absent,
        "max_shifts_per_week": row.max_shifts_per_week,
        "infants": row.infants,
    }
    return _with_optional(out, "email", row.email)


def carer_in(row: m.Carer, e: Entity) -> None:
    row.partner_id = e["partner"]
    row.name, row.areas, row.available, row.absent = (
        e["name"], e["areas"], e["available"], e["absent"]
    )  # fmt: skip
    row.max_shifts_per_week, row.infants, row.email = (
        e["max_shifts_per_week"], e["infants"], e.get("email")
    )  # fmt: skip


def partner_out(row: m.Partner) -> Entity:
    out: Entity = {"id": row.id, "name": row.name}
    _with_optional(out, "email", row.email)
    _with_optional(out, "share", None if row.share is None else _number(row.share))
    out["carers"] = [carer_out(c) for c in row.carers]
    return out


def partner_in(row: m.Partner, e: Entity) -> None:
    """The partner's own fields; its carers are matched one by one by the importer."""
    row.name, row.email, row.share = e["name"], e.get("email"), e.get("share")


def partner_fields(e: Entity) -> Entity:
    """A partner entity without its carers."""
    return {key: value for key, value in e.items() if key != "carers"}


def participant_out(row: m.Participant) -> Entity:
    out: Entity = {
        "id": row.id,
        "name": row.name,
        "area": row.area,
        "address": row.address,
        "languages": row.languages,
    }
    _with_optional(out, "available", row.available)
    out["children"] = [
        {"id": c.id, "birth_date": c.birth_date.isoformat(), "in_daycare": c.in_daycare}
        for c in row.children
    ]
    return out


def participant_in(row: m.Participant, e: Entity) -> None:
    row.name, row.area, row.address = e["name"], e["area"], e["address"]
    row.languages, row.available = e["languages"], e.get("available")
    old = {c.id: c for c in row.children}
    row.children = [_child(old.get(c["id"]) or m.Child(id=c["id"]), c) for c in e["children"]]


def _child(row: m.Child, e: Entity) -> m.Child:
    born, in_daycare = dt.date.fromisoformat(e["birth_date"]), e["in_daycare"]
    if row.birth_date is not None and (row.birth_date, row.in_daycare) != (born, in_daycare):
        row.version += 1  # a new child starts at the column's default
    row.birth_date, row.in_daycare = born, in_daycare
    return row


_GROUP = (
    "name", "theme", "language", "interpreting", "sessions_per_week", "duration_minutes",
    "windows", "facilitators", "childcare",
)  # fmt: skip


def group_out(row: m.Group) -> Entity:
    out: Entity = {
        "id": row.id,
        "name": row.name,
        "theme": row.theme,
        "venues": [v.venue_id for v in row.venues],
        "language": row.language,
        "interpreting": row.interpreting,
        "members": [p.participant_id for p in row.members],
        "sessions_per_week": row.sessions_per_week,
        "duration_minutes": row.duration_minutes,
        "windows": row.windows,
        "facilitators": row.facilitators,
    }
    _with_optional(out, "facilitator_pool", row.facilitator_pool)
    out["childcare"] = row.childcare
    return _with_optional(out, "preferred_carers", row.preferred_carers)


def group_in(row: m.Group, e: Entity) -> None:
    for key in _GROUP:
        setattr(row, key, e[key])
    row.facilitator_pool, row.preferred_carers = (
        e.get("facilitator_pool"),
        e.get("preferred_carers"),
    )
    # Keep the link rows that stay, so an edit updates them instead of deleting and adding.
    venues = {link.venue_id: link for link in row.venues}
    row.venues = [venues.get(v) or m.GroupVenue(group_id=e["id"], venue_id=v) for v in e["venues"]]
    for position, link in enumerate(row.venues):
        link.position = position
    members = {link.participant_id: link for link in row.members}
    row.members = [
        members.get(p) or m.GroupMember(group_id=e["id"], participant_id=p) for p in e["members"]
    ]
    for position, link in enumerate(row.members):
        link.position = position


def need_out(row: m.GuidanceNeed) -> Entity:
    out: Entity = {
        "id": row.id,
        "participant": row.participant_id,
        "visits_per_week": row.visits_per_week,
        "duration_minutes": row.duration_minutes,
        "place": row.venue_id or HOME,
    }
    _with_optional(out, "staff", row.staff)
    _with_optional(out, "preferred_staff", row.preferred_staff)
    return _with_optional(out, "windows", row.windows)


def need_in(row: m.GuidanceNeed, e: Entity) -> None:
    row.participant_id = e["participant"]
    row.visits_per_week, row.duration_minutes = e["visits_per_week"], e["duration_minutes"]
    row.venue_id = None if e["place"] == HOME else e["place"]
    row.staff, row.preferred_staff, row.windows = (
        e.get("staff"), e.get("preferred_staff"), e.get("windows")
    )  # fmt: skip


def interpreter_out(row: m.Interpreter) -> Entity:
    return {
        "id": row.id,
        "name": row.name,
        "languages": row.languages,
        "remote": row.remote,
        "areas": row.areas,
        "available": row.available,
        "absent": row.absent,
    }


def interpreter_in(row: m.Interpreter, e: Entity) -> None:
    row.name, row.languages, row.remote = e["name"], e["languages"], e["remote"]
    row.areas, row.available, row.absent = e["areas"], e["available"], e["absent"]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
