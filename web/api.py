"""The JSON API: what the pages' scripts poll. Errors answer in JSON (see `web.errors`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify

from planner.runtime.jobs import PROGRESS_FIELDS
from planner.store import models as m
from web import database
from web.auth import role_required

bp = Blueprint("api", __name__, url_prefix="/api")


def job_document(job: m.SolveJob) -> dict[str, Any]:
    """A planning run as its page's script reads it."""
    progress = job.progress or {}
    return {
        "id": job.id,
        "week": job.week,
        "status": job.status,
        "progress": {field: progress.get(field) for field in PROGRESS_FIELDS},
        "time_limit": job.time_limit,
        "message": job.message,
        "plan_version": job.plan_version,
    }


@bp.get("/jobs/<int:job_id>")
@role_required("coordinator")
def job(job_id: int):
    """A planning run's state and latest progress."""
    row = database.session().get(m.SolveJob, job_id)
    if row is None:
        abort(404, f"no planning run {job_id}")
    response = jsonify(job_document(row))
    # Polled every second: an answer must never come from a cache.
    response.headers["Cache-Control"] = "no-store"
    return response
