"""Recording what happened at the published plans' items, shared by every role's pages.

`forms` reads and saves the record forms, `views` fills them; `week` is the
coordinator's page of a whole week (this blueprint). The facilitator's phone page is in
`web.staff.sessions`, the guide's visit outcome on the visit's page (`web.visits`), the
partner's confirmation of its carers' hours in `web.partner.hours`.
"""

from __future__ import annotations

from flask import Blueprint

from web.auth import role_required

bp = Blueprint("attendance", __name__, url_prefix="/attendance")


@bp.before_request
@role_required("coordinator")
def only_coordinators() -> None:
    """The week's records are the coordinator's to see and edit."""


from web.attendance import week  # noqa: E402,F401  (routes on this blueprint)
