"""The organisation's own settings page: what Kotoplan does beyond the scenario's settings.

Its one setting now, "childcare follows attendance", is stored on the organisation (not
in the scenario format's `settings`) and applied when a week's scenario is made from the
database: see `planner.attendance.absentees`.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.attendance.absentees import SESSIONS
from planner.store import models as m
from planner.store.db import StaleRecord
from planner.store.master import ORGANISATION_ID, set_childcare_follows_attendance
from web import database
from web.masterdata import bp
from web.masterdata.views import actor

FIELD = "childcare_follows_attendance"


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """Show the organisation's settings, or save them (the version seen must be current)."""
    session = database.session()
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None:
        return redirect(url_for("masterdata.import_json"))
    error = None
    if request.method == "POST":
        seen = request.form.get("record_version", "")
        wanted = request.form.get(FIELD)
        if wanted not in (None, "on"):
            abort(400, _("%(field)s: tick the box or leave it empty.", field=FIELD))
        if seen != str(org.version):
            error = _(
                "The settings have been changed since this page was opened. Look at them again."
            )
        else:
            try:
                changed = set_childcare_follows_attendance(
                    session, wanted == "on", actor(), expected_version=org.version
                )
            except StaleRecord:
                abort(409, _("The master data changed while saving. Please try again."))
            session.commit()
            if changed:
                flash(_("The settings are saved; the next planning run follows them."), "info")
            return redirect(url_for("masterdata.settings"))
    page = render_template(
        "masterdata/settings.html",
        follows=org.childcare_follows_attendance,
        version=org.version,
        sessions=SESSIONS,
        error=error,
    )
    return page, 409 if error else 200
