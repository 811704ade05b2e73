"""The organisation's coming shifts, as a list by day and as a week, and its answers to them.

A partner confirms a shift, or declines it with a reason; the latest answer counts while
the shift stays as it was answered. A decline reaches the coordinator's review of the week.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from calendars import Reader
from planner.domain import Shift
from planner.domain.timeparts import parse_week
from planner.store.responses import CONFIRMED, DECLINED, REASON_LENGTH, record_answer
from web import database
from web.partner import actor, bp, partner_id
from web.portal_notices import notices_for
from web.shiftviews import ShiftView, WeekPlan, coming_weeks, now, published_week, shift_views

LIST = "list"
WEEK = "week"


def _reader() -> Reader:
    return Reader("partner", partner_id())


def _by_day(views: list[ShiftView]) -> list[tuple[dt.date, list[ShiftView]]]:
    return [(day, list(group)) for day, group in groupby(views, key=lambda v: v.day)]


def _counts(views: list[ShiftView]) -> dict[str, int]:
    counts = {CONFIRMED: 0, DECLINED: 0, "open": 0}
    for view in views:
        counts[view.state] += 1
    return counts


def render_list(errors: dict[str, str] | None = None, status: int = 200):
    """The coming shifts of every published week, day by day, with the latest notices."""
    session = database.session()
    moment = now()
    views: list[ShiftView] = []
    weeks = coming_weeks(session, moment.date())
    for week in weeks:
        week_plan = published_week(session, week, moment.date())
        if week_plan is not None:
            views += [v for v in shift_views(session, week_plan, _reader()) if v.shift.end > moment]
    page = render_template(
        "partner/shifts.html",
        days=_by_day(views),
        counts=_counts(views),
        weeks=weeks,
        now=moment,
        errors=errors or {},
        notices=notices_for(session, "partner", partner_id()),
        back=LIST,
    )
    return page, status


def render_week(week: str, errors: dict[str, str] | None = None, status: int = 200):
    """One published week, its seven days side by side (stacked on a phone)."""
    session = database.session()
    moment = now()
    monday, _sunday = _week_dates(week)
    week_plan = published_week(session, week, moment.date())
    views = shift_views(session, week_plan, _reader()) if week_plan else []
    grouped = dict(_by_day(views))
    days = [(day, grouped.get(day, [])) for day in (monday + dt.timedelta(n) for n in range(7))]
    weeks = coming_weeks(session, moment.date())
    page = render_template(
        "partner/week.html",
        week=week,
        monday=monday,
        published=week_plan is not None,
        days=days,
        counts=_counts(views),
        earlier=next((w for w in reversed(weeks) if w < week), None),
        later=next((w for w in weeks if w > week), None),
        now=moment,
        errors=errors or {},
        back=WEEK,
    )
    return page, status


def _week_dates(week: str) -> tuple[dt.date, dt.date]:
    try:
        return parse_week(week)
    except ValueError:
        abort(404)


@bp.get("/")
def shifts():
    """The organisation's coming shifts, day by day."""
    return render_list()


@bp.get("/weeks/<week:week>")
def week(week: str):
    """The organisation's shifts of one week."""
    return render_week(week)


def _own_shift(week: str) -> tuple[WeekPlan, Shift]:
    """The published shift the form names, if it is this organisation's; else 404."""
    _week_dates(week)
    shift_id = request.form.get("shift", "")
    week_plan = published_week(database.session(), week, now().date())
    shift = week_plan.shift(shift_id) if week_plan else None
    if week_plan is None or shift is None or shift.partner != partner_id():
        abort(404)
    return week_plan, shift


def _back(week: str, shift: Shift | None = None):
    anchor = f"shift-{ShiftView.anchor_of(shift.id)}" if shift else None
    if request.form.get("back") == WEEK:
        return redirect(url_for("partner.week", week=week, _anchor=anchor))
    return redirect(url_for("partner.shifts", _anchor=anchor))


def _refuse(week: str, shift_id: str, message: str, status: int):
    if request.form.get("back") == WEEK:
        return render_week(week, {shift_id: message}, status)
    return render_list({shift_id: message}, status)


@bp.post("/shifts/<week:week>/confirm")
def confirm(week: str):
    """Confirm a shift: the carer will be there."""
    week_plan, shift = _own_shift(week)
    if now() >= shift.start:
        return _refuse(week, shift.id, _("This shift has already begun."), 409)
    session = database.session()
    record_answer(session, week, shift, CONFIRMED, actor())
    session.commit()
    flash(_("Confirmed: %(carer)s will be there.", carer=week_plan.carer_name(shift.carer)), "info")
    return _back(week, shift)


@bp.post("/shifts/<week:week>/decline")
def decline(week: str):
    """Decline a shift with a reason; the coordinator sees it at once."""
    week_plan, shift = _own_shift(week)
    if now() >= shift.start:
        return _refuse(week, shift.id, _("This shift has already begun."), 409)
    reason = request.form.get("reason", "").strip()
    if not reason:
        return _refuse(week, shift.id, _("Say why the carer cannot come."), 400)
    if len(reason) > REASON_LENGTH:
        message = _("At most %(limit)s characters.", limit=REASON_LENGTH)
        return _refuse(week, shift.id, message, 400)
    session = database.session()
    record_answer(session, week, shift, DECLINED, actor(), reason=reason)
    session.commit()
    flash(
        _(
            "Declined: the coordinator will find someone else for %(carer)s's shift.",
            carer=week_plan.carer_name(shift.carer),
        ),
        "info",
    )
    return _back(week, shift)
