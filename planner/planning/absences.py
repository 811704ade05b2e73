"""Who would be booked while away: the last check before a plan goes out to people.

H6 does not judge locked items (a lock records what was agreed or has happened), so a plan
can pass the checker and still give someone an item inside an absence reported since, or a
shift their partner has declined. Before a version is published every item is held against
every reported absence and every decline, locked or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from planner.domain import Plan, Scenario
from planner.domain.timeparts import Period

ABSENT = "absent"
DECLINED = "declined"


@dataclass(frozen=True)
class Clash:
    """A person booked on an item while away (`absent`) or on a shift declined (`declined`)."""

    item: str  # the session or visit
    person: str
    why: str
    start: dt.datetime
    end: dt.datetime


def clashes(scenario: Scenario, plan: Plan, declined: Collection[str] = ()) -> list[Clash]:
    """Every booking of the plan inside a reported absence or on a declined shift (by id)."""
    zone = ZoneInfo(scenario.timezone)
    absent: dict[str, tuple[Period, ...]] = {
        person.id: person.absent
        for person in (*scenario.staff, *scenario.carers(), *scenario.interpreters)
    }

    def away(person: str, start: dt.datetime, end: dt.datetime) -> bool:
        local = (
            start.astimezone(zone).replace(tzinfo=None),
            end.astimezone(zone).replace(tzinfo=None),
        )
        return any(period.overlaps(*local) for period in absent.get(person, ()))

    found: list[Clash] = []
    for session in plan.sessions:
        for person in (*session.facilitators, *session.interpreters):
            if away(person, session.start, session.end):
                found.append(Clash(session.id, person, ABSENT, session.start, session.end))
    for shift in plan.shifts:
        if shift.id in declined:
            found.append(Clash(shift.session, shift.carer, DECLINED, shift.start, shift.end))
        elif away(shift.carer, shift.start, shift.end):
            found.append(Clash(shift.session, shift.carer, ABSENT, shift.start, shift.end))
    for visit in plan.visits:
        for person in (visit.staff, *([visit.interpreter] if visit.interpreter else [])):
            if away(person, visit.start, visit.end):
                found.append(Clash(visit.id, person, ABSENT, visit.start, visit.end))
    return sorted(found, key=lambda c: (c.start, c.item, c.person))
