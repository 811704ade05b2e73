"""The partner confirms its carers' hours: each started shift given (how long) or not given.

The shifts are the organisation's own in the published plans of this week and the weeks
before, in the words of its calendar feed (`web.shiftviews`): never a family's name.
The hours are prefilled from the shift, its buffers included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from calendars import Reader
from planner.attendance.items import AttendanceError
from planner.attendance.reading import carer_hours, published_weeks
from planner.attendance.record import confirm_hours
from planner.domain.timeparts import iso_week
from planner.store import models as m
from web import database
from web.errors import answer
from web.partner import actor, bp, partner_id
from web.shiftviews import ShiftView, now, published_week, shift_views

WEEKS_LISTED = 6
HOURS = re.compile(r"^\d{1,2}([.,]\d{1,2})?$", re.ASCII)


@dataclass
class HoursRow:
    view: ShiftView
    record: m.CarerHours | None

    @property
    def planned_minutes(self) -> int:
        return int((self.view.shift.end - self.view.shift.start).total_seconds() // 60)

    @property
    def hours(self) -> str:
        """The hours the form offers: as confirmed, else the shift's, buffers included."""
        minutes = self.record.minutes if self.record and self.record.given else self.planned_minutes
        return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def _session_start(week_plan, shift) -> dt.datetime:
    """When the shift's session starts: its hours are confirmed from then on."""
    found = next((s for s in week_plan.plan.sessions if s.id == shift.session), None)
    return found.start if found is not None else shift.start


def _started_rows(moment: dt.datetime) -> list[tuple[str, list[HoursRow]]]:
    session = database.session()
    reader = Reader("partner", partner_id())
    listed = []
    for week in published_weeks(session, iso_week(moment.date()), WEEKS_LISTED):
        week_plan = published_week(session, week, moment.date())
        if week_plan is None:
            continue
        views = [
            v
            for v in shift_views(session, week_plan, reader)
            if _session_start(week_plan, v.shift) <= moment
        ]
        records = carer_hours(session, [v.shift.id for v in views])
        rows = [HoursRow(v, records.get(v.shift.id)) for v in reversed(views)]
        if rows:
            listed.append((week, rows))
    return listed


def _page(status: int = 200, errors: dict[str, str] | None = None):
    moment = now()
    page = render_template(
        "partner/hours.html", weeks=_started_rows(moment), errors=errors or {}, now=moment
    )
    return page, status


@bp.get("/hours")
def hours():
    """The organisation's started shifts, to confirm as given or not given."""
    return _page()


def _minutes(text: str) -> int | None:
    text = text.strip()
    if not HOURS.match(text):
        return None
    minutes = round(float(text.replace(",", ".")) * 60)
    return minutes if 0 < minutes <= 24 * 60 else None


@bp.post("/hours/<week:week>")
def confirm_hours_page(week: str):
    """Given (its hours) or not given: one shift of the organisation's own."""
    session = database.session()
    moment = now()
    shift_id = request.form.get("shift", "")
    week_plan = published_week(session, week, moment.date())
    shift = week_plan.shift(shift_id) if week_plan else None
    if week_plan is None or shift is None or shift.partner != partner_id():
        abort(404, _("This shift is not one of your organisation's in a published plan."))
    if moment < _session_start(week_plan, shift):
        return answer(409, _("This shift has not started yet: confirm its hours once it has."))
    given = request.form.get("given", "")
    if given not in ("yes", "no"):
        return _page(400, {shift_id: _("Say whether the shift was given.")})
    minutes = None
    if given == "yes":
        minutes = _minutes(request.form.get("hours", ""))
        if minutes is None:
            return _page(400, {shift_id: _("hours: a number of hours, such as 2.5 (at most 24).")})

    def save():
        return confirm_hours(
            session,
            shift_id,
            partner_id=partner_id(),
            actor=actor(),
            now=moment,
            given=given == "yes",
            minutes=minutes,
        )

    try:
        try:
            save()
        except IntegrityError:  # confirmed at the same moment by someone else: once more
            session.rollback()
            save()
    except AttendanceError as error:
        session.rollback()
        return _page(400, {shift_id: _("Not saved: %(why)s", why=str(error))})
    session.commit()
    carer = week_plan.carer_name(shift.carer)
    if given == "yes":
        flash(_("Confirmed: %(carer)s's shift was given.", carer=carer), "info")
    else:
        flash(_("Confirmed: %(carer)s's shift was not given.", carer=carer), "info")
    return redirect(url_for("partner.hours", _anchor=f"hours-{ShiftView.anchor_of(shift_id)}"))
