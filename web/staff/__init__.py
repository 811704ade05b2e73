"""The staff member's own pages: her week on the phone, and reporting an absence.

`week` shows her sessions, visits and travel from the published plan, day by day;
`absence` takes "I'm sick today" and "I'll be away" and lists what she has reported.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint
from flask_login import current_user

from planner.store import models as m
from web import database
from web.auth import role_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
@role_required("staff")
def only_staff() -> None:
    """Every page of this blueprint is for staff members alone."""


# Read on every page of hers: built once, bound per call.
_MEMBER = sa.select(m.StaffMember).where(m.StaffMember.id == sa.bindparam("id"))


def member() -> m.StaffMember | None:
    """The staff member the logged-in account belongs to, if it is linked to one."""
    if not current_user.staff_id:
        return None
    return database.session().scalar(_MEMBER, {"id": current_user.staff_id})


from web.staff import absence, sessions, week  # noqa: E402,F401  (routes on this blueprint)
