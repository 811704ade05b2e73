"""Participant records for the funders: the coordinator's pages of ESF entry data.

The entry data is special-category personal data: every page here is the coordinator's
alone, every page that shows entry data logs the read, and the export is logged too.
"""

from __future__ import annotations

from flask import Blueprint

from web.auth import role_required

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.before_request
@role_required("coordinator")
def only_coordinators() -> None:
    """Staff and partners never see entry data: every page is the coordinator's."""


from web.records import views  # noqa: E402,F401  (routes on bp)
