"""Publishing a draft (planning the week again is the planning panel's Generate).

Publishing is one transaction: the draft becomes the published version (earlier ones stay
in the history), the feeds, which read published versions only, serve it from then on,
and each person whose items it changes gets one change notice in the outbox (`web.notices`).
Only the week's newest draft may be published, never a failed plan, and never one that
breaks a rule against today's master data and locks.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.check import check
from planner.plan import load_plan
from planner.store import review
from web import database
from web.coordinator import bp
from web.coordinator.review import render_week
from web.coordinator.weekdata import open_week
from web.notices import queue_notices


def _refusal(error: review.ReviewError, number: int) -> str:
    """Why the store refused a publish, in the user's language."""
    messages = {
        "published": _("Version %(n)s is already published.", n=number),
        "not-newest": _(
            "Version %(n)s is not the newest draft of this week; only the newest draft can be "
            "published.",
            n=number,
        ),
        "failed": _("Version %(n)s is a failed plan and cannot be published.", n=number),
    }
    return messages.get(error.code, str(error))


@bp.post("/plan/<week>/publish")
def publish(week: str):
    """Publish the week's newest draft, all at once."""
    data = open_week(week)
    number = request.form.get("version", type=int)
    if number is None:
        return render_week(data, data.shown(None), _("Which version to publish?"), 400)
    row = data.version(number)
    plan = load_plan(row.document)
    if data.scenario is None:
        refusal = _("The master data does not make a valid scenario for this week yet.")
        return render_week(data, row, refusal, 409)
    if plan.status != "failed" and (problems := check(data.scenario, plan)):
        refusal = _(
            "Version %(n)s breaks %(count)s rules against today's master data and locks; "
            "change it or plan the week again before publishing.",
            n=number,
            count=len(problems),
        )
        return render_week(data, row, refusal, 409)
    session = database.session()
    try:
        review.publish_newest(session, data.week, number, current_user.username)
        # The notices of the version are written in the same transaction: both or neither.
        queue_notices(session, data.week, number, data.scenario)
    except review.ReviewError as error:
        session.rollback()
        return render_week(data, row, _refusal(error, number), 409)
    session.commit()
    flash(_("Version %(n)s is published: calendars show it from now on.", n=number), "info")
    return redirect(url_for("coordinator.week", week=data.week, version=number))
