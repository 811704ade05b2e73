"""A guidance visit's own page: where a feed's link leads, with the details feeds leave out.

Only the staff member making the visit and the coordinator may open it; a partner never.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask_login import current_user

from planner.plan import load_plan
from planner.store import models as m
from planner.store.plans import PUBLISHED
from web import database
from web.auth import role_required

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
    parts = visit_id.split("/")
    if len(parts) != 3:
        abort(404)
    coordinator = current_user.role == "coordinator"
    row, found = _latest_with(parts[1], visit_id, drafts=coordinator)
    if found is None:
        abort(404)
    if not coordinator and found.staff != current_user.staff_id:
        abort(403)
    session = database.session()
    participant = session.get(m.Participant, found.participant)
    staff = session.get(m.StaffMember, found.staff)
    interpreter = session.get(m.Interpreter, found.interpreter) if found.interpreter else None
    venue = session.get(m.Venue, found.place) if found.place != "home" else None
    area = session.get(m.Area, found.area)
    today = dt.date.today()
    children = [
        (child, (today - child.birth_date).days // 365) for child in participant.children
    ] if participant else []  # fmt: skip
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
    )
