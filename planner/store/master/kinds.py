"""The kinds of master data, how each goes between entity forms and rows, and the change log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planner.store import models as m
from planner.store import rows

Entity = dict[str, Any]
ORGANISATION_ID = 1


@dataclass(frozen=True)
class Kind:
    """How one kind of master data goes between entity forms and rows."""

    name: str
    model: type[m.Base]
    write: Callable[[Any, Entity], None]
    read: Callable[[Any], Entity]


def _carer_read(row: m.Carer) -> Entity:
    return rows.carer_out(row) | {"partner": row.partner_id}


# In the order of their references, so that what is named exists before it is named.
KINDS = (
    Kind("areas", m.Area, rows.area_in, rows.area_out),
    Kind("venues", m.Venue, rows.venue_in, rows.venue_out),
    Kind("staff", m.StaffMember, rows.staff_in, rows.staff_out),
    Kind(
        "partners", m.Partner, rows.partner_in, lambda r: rows.partner_fields(rows.partner_out(r))
    ),
    Kind("carers", m.Carer, rows.carer_in, _carer_read),
    Kind("participants", m.Participant, rows.participant_in, rows.participant_out),
    Kind("groups", m.Group, rows.group_in, rows.group_out),
    Kind("guidance", m.GuidanceNeed, rows.need_in, rows.need_out),
    Kind("interpreters", m.Interpreter, rows.interpreter_in, rows.interpreter_out),
)


class ChangeLog:
    """Records who changed what in the `changes` table."""

    def __init__(self, session: Session, actor: str):
        self.session = session
        self.actor = actor

    def add(self, action: str, kind: str, ref: str, detail: dict[str, Any] | None = None) -> None:
        self.session.add(
            m.Change(actor=self.actor, action=action, kind=kind, ref=ref, detail=detail)
        )
