"""Planning a week in the background: start and stop solve jobs.

No request waits on the solver: Generate only queues a job, which a worker runs in a
process of its own (`planner.runtime.worker`), and the week's page follows it through
`GET /api/jobs/<id>` (`web.api`). The job lives in the database, so a reload or a second
browser shows the same run. The pages name a job's states with `JOB_LABELS` and
`JOB_BADGES`, one word and one colour per `JobStatus`.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import FloatField
from wtforms.validators import NumberRange, Optional

from planner.runtime import jobs
from planner.runtime.states import ACTIVE_JOBS, JobStatus
from planner.store import models as m
from planner.store.replan import replan
from web import absences, database
from web.coordinator import bp
from web.coordinator.weekdata import valid_week

JOB_LABELS = {
    JobStatus.QUEUED: _l("Waiting"),
    JobStatus.RUNNING: _l("Planning"),
    JobStatus.STOPPING: _l("Stopping"),
    JobStatus.DONE: _l("Done"),
    JobStatus.STOPPED: _l("Stopped"),
    JobStatus.FAILED: _l("Failed"),
}
JOB_BADGES = {
    JobStatus.QUEUED: "",
    JobStatus.RUNNING: "warn",
    JobStatus.STOPPING: "warn",
    JobStatus.DONE: "good",
    JobStatus.STOPPED: "warn",
    JobStatus.FAILED: "bad",
}


@bp.app_context_processor
def job_states() -> dict[str, object]:
    """The templates' names of a job's states: `JobStatus`, its active ones, words, colours."""
    return {
        "JobStatus": JobStatus,
        "active_jobs": ACTIVE_JOBS,
        "job_label": lambda status: str(JOB_LABELS[JobStatus(status)]),
        "job_badge": lambda status: JOB_BADGES[JobStatus(status)],
    }


class GenerateForm(FlaskForm):
    class Meta:
        csrf = False  # CSRFProtect has checked every POST before the view runs

    time_limit = FloatField(
        _l("Time limit (seconds)"),
        validators=[Optional(), NumberRange(min=jobs.MIN_TIME_LIMIT, max=jobs.MAX_TIME_LIMIT)],
    )


def week_page(week: str) -> str:
    """The week's page, where the run is followed."""
    return url_for("coordinator.week", week=week)


@bp.post("/plan/<week:week>/generate")
def generate(week: str):
    """Queue a planning run of the week and go back to its page at once."""
    week = valid_week(week)  # "2026-W5" has no page, so no run either
    form = GenerateForm()
    if not form.validate_on_submit():
        # The first error says enough: "soon" is not a number, and so not in range either.
        flash(f"{form.time_limit.label.text}: {form.time_limit.errors[0]}", "error")
        return redirect(week_page(week))
    session = database.session()
    time_limit = form.time_limit.data or current_app.config["SOLVE_TIME_LIMIT"]
    busy = jobs.active_job(session, week)
    if busy is not None:
        flash(_("This week is already being planned."), "error")
        return redirect(week_page(week))
    try:
        replan(session, week, float(time_limit), current_user.username, absences.now())
    except jobs.JobError as error:
        # Another click won the race to queue the week (the database refused this one),
        # or SOLVE_TIME_LIMIT is out of range.
        if jobs.active_job(session, week) is not None:
            flash(_("This week is already being planned."), "error")
        else:
            flash(str(error), "error")
        return redirect(week_page(week))
    session.commit()
    return redirect(week_page(week))


@bp.post("/jobs/<int:job_id>/stop")
def stop_job(job_id: int):
    """Stop a planning run; a running one keeps its best plan so far as a draft."""
    session = database.session()
    job = session.get(m.SolveJob, job_id)
    if job is None:
        abort(404)
    try:
        jobs.request_stop(session, job_id)
    except jobs.JobError:
        flash(_("This planning run had already ended."), "info")
    else:
        session.commit()
    return redirect(week_page(job.week))
