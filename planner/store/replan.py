"""Planning a week again around someone who cannot come, keeping everything else as it is.

Every session and visit of the week's plan that does not need the person during the time
they are away is locked (rule H11), so the next run may change only the items the absence
touches: those are placed again with other people, or at other times, or left unplaced
with their reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.plan import dump_plan, load_plan
from planner.store.plans import published
from planner.store.review import lock_item, locks, newest, unlock_item


@dataclass(frozen=True)
class Away:
    """A person (staff member, carer or interpreter) who cannot come from `start` to `end`."""

    person: str
    start: dt.datetime
    end: dt.datetime

    def touches(self, people: set[str], start: dt.datetime, end: dt.datetime) -> bool:
        """Whether an item with these people and times needs the person while away."""
        return self.person in people and start < self.end and self.start < end


def replan_locks(session: Session, week: str, away: list[Away], actor: str) -> tuple[int, int]:
    """Lock the week's items that no absence touches; (items locked, items left free).

    The plan built on is the week's published version, else its newest draft. An item the
    absence touches is unlocked even if it was locked by hand: the person cannot come, and
    a lock that keeps them would make the whole run fail.
    """
    row = published(session, week) or newest(session, week)
    if row is None:
        return 0, 0
    plan = load_plan(row.document)
    document = dump_plan(plan)
    carers = {s.session: set() for s in plan.shifts}
    for shift in plan.shifts:
        carers[shift.session].add(shift.carer)
    held = locks(session, week)
    locked = free = 0
    for kind, items, forms in (
        ("session", plan.sessions, document["sessions"]),
        ("visit", plan.visits, document["visits"]),
    ):
        for item, form in zip(items, forms, strict=True):
            if kind == "session":
                people = {*item.facilitators, *item.interpreters, *carers.get(item.id, set())}
                # A carer's shift runs past the session by the buffers: judge by the shifts.
                start = min([item.start, *(s.start for s in plan.shifts if s.session == item.id)])
                end = max([item.end, *(s.end for s in plan.shifts if s.session == item.id)])
            else:
                people = {item.staff, *([item.interpreter] if item.interpreter else [])}
                start, end = item.start, item.end
            if any(a.touches(people, start, end) for a in away):
                if item.id in held:
                    unlock_item(session, week, item.id, actor)
                free += 1
                continue
            if item.id not in held:
                lock_item(session, week, kind, form, actor)
            locked += 1
    return locked, free
