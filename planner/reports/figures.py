"""The report's figures over a period, computed from plain facts.

An item belongs to the period by the Helsinki day it starts on. A session counts as held
when it was recorded held and at least one member was present; group hours and childcare
are counted for held sessions only. Distinct persons are counted by `person`, a
participant id or the anonymous key an erased record left behind, so erasure keeps the
totals. By area, a person who came in two municipalities counts in both: the areas' distinct
counts may add up to more than the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from planner.reports.facts import ABSENT, EXCUSED, PRESENT, History, SessionFact, VisitFact
from planner.reports.period import Period

KEYS = (
    "participants_reached",
    "new_participants",
    "sessions_held",
    "attendances",
    "group_hours",
    "visits_done",
    "guidance_hours",
    "childcare_hours_by_partner",
    "attendance_rate",
)
SCALAR_KEYS = KEYS[:7]


@dataclass(frozen=True)
class Figures:
    """The figures of one municipality, or of all of them."""

    participants_reached: int
    new_participants: int
    sessions_held: int
    attendances: int
    group_hours: float
    visits_done: int
    guidance_hours: float
    childcare_hours_by_partner: dict[str, float]
    attendance_rate: dict[str, float | None]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def childcare_hours(self) -> float:
        return hours(round(sum(self.childcare_hours_by_partner.values()) * 60))


def hours(minutes: float) -> float:
    """Minutes as hours, to two decimals."""
    return round(minutes / 60, 2)


def first_days(history: History) -> dict[str, dt.date]:
    """Each person's first day ever with a `present` session or a `done` visit."""
    first: dict[str, dt.date] = {}
    for person, day in _reached(history.sessions, history.visits):
        if person not in first or day < first[person]:
            first[person] = day
    return first


def figures(
    sessions: Iterable[SessionFact],
    visits: Iterable[VisitFact],
    shift_minutes: dict[str, dict[str, int]],
    first: dict[str, dt.date],
    period: Period,
) -> Figures:
    """The figures of the sessions and visits given, all of them in the period.

    `shift_minutes` is session id -> partner id -> minutes of childcare; `first` each
    person's first day ever (`first_days`), which makes them new in the period or not.
    """
    sessions, visits = list(sessions), list(visits)
    held = [s for s in sessions if s.held]
    done = [v for v in visits if v.done]
    reached = {person for person, _ in _reached(held, done)}
    childcare: dict[str, int] = {}
    for session in held:
        for partner, minutes in shift_minutes.get(session.id, {}).items():
            childcare[partner] = childcare.get(partner, 0) + minutes
    return Figures(
        participants_reached=len(reached),
        new_participants=sum(1 for person in reached if first.get(person) in period),
        sessions_held=len(held),
        attendances=sum(len(s.present) for s in held),
        group_hours=hours(sum(s.minutes for s in held)),
        visits_done=len(done),
        guidance_hours=hours(sum(v.minutes or 0 for v in done)),
        childcare_hours_by_partner={p: hours(childcare[p]) for p in sorted(childcare)},
        attendance_rate=attendance_rates(sessions),
    )


def attendance_rates(sessions: Iterable[SessionFact]) -> dict[str, float | None]:
    """Per group: present / (present + absent + excused) over its sessions; None with no marks."""
    counts: dict[str, list[int]] = {}
    for session in sessions:
        tally = counts.setdefault(session.group, [0, 0])
        for status in session.marks.values():
            if status in (PRESENT, ABSENT, EXCUSED):
                tally[1] += 1
                tally[0] += status == PRESENT
    return {
        group: (round(present / marked, 3) if marked else None)
        for group, (present, marked) in sorted(counts.items())
    }


def shifts_by_session(history: History) -> dict[str, dict[str, int]]:
    """Session id -> partner id -> minutes of its carers' shifts (see `ShiftFact.minutes`)."""
    found: dict[str, dict[str, int]] = {}
    for shift in history.shifts:
        partners = found.setdefault(shift.session, {})
        partners[shift.partner] = partners.get(shift.partner, 0) + shift.minutes
    return found


def in_period(history: History, period: Period) -> tuple[list[SessionFact], list[VisitFact]]:
    """The sessions and visits that start in the period."""
    return (
        [s for s in history.sessions if s.day in period],
        [v for v in history.visits if v.day in period],
    )


def _reached(
    sessions: Iterable[SessionFact], visits: Iterable[VisitFact]
) -> Iterable[tuple[str, dt.date]]:
    for session in sessions:
        if session.held:
            for person in session.present:
                yield person, session.day
    for visit in visits:
        if visit.done:
            yield visit.person, visit.day
