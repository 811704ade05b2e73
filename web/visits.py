"""A guidance visit's own page: where a feed's link leads, with the details feeds leave out.

Only the staff member making the visit and the coordinator may open it, a partner never
(`planner.visibility.visit_page` decides it and what the page shows).
Once a visit of a published plan has started, its page takes its outcome: done (its real
length, the interpreter used), cancelled (by whom) or no-show.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.attendance.items import VISIT
from planner.attendance.reading import visit_records
from planner.domain import Child
from planner.formats.plan import load_plan
from planner.store import models as m
from planner.store.plans import PUBLISHED
from planner.visibility import COORDINATOR, STAFF, Reader, visit_page
from web import database
from web.attendance.forms import (
    CANCELLED_BY_WORDS,
    VISIT_WORDS,
    Refused,
    Stale,
    find_item,
    save_visit,
)
from web.attendance.views import Lookups, visit_view
from web.auth import role_required
from web.shiftviews import now

bp = Blueprint("visits", __name__)


def _latest_with(week: str, visit_id: str, drafts: bool):
    """The newest plan version of the week holding the visit (published ones first)."""
    rows = database.session().scalars(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week)
        .order_by((m.PlanVersion.status == PUBLISHED).desc(), m.PlanVersion.version.desc())
    )
    for row in rows:
        if row.status != PUBLISHED and not drafts:
            continue
        for visit in load_plan(row.document).visits:
            if visit.id == visit_id:
                return row, visit
    return None, None


@bp.get("/visits/<path:visit_id>")
@role_required("coordinator", "staff")
def visit(visit_id: str):
    """The visit, the participant and her children, for the people who make it."""
    return _visit_page(visit_id)


def _outcome(visit_id: str, error: str | None = None, posted=None):
    """The visit's outcome form, if it is in its week's published plan."""
    session = database.session()
    try:
        item = find_item(session, visit_id, VISIT)
    except Refused:
        return None
    record = visit_records(session, [visit_id]).get(visit_id)
    view = visit_view(item, record, now(), Lookups.read(session), _("Guidance visit"), posted)
    view.error = error
    return view


def _visit_page(visit_id: str, status: int = 200, error: str | None = None, posted=None):
    parts = visit_id.split("/")
    if len(parts) != 3:
        abort(404)
    coordinator = current_user.role == "coordinator"
    row, found = _latest_with(parts[1], visit_id, drafts=coordinator)
    if found is None:
        abort(404)
    staff_id = current_user.staff_id
    reader = Reader(COORDINATOR) if coordinator else Reader(STAFF, staff_id) if staff_id else None
    shown = visit_page(reader, found) if reader is not None else None
    if shown is None:
        abort(403)
    session = database.session()
    participant = session.get(m.Participant, found.participant) if shown.name else None
    staff = session.get(m.StaffMember, found.staff)
    interpreter = session.get(m.Interpreter, found.interpreter) if found.interpreter else None
    venue = session.get(m.Venue, found.place) if found.place != "home" else None
    area = session.get(m.Area, found.area)
    today = dt.date.today()
    children = [
        (child, Child(child.id, child.birth_date).age_on(today))
        for child in participant.children
    ] if participant and shown.children else []  # fmt: skip
    return render_template(
        "visits/visit.html",
        visit=found,
        version=row,
        participant=participant,
        children=children,
        staff=staff,
        interpreter=interpreter,
        venue=venue,
        area=area,
        outcome=_outcome(visit_id, error, posted) if row.status == PUBLISHED else None,
        words=VISIT_WORDS,
        by_words=CANCELLED_BY_WORDS,
    ), status


@bp.post("/visits/<path:visit_id>/outcome")
@role_required("coordinator", "staff")
def outcome(visit_id: str):
    """Done (its real length, interpreter used), cancelled by whom, or no-show."""
    session = database.session()
    try:
        item = find_item(session, visit_id, VISIT)
        if current_user.role != "coordinator" and item.doc["staff"] != current_user.staff_id:
            raise Refused(403, _("You do not make this visit."))
        save_visit(session, item, request.form, current_user.username, now())
    except Stale as stale:
        return _visit_page(visit_id, 409, stale.message, request.form)
    except Refused as refused:
        if refused.status == 400:
            return _visit_page(visit_id, 400, refused.message, request.form)
        return refused.answer()
    session.commit()
    flash(_("Saved."), "info")
    return redirect(url_for("visits.visit", visit_id=visit_id, _anchor="outcome"))
