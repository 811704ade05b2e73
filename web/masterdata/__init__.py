"""The organisation's master data: the coordinator's lists and forms, imports and exports.

`views` holds the records' pages, `transfer` scenario JSON in and out, `people_views` the
import of people lists from spreadsheets. Every page is the coordinator's alone.
"""

from __future__ import annotations

from flask import Blueprint

from web.auth import role_required

bp = Blueprint("masterdata", __name__, url_prefix="/data")


@bp.before_request
@role_required("coordinator")
def only_coordinators() -> None:
    """Every page of this blueprint is the coordinator's alone."""


from web.masterdata import people_views, settings, transfer, views  # noqa: E402,F401  (routes on bp)
