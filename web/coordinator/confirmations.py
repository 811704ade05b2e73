"""The coordinator's side of the answers: who confirmed, who declined, who has not answered.

A decline is acted on with one click: the carer is marked away for the shift's time in the
master data (the same road as the data pages), every item of the week the absence does not
touch is pinned, and a planning run of the week is queued (`planner.store.replan`).
Publishing its draft then tells the people concerned, as any publish does.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.formats.plan import load_plan
from planner.runtime import jobs
from planner.store.db import StaleRecord
from planner.store.replan import Away, replan
from planner.store.responses import DECLINED, current_answers
from web import absences, database
from web.coordinator import bp
from web.coordinator.answers import local_period, week_answers
from web.coordinator.labels import Labels
from web.coordinator.weekdata import open_week
from web.masterdata import records


@bp.get("/plan/<week:week>/confirmations")
def confirmations(week: str):
    """The week's published shifts by partner, each confirmed, declined or not answered."""
    data = open_week(week)
    return render_template(
        "coordinator/confirmations.html", data=data, week=data.week, answers=week_answers(data)
    )


def _refuse(week: str, message: str):
    flash(message, "error")
    return redirect(url_for("coordinator.week", week=week, _anchor="declines"))


@bp.post("/plan/<week:week>/declines/replan")
def replan_decline(week: str):
    """Plan the week again without a carer who declined, at the time of their shift."""
    data = open_week(week)
    if data.published is None:
        abort(404)
    plan = load_plan(data.published.document)
    shift = next((s for s in plan.shifts if s.id == request.form.get("shift", "")), None)
    if shift is None:
        abort(404)
    session = database.session()
    answer = current_answers(session, data.week, [shift]).get(shift.id)
    if answer is None or answer.status != DECLINED:
        return _refuse(data.week, _("This shift has no decline to act on any more."))
    if jobs.active_job(session, data.week) is not None:
        return _refuse(data.week, _("This week is already being planned."))
    if data.scenario is None:
        return _refuse(data.week, _("The master data does not make a valid scenario yet."))

    doc = records.document(session)
    found = records.find(doc, "carers", shift.carer)
    if found is None:
        return _refuse(data.week, _("The carer is no longer in the master data."))
    carer = found[1]
    period = local_period(shift, data.scenario.timezone)
    if period not in carer["absent"]:
        carer["absent"] = [*carer["absent"], period]
        try:
            _path, findings = records.save(
                session, doc, "carers", carer, f"web:{current_user.username}"
            )
        except StaleRecord:
            return _refuse(data.week, _("The master data changed while saving. Please try again."))
        if findings:
            session.rollback()
            problems = "; ".join(finding.message for finding in findings)
            return _refuse(data.week, _("The absence could not be saved: %(p)s", p=problems))
    actor = current_user.username
    away = [Away(shift.carer, shift.start, shift.end)]
    try:
        limit = float(current_app.config["SOLVE_TIME_LIMIT"])
        replan(session, data.week, limit, actor, absences.now(), away)
    except jobs.JobError as error:
        session.rollback()
        return _refuse(data.week, str(error))
    session.commit()
    flash(
        _(
            "%(carer)s is marked away at that time, the rest of the week is pinned, and the "
            "week is being planned again.",
            carer=Labels(data.scenario).name(shift.carer),
        ),
        "info",
    )
    return redirect(url_for("coordinator.week", week=data.week))
