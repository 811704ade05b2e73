"""Reporting an absence: "I'm sick today" in one click, or "I'll be away" with dates.

Either becomes an absence in the staff member's master data and a report that the
coordinator sees at once on her start page, with a one-click re-plan.
"""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from planner.domain.timeparts import Period, iso_week
from planner.store import models as m
from web import absences, database
from web.i18n import ZONE
from web.staff import bp, member

DAYS_AHEAD = 366  # an absence further ahead belongs to the coordinator's yearly planning
NOTE_LENGTH = 1000


class AwayForm(FlaskForm):
    first_day = DateField(
        _l("First day"), validators=[InputRequired(message=_l("Give the first day."))]
    )
    last_day = DateField(_l("Last day"), validators=[Optional()])
    from_time = TimeField(_l("Away from (time)"), validators=[Optional()])
    until_time = TimeField(_l("Back at (time)"), validators=[Optional()])
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice(value, label) for value, label in absences.REASONS.items()],
        default="away",
    )
    note = TextAreaField(
        _l("Note for the coordinator"), validators=[Optional(), Length(max=NOTE_LENGTH)]
    )

    def period(self, moment: dt.datetime) -> Period | None:
        """The absence the form describes, or None with the problems put beside their fields."""
        today = moment.date()
        first = self.first_day.data
        last = self.last_day.data or first
        if first < today:
            self.first_day.errors.append(_("This day has passed; report from today on."))
            return None
        if last < first:
            self.last_day.errors.append(_("The last day is before the first day."))
            return None
        if (last - today).days > DAYS_AHEAD:
            self.last_day.errors.append(_("Report absences at most a year ahead."))
            return None
        since, until = self.from_time.data, self.until_time.data
        if since is None and until is None:
            return Period.days(first, last)
        start = dt.datetime.combine(first, since or dt.time())
        end = (
            dt.datetime.combine(last, until)
            if until is not None
            else dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        )
        if end <= start:
            self.until_time.errors.append(_("The absence would end before it starts."))
            return None
        if end <= moment.replace(tzinfo=None):
            self.until_time.errors.append(_("This time has already passed."))
            return None
        return Period(start, end)


@bp.post("/absence/sick")
def sick_today():
    """I'm sick today: absent from now to the end of the day, in one click."""
    person = member()
    if person is None:
        flash(_("Your account is not linked to a staff member; ask the coordinator."), "error")
        return redirect(url_for("staff.week"))
    session = database.session()
    moment = absences.now()
    period = absences.rest_of_today(moment)
    if absences.already(session, absences.STAFF, person.id, period):
        flash(_("You have already reported that you are away for the rest of today."), "info")
        return redirect(url_for("staff.week"))
    try:
        report = absences.record(
            session,
            absences.STAFF,
            person.id,
            period,
            reason="sick",
            note=None,
            username=current_user.username,
            today=moment.date(),
        )
    except absences.AbsenceError as error:
        flash(_("Your absence could not be saved: %(why)s", why=str(error)), "error")
        return redirect(url_for("staff.week"))
    session.commit()
    when = absences.span(report.start, report.end)
    flash(
        _("Get well soon! The coordinator now sees that you are away %(when)s.", when=when), "info"
    )
    return redirect(url_for("staff.week"))


def _report_away(
    form: AwayForm, person: m.StaffMember, moment: dt.datetime
) -> m.AbsenceReport | None:
    """The absence the form asks for, recorded; None with the problems beside their fields."""
    period = form.period(moment)
    if period is None:
        return None
    session = database.session()
    if absences.already(session, absences.STAFF, person.id, period):
        form.first_day.errors.append(_("You have already reported this absence."))
        return None
    try:
        return absences.record(
            session,
            absences.STAFF,
            person.id,
            period,
            reason=form.reason.data,
            note=(form.note.data or "").strip() or None,
            username=current_user.username,
            today=moment.date(),
        )
    except absences.AbsenceError as error:
        form.first_day.errors.append(str(error))
        return None


@bp.route("/absence", methods=["GET", "POST"])
def away():
    """I'll be away: dates, times if only part of a day, a reason and a note."""
    person = member()
    session = database.session()
    moment = absences.now()
    form = AwayForm()
    if person is not None and form.validate_on_submit():
        report = _report_away(form, person, moment)
        if report is not None:
            session.commit()
            when = absences.span(report.start, report.end)
            flash(
                _("Thank you. The coordinator now sees that you are away %(when)s.", when=when),
                "info",
            )
            week = iso_week(absences.aware(report.start).astimezone(ZONE).date())
            return redirect(url_for("staff.week", week=week))
    if not form.is_submitted():
        form.first_day.data = moment.date()
    reports = absences.reports_of(session, absences.STAFF, person.id) if person else []
    page = render_template(
        "staff/away.html",
        form=form,
        person=person,
        reports=[(r, absences.span(r.start, r.end)) for r in reports],
        reasons=absences.REASONS,
    )
    return page, 400 if form.errors else 200
