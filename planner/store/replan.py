"""The one way a week is planned again: Generate, an absence, a decline, after hand edits.

Every re-plan starts from the newest state of the week: its newest version (a draft newer
than the published version included), every absence and decline so far (they are in the
master data), and the current master data. What people already know is kept through the
scenario's `previous` and the stability goal, and by **pins**: a one-click re-plan pins
every item the absence does not touch, so the run keeps them unless a rule now forbids it
(a pin is judged by every rule, H6 included; one that breaks a rule is dropped, the item
is planned again and the review says so). **Locks** are facts: an item that has already
started is locked, as is whatever the coordinator locked by hand; the run keeps them as
they are (rule H11) and plans nothing to start before the moment it was asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.domain import Plan
from planner.domain import Session as GroupSession
from planner.domain.timeparts import week_dates
from planner.formats.plan import dump_plan, load_plan
from planner.runtime import jobs
from planner.store import models as m
from planner.store.review import LOCK, PIN, lock_item, locks, unlock_item


@dataclass(frozen=True)
class Away:
    """A person (staff member, carer or interpreter) who cannot come from `start` to `end`."""

    person: str
    start: dt.datetime
    end: dt.datetime

    def touches(self, people: set[str], start: dt.datetime, end: dt.datetime) -> bool:
        """Whether an item with these people and times needs the person while away."""
        return self.person in people and start < self.end and self.start < end


@dataclass(frozen=True)
class Replan:
    """What a re-plan holds before its run: items pinned, started (locked), left free."""

    job: m.SolveJob
    pinned: int = 0
    started: int = 0
    free: int = 0


def basis(session: Session, week: str) -> m.PlanVersion | None:
    """The version a re-plan builds on: the week's newest one that holds a plan."""
    rows = session.scalars(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week)
        .order_by(m.PlanVersion.version.desc())
    )
    return next((row for row in rows if row.document.get("status") != "failed"), None)


def replan(
    session: Session,
    week: str,
    time_limit: float,
    actor: str,
    now: dt.datetime,
    away: list[Away] | None = None,
) -> Replan:
    """Hold what the run must keep and queue it; the caller commits (all or nothing).

    Items of the newest version that have started by `now` are locked. With `away` (a
    one-click re-plan around an absence or a decline), every other item the absence does
    not touch is pinned, and an item it touches is released even if it was held by hand:
    the person cannot come. `jobs.JobError` when the week is being planned already.
    """
    busy = jobs.active_job(session, week)
    if busy is not None:
        raise jobs.JobError(f"{week} is already being planned (job {busy.id} is {busy.status})")
    row = basis(session, week)
    counts = {"pinned": 0, "started": 0, "free": 0}
    if row is not None:
        counts = _hold(session, week, load_plan(row.document), now, away, actor)
    monday, sunday = week_dates(week)
    inside = monday <= now.date() <= sunday
    job = jobs.enqueue(session, week, time_limit, actor, not_before=now if inside else None)
    return Replan(job, **counts)


def _hold(
    session: Session,
    week: str,
    plan: Plan,
    now: dt.datetime,
    away: list[Away] | None,
    actor: str,
) -> dict[str, int]:
    document = dump_plan(plan)
    carers: dict[str, set[str]] = {s.id: set() for s in plan.sessions}
    spans: dict[str, list[dt.datetime]] = {}
    for shift in plan.shifts:
        carers.setdefault(shift.session, set()).add(shift.carer)
        spans.setdefault(shift.session, []).extend((shift.start, shift.end))
    held = locks(session, week)
    counts = {"pinned": 0, "started": 0, "free": 0}
    for kind, items, forms in (
        ("session", plan.sessions, document["sessions"]),
        ("visit", plan.visits, document["visits"]),
    ):
        for item, form in zip(items, forms, strict=True):
            if isinstance(item, GroupSession):
                people = {*item.facilitators, *item.interpreters, *carers.get(item.id, set())}
                # A carer's shift runs past the session by the buffers: judge by the shifts.
                start = min([item.start, *spans.get(item.id, [])])
                end = max([item.end, *spans.get(item.id, [])])
            else:
                people = {item.staff, *([item.interpreter] if item.interpreter else [])}
                start, end = item.start, item.end
            row = held.get(item.id)
            if start <= now:
                # It has started or is over: a fact, whatever the absence.
                if row is None or row.hold != LOCK or row.item != form:
                    lock_item(session, week, kind, form, actor, hold=LOCK)
                counts["started"] += 1
            elif away is None:
                continue
            elif any(a.touches(people, start, end) for a in away):
                if row is not None:
                    unlock_item(session, week, item.id, actor)
                counts["free"] += 1
            else:
                if row is None or (row.hold == PIN and row.item != form):
                    lock_item(session, week, kind, form, actor, hold=PIN)
                counts["pinned"] += 1
    return counts
