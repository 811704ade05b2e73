"""Absence reports: "I'm sick today", "I'll be away", and what of a plan they touch.

The absence itself goes into the person's `absent` periods through the master-data path
(`web.masterdata.records`, the same road as `kotoplan import`), so the next planning run
sees it; the report beside it keeps who said what until the coordinator has acted on it.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from planner.domain import Plan, Visit
from planner.domain import Session as GroupSession
from planner.domain.timeparts import Period, iso_week
from planner.store import models as m
from planner.store.db import StaleRecord
from planner.store.replan import Away
from web.i18n import ZONE, clock, finnish
from web.masterdata import records

STAFF = "staff"
CARER = "carer"
# Where each kind of person keeps its absences in the master data.
MASTER_KINDS = {STAFF: "staff", CARER: "carers"}
REASONS = {"sick": _l("Sick"), "away": _l("Away"), "other": _l("Other")}
SHOWN = 10


SAVE_ATTEMPTS = 3  # an absence is added to the newest data; saves racing it are retried


class AbsenceError(ValueError):
    """An absence the master data refuses; the message says why, in the user's language."""


def now() -> dt.datetime:
    """This moment on Helsinki's clock; tests fix it with the `CLOCK` setting."""
    clock = current_app.config.get("CLOCK") or (lambda: dt.datetime.now(ZONE))
    return clock().astimezone(ZONE)


def aware(value: dt.datetime) -> dt.datetime:
    """A stored instant with its zone: SQLite hands instants back naive, in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def rest_of_today(moment: dt.datetime) -> Period:
    """From this minute to the end of its day, on the local clock."""
    local = moment.astimezone(ZONE).replace(tzinfo=None, second=0, microsecond=0)
    return Period(local, dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time()))


def instants(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """A local period as the instants it starts and ends."""
    return period.start.replace(tzinfo=ZONE), period.end.replace(tzinfo=ZONE)


def record(
    session: Session,
    kind: str,
    person: str,
    period: Period,
    *,
    reason: str,
    note: str | None,
    username: str,
    today: dt.date,
) -> m.AbsenceReport:
    """Add the absence to the person's master data and keep a report of it for the coordinator.

    Raises `AbsenceError` when the master data refuses it; then nothing is written.
    """
    if reason not in REASONS:
        raise AbsenceError(_("Choose a reason."))
    master_kind = MASTER_KINDS[kind]
    for attempt in range(SAVE_ATTEMPTS):
        doc = records.document(session, today)
        found = records.find(doc, master_kind, person)
        if found is None:
            raise AbsenceError(_("You are not in the master data; ask the coordinator."))
        entity = found[1]
        entity["absent"] = [*entity.get("absent", []), period.to_json()]
        try:
            _path, findings = records.save(session, doc, master_kind, entity, f"web:{username}")
            break
        except StaleRecord:
            # Someone saved the person's data meanwhile: add the absence to theirs instead.
            if attempt == SAVE_ATTEMPTS - 1:
                raise AbsenceError(
                    _("The master data changed while saving. Please try again.")
                ) from None
    if findings:
        raise AbsenceError(" ".join(finding.message for finding in findings))
    start, end = instants(period)
    report = m.AbsenceReport(
        person_kind=kind,
        person_id=person,
        # In UTC: SQLite keeps a timestamp's wall clock and drops its zone.
        start=start.astimezone(dt.UTC),
        end=end.astimezone(dt.UTC),
        reason=reason,
        note=note or None,
        reported_by=username,
        reported_at=now().astimezone(dt.UTC),
    )
    session.add(report)
    session.flush()
    return report


# The staff member's week reads both on every view: built once, bound per call.
_OF_PERSON = sa.select(m.AbsenceReport).where(
    m.AbsenceReport.person_kind == sa.bindparam("kind"),
    m.AbsenceReport.person_id == sa.bindparam("person"),
)
_LATEST = _OF_PERSON.order_by(
    m.AbsenceReport.reported_at.desc(), m.AbsenceReport.id.desc()
).limit(sa.bindparam("limit", type_=sa.Integer))
_OVERLAPS = sa.and_(  # shares time with [start, end)
    m.AbsenceReport.start < sa.bindparam("end"), m.AbsenceReport.end > sa.bindparam("start")
)
_OVERLAPPING = _OF_PERSON.where(_OVERLAPS).order_by(m.AbsenceReport.start, m.AbsenceReport.id)


def _bounds(start: dt.datetime, end: dt.datetime) -> dict[str, dt.datetime]:
    # In UTC: SQLite keeps a timestamp's wall clock and drops its zone.
    return {"start": start.astimezone(dt.UTC), "end": end.astimezone(dt.UTC)}


def reports_of(
    session: Session, kind: str, person: str, limit: int = SHOWN
) -> list[m.AbsenceReport]:
    """A person's latest absence reports, newest first."""
    return list(session.scalars(_LATEST, {"kind": kind, "person": person, "limit": limit}))


_LATEST_OR_OVERLAPPING = _OF_PERSON.where(
    sa.or_(
        m.AbsenceReport.id.in_(_LATEST.with_only_columns(m.AbsenceReport.id).scalar_subquery()),
        _OVERLAPS,
    )
)


def latest_and_overlapping(
    session: Session, kind: str, person: str, start: dt.datetime, end: dt.datetime
) -> tuple[list[m.AbsenceReport], list[m.AbsenceReport]]:
    """`reports_of` and `overlapping` at once, in one query (the staff week shows both)."""
    bounds = _bounds(start, end)
    values = {"kind": kind, "person": person, "limit": SHOWN, **bounds}
    rows = list(session.scalars(_LATEST_OR_OVERLAPPING, values))
    latest = sorted(rows, key=lambda r: (r.reported_at, r.id), reverse=True)[:SHOWN]
    during = sorted(
        (r for r in rows if aware(r.start) < end and aware(r.end) > start),
        key=lambda r: (r.start, r.id),
    )
    return latest, during


def overlapping(
    session: Session, kind: str, person: str, start: dt.datetime, end: dt.datetime
) -> list[m.AbsenceReport]:
    """A person's reports of absences that share time with [start, end)."""
    bounds = _bounds(start, end)
    return list(session.scalars(_OVERLAPPING, {"kind": kind, "person": person, **bounds}))


def unhandled(session: Session) -> list[m.AbsenceReport]:
    """The reports the coordinator has not acted on yet, the soonest absence first."""
    return list(
        session.scalars(
            sa.select(m.AbsenceReport)
            .where(m.AbsenceReport.handled_at.is_(None))
            .order_by(m.AbsenceReport.start, m.AbsenceReport.id)
        )
    )


def already(session: Session, kind: str, person: str, period: Period) -> bool:
    """Whether one of the person's reports already holds the whole of the period."""
    start, end = instants(period)
    return any(
        aware(r.start) <= start and end <= aware(r.end)
        for r in overlapping(session, kind, person, start, end)
    )


def weeks_of(start: dt.datetime, end: dt.datetime) -> list[str]:
    """The ISO weeks an absence from `start` to `end` (excluded) reaches, on the local clock."""
    first = start.astimezone(ZONE).date()
    last = (end.astimezone(ZONE) - dt.timedelta(microseconds=1)).date()
    weeks: list[str] = []
    day = first - dt.timedelta(days=first.weekday())
    while day <= last:
        weeks.append(iso_week(day))
        day += dt.timedelta(days=7)
    return weeks


def away_of(report: m.AbsenceReport) -> Away:
    """The report as the re-planning sees it."""
    return Away(report.person_id, aware(report.start), aware(report.end))


def touched(plan: Plan, away: Away) -> list[GroupSession | Visit]:
    """The sessions and visits that need the person while away, judged as `replan_locks` does."""
    found: list[GroupSession | Visit] = []
    for item in plan.sessions:
        shifts = [shift for shift in plan.shifts if shift.session == item.id]
        people = {*item.facilitators, *item.interpreters, *(shift.carer for shift in shifts)}
        # A carer's shift runs past the session by the buffers: judge by the shifts.
        start = min([item.start, *(shift.start for shift in shifts)])
        end = max([item.end, *(shift.end for shift in shifts)])
        if away.touches(people, start, end):
            found.append(item)
    for visit in plan.visits:
        people = {visit.staff, *([visit.interpreter] if visit.interpreter else [])}
        if away.touches(people, visit.start, visit.end):
            found.append(visit)
    return found


def person_name(session: Session, kind: str, person: str) -> str:
    """The name of the staff member or carer a report is about; the id if they are gone."""
    model = m.StaffMember if kind == STAFF else m.Carer
    row = session.get(model, person)
    return row.name if row is not None else person


def span(start: dt.datetime, end: dt.datetime) -> str:
    """An absence in words: `ti 1.12. – pe 4.12.2026`, `ti 1.12.2026 klo 9.30–24.00`."""
    first, last = aware(start).astimezone(ZONE), aware(end).astimezone(ZONE)
    midnight = dt.time()
    if first.time() == midnight and last.time() == midnight:
        final = last.date() - dt.timedelta(days=1)
        if final == first.date():
            return finnish(first.date(), "date")
        return f"{finnish(first.date(), 'day')} – {finnish(final, 'date')}"
    if last.date() == first.date() or (
        last.time() == midnight and last.date() == first.date() + dt.timedelta(days=1)
    ):
        until = "24.00" if last.time() == midnight else clock(last)
        return f"{finnish(first)}–{until}"
    return f"{finnish(first)} – {finnish(last)}"
