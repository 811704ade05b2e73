"""The partner organisation's portal: its coming shifts and answers, and its carers' times.

`shifts` holds the shift list, the week view and the confirm and decline; `carers` the
carers' weekly availability and absences. A partner user sees and changes only what
belongs to its own organisation, checked on the server for every request.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from planner.domain.timeparts import iso_week
from web import database
from web.auth import role_required
from web.shiftviews import coming_weeks, now

bp = Blueprint("partner", __name__, url_prefix="/partner")


@bp.before_request
@role_required("partner")
def only_partners() -> None:
    """Every page of this blueprint is a partner organisation's alone."""
    if not current_user.partner_id:
        abort(403)  # an account of role partner that names no organisation sees nothing


@bp.context_processor
def portal_weeks() -> dict[str, object]:
    """The week the portal's week view opens at: the first coming published week, else this."""
    today = now().date()
    weeks = coming_weeks(database.session(), today)  # the request's list: read once
    return {"week_view": weeks[0] if weeks else iso_week(today)}


def partner_id() -> str:
    """The organisation of the logged-in partner user."""
    return current_user.partner_id


def actor() -> str:
    """Who changes something, as the change log and the answers name them."""
    return f"partner:{current_user.username}"


from web.partner import cards, carers, hours, shifts  # noqa: E402,F401  (routes on bp)
