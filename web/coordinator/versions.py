"""A week's versions and holds as a whole: restore an older version, unlock or unpin all.

Restoring saves an older version again as the week's newest draft (the versions between
stay in the history) and lets go of the pins, which were made on the newer versions; locks
are facts and stay. None of these may run while a planning run of the week is under way,
since its result would be saved on top.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from planner.store import review
from web import database
from web.coordinator import bp
from web.coordinator.review import render_week
from web.coordinator.weekdata import WeekData, open_week


def _busy(data: WeekData):
    """The page again with a refusal while a planning run of the week is under way."""
    refusal = _("A planning run of this week is under way. Wait for it, or stop it, first.")
    return render_week(data, data.shown(None), refusal, 409)


@bp.post("/plan/<week:week>/release/<hold>")
def release(week: str, hold: str):
    """Remove every lock (`hold` = lock) or every pin (`hold` = pin) of the week."""
    data = open_week(week)
    if hold not in review.HOLDS:
        return render_week(data, data.shown(None), _("Only locks or pins can be released."), 404)
    if data.job_active:
        return _busy(data)
    session = database.session()
    count = review.release_all(session, data.week, hold, current_user.username)
    session.commit()
    if hold == review.LOCK:
        message = ngettext(
            "%(num)s item unlocked: planning the week again may change it.",
            "%(num)s items unlocked: planning the week again may change them.",
            count,
        )
    else:
        message = ngettext(
            "%(num)s item unpinned: planning the week again keeps it only as far as stability "
            "pays.",
            "%(num)s items unpinned: planning the week again keeps them only as far as stability "
            "pays.",
            count,
        )
    flash(message, "info")
    return redirect(url_for("coordinator.week", week=data.week))


@bp.post("/plan/<week:week>/versions/<int:number>/restore")
def restore(week: str, number: int):
    """Save an older version again as the newest draft; the week's pins are let go."""
    data = open_week(week)
    data.version(number)  # 404 for a version the week does not have
    if data.job_active:
        return _busy(data)
    if request.form.get("confirm") != "yes":
        return render_week(
            data, data.version(number), _("Confirm the restore with its button."), 400
        )
    session = database.session()
    try:
        row = review.restore_version(session, data.week, number, current_user.username)
    except review.ReviewError as error:
        session.rollback()
        messages = {
            "newest": _("Version %(n)s is already the newest.", n=number),
            "failed": _("Version %(n)s is a failed plan and cannot be restored.", n=number),
        }
        refusal = messages.get(error.code, _("Version %(n)s cannot be restored.", n=number))
        return render_week(data, data.version(number), refusal, 409)
    released = review.release_all(session, data.week, review.PIN, current_user.username)
    session.commit()
    flash(
        _(
            "Version %(old)s is restored as draft version %(n)s. %(pins)s",
            old=number,
            n=row.version,
            pins=ngettext(
                "%(num)s pin made on later versions was let go.",
                "%(num)s pins made on later versions were let go.",
                released,
            )
            if released
            else "",
        ),
        "info",
    )
    return redirect(url_for("coordinator.week", week=data.week))
