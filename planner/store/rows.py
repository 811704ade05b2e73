"""Converters between database rows and the scenario's JSON entity forms.

The entity forms are those `planner.formats.scenario.dump_scenario` writes (every default filled
in), so a row and the entity it came from compare equal field by field. Their fields, in
order, are the wire models' (`planner.formats.wire`), and what is left out is `wire.written`'s
rule; a row's columns are named as the fields, so only what differs (links to other rows,
a guidance need's place, a child's date) is said here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.domain import HOME
from planner.formats import wire
from planner.store import models as m

Entity = dict[str, Any]


def _out(model: type[wire.Doc], row: object, **special: Any) -> Entity:
    """A row as the entity the scenario writes: the model's fields, `special` values first."""
    out: Entity = {}
    for name in model.model_fields:
        value = special[name] if name in special else getattr(row, name)
        if wire.written(model, name, value):
            out[name] = value
    return out


def _in(model: type[wire.Doc], row: object, e: Entity, skip: tuple[str, ...] = ()) -> None:
    """Set a row's columns from an entity: every field of the model but its id and `skip`.

    A field whose default is null may be missing from the entity (it was not written).
    """
    for name, info in model.model_fields.items():
        if name != "id" and name not in skip:
            setattr(row, name, e.get(name) if info.default is None else e[name])


def area_out(row: m.Area) -> Entity:
    return _out(wire.AreaDoc, row)


def area_in(row: m.Area, e: Entity) -> None:
    _in(wire.AreaDoc, row, e)


def venue_out(row: m.Venue) -> Entity:
    return _out(wire.VenueDoc, row)


def venue_in(row: m.Venue, e: Entity) -> None:
    _in(wire.VenueDoc, row, e)


def staff_out(row: m.StaffMember) -> Entity:
    return _out(
        wire.StaffDoc,
        row,
        hours_per_week=wire.whole(row.hours_per_week),
        max_hours_per_day=wire.whole(row.max_hours_per_day),
    )


def staff_in(row: m.StaffMember, e: Entity) -> None:
    _in(wire.StaffDoc, row, e)


def carer_out(row: m.Carer) -> Entity:
    return _out(wire.CarerDoc, row)


def carer_in(row: m.Carer, e: Entity) -> None:
    row.partner_id = e["partner"]
    _in(wire.CarerDoc, row, e)


def partner_out(row: m.Partner) -> Entity:
    share = None if row.share is None else wire.whole(row.share)
    return _out(wire.PartnerDoc, row, share=share, carers=[carer_out(c) for c in row.carers])


def partner_in(row: m.Partner, e: Entity) -> None:
    """The partner's own fields; its carers are matched one by one by the importer."""
    _in(wire.PartnerDoc, row, e, skip=("carers",))


def partner_fields(e: Entity) -> Entity:
    """A partner entity without its carers."""
    return {key: value for key, value in e.items() if key != "carers"}


def participant_out(row: m.Participant) -> Entity:
    children = [_out(wire.ChildDoc, c, birth_date=c.birth_date.isoformat()) for c in row.children]
    return _out(wire.ParticipantDoc, row, children=children)


def participant_in(row: m.Participant, e: Entity) -> None:
    _in(wire.ParticipantDoc, row, e, skip=("children",))
    old = {c.id: c for c in row.children}
    row.children = [_child(old.get(c["id"]) or m.Child(id=c["id"]), c) for c in e["children"]]


def _child(row: m.Child, e: Entity) -> m.Child:
    born, in_daycare = dt.date.fromisoformat(e["birth_date"]), e["in_daycare"]
    if row.birth_date is not None and (row.birth_date, row.in_daycare) != (born, in_daycare):
        row.version += 1  # a new child starts at the column's default
    row.birth_date, row.in_daycare = born, in_daycare
    return row


def group_out(row: m.Group) -> Entity:
    return _out(
        wire.GroupDoc,
        row,
        venues=[v.venue_id for v in row.venues],
        members=[p.participant_id for p in row.members],
    )


def group_in(row: m.Group, e: Entity) -> None:
    _in(wire.GroupDoc, row, e, skip=("venues", "members"))
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
    return _out(wire.GuidanceDoc, row, participant=row.participant_id, place=row.venue_id or HOME)


def need_in(row: m.GuidanceNeed, e: Entity) -> None:
    row.participant_id = e["participant"]
    row.venue_id = None if e["place"] == HOME else e["place"]
    _in(wire.GuidanceDoc, row, e, skip=("participant", "place"))


def interpreter_out(row: m.Interpreter) -> Entity:
    return _out(wire.InterpreterDoc, row)


def interpreter_in(row: m.Interpreter, e: Entity) -> None:
    _in(wire.InterpreterDoc, row, e)
