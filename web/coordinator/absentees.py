"""The start page's list of mothers who have not come for four weeks (issue 12).

The rule is `planner.attendance.absentees`; this names the mothers and their groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from planner.attendance.absentees import WEEKS, find_absentees
from planner.store import models as m
from web import database
from web.absences import now
from web.coordinator import bp


@dataclass(frozen=True)
class Missing:
    """A mother on the list, as the page shows her."""

    person: str
    name: str
    groups: list[str]  # the names of the groups she missed
    weeks: tuple[str, ...]
    last_present: dt.datetime | None


@bp.context_processor
def absentee_panel() -> dict[str, object]:
    """`absentees()` for the start page, worked out only when it is shown."""

    def absentees() -> list[Missing]:
        session = database.session()
        found = find_absentees(session, now())
        if not found:
            return []
        people = {a.person for a in found}
        groups = {g for a in found for g in a.groups}
        names = dict(
            session.execute(
                sa.select(m.Participant.id, m.Participant.name).where(m.Participant.id.in_(people))
            ).all()
        )
        group_names = dict(
            session.execute(sa.select(m.Group.id, m.Group.name).where(m.Group.id.in_(groups))).all()
        )
        return [
            Missing(
                person=a.person,
                name=names.get(a.person, a.person),
                groups=[group_names.get(g, g) for g in a.groups],
                weeks=a.weeks,
                last_present=a.last_present,
            )
            for a in found
        ]

    return {"absentees": absentees, "absentee_weeks": WEEKS}
