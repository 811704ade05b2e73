"""Publishing a draft (planning the week again is the planning panel's Generate).

Publishing is one transaction: the draft becomes the published version (earlier ones stay
in the history), the feeds, which read published versions only, serve it from then on,
and each person whose items it changes gets one change notice in the outbox (`web.notices`).
Only the week's newest draft may be published, never a failed plan, never one that
breaks a rule against today's master data and locks, and never one that books anyone
inside a reported absence or on a declined shift, locked items included.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.planning.absences import DECLINED, Clash
from planner.store import review
from web import database
from web.coordinator import bp
from web.coordinator.labels import Labels
from web.coordinator.review import render_week
from web.coordinator.weekdata import open_week
from web.i18n import clock, finnish
from web.notices import queue_notices


def _refusal(error: review.ReviewError, number: int, labels: Labels) -> str:
    """Why the store refused a publish, in the user's language."""
    messages = {
        "published": _("Version %(n)s is already published.", n=number),
        "not-newest": _(
            "Version %(n)s is not the newest draft of this week; only the newest draft can be "
            "published.",
            n=number,
        ),
        "failed": _("Version %(n)s is a failed plan and cannot be published.", n=number),
        "rules": _(
            "Version %(n)s breaks %(count)s rules against today's master data and locks; "
            "change it or plan the week again before publishing.",
            n=number,
            count=len(error.violations),
        ),
    }
    if error.code == "absent":
        return _(
            "Version %(n)s books people who cannot come: %(items)s. Plan the week again (or "
            "change these items) before publishing.",
            n=number,
            items="; ".join(_clash(labels, clash) for clash in error.clashes),
        )
    return messages.get(error.code, str(error))


def _clash(labels: Labels, clash: Clash) -> str:
    """`Arabiankielinen ryhmä, Kemi (to 3.12. klo 10.00): Aino Testinen on poissa`."""
    when = f"{finnish(clash.start)}–{clock(clash.end)}"
    if clash.why == DECLINED:
        said = _("%(name)s's shift is declined", name=labels.name(clash.person))
    else:
        said = _("%(name)s is away", name=labels.name(clash.person))
    return f"{labels.ref_title(clash.item, _kind(clash.item, labels))} ({when}): {said}"


def _kind(ref: str, labels: Labels) -> str:
    return "visit" if ref.split("/")[0] in labels.need_of else "session"


@bp.post("/plan/<week:week>/publish")
def publish(week: str):
    """Publish the week's newest draft, all at once."""
    data = open_week(week)
    number = request.form.get("version", type=int)
    if number is None:
        return render_week(data, data.shown(None), _("Which version to publish?"), 400)
    row = data.version(number)
    if data.scenario is None:
        refusal = _("The master data does not make a valid scenario for this week yet.")
        return render_week(data, row, refusal, 409)
    session = database.session()
    try:
        # The same checks as `kotoplan publish`, in the same order (`review.publish_checked`).
        review.publish_checked(session, data.week, number, current_user.username, data.scenario)
        # The notices of the version are written in the same transaction: both or neither.
        queue_notices(session, data.week, number, data.scenario)
    except review.ReviewError as error:
        session.rollback()
        return render_week(data, row, _refusal(error, number, Labels(data.scenario)), 409)
    session.commit()
    flash(_("Version %(n)s is published: calendars show it from now on.", n=number), "info")
    return redirect(url_for("coordinator.week", week=data.week, version=number))
