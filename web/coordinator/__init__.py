"""The coordinator's pages: the weeks at a glance, planning, review and publishing.

`planning` starts and follows solve jobs, `review` shows a draft and takes the
coordinator's edits, locks and the publish; this module holds the start page.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request

from planner.domain.timeparts import FIRST_YEAR, LAST_YEAR, iso_week, week_dates
from planner.store import models as m
from planner.store.plans import DRAFT, PUBLISHED
from web import database
from web.auth import role_required

bp = Blueprint("coordinator", __name__)
WEEKS_SHOWN = 6


@bp.before_request
@role_required("coordinator")
def only_coordinators() -> None:
    """Every page of this blueprint is the coordinator's alone."""


def week_status(session, week: str) -> dict[str, object]:
    """What a week has: its published version, newest draft, newest job."""
    rows = session.execute(
        sa.select(m.PlanVersion.version, m.PlanVersion.status, m.PlanVersion.published_at)
        .where(m.PlanVersion.week == week)
        .order_by(m.PlanVersion.version.desc())
    ).all()
    published = next((v for v in rows if v.status == PUBLISHED), None)
    draft = next((v for v in rows if v.status == DRAFT), None)
    job = session.scalar(
        sa.select(m.SolveJob).where(m.SolveJob.week == week).order_by(m.SolveJob.id.desc()).limit(1)
    )
    monday, sunday = week_dates(week)
    return {
        "week": week,
        "monday": monday,
        "sunday": sunday,
        "published": published,
        "draft": draft if draft and (not published or draft.version > published.version) else None,
        "versions": len(rows),
        "job": job,
    }


@bp.get("/planning")
def home():
    """The coming weeks, each with its plan's state and what to do next."""
    start = request.args.get("from")
    try:
        first = dt.date.fromisoformat(start) if start else dt.date.today()
    except ValueError:
        abort(400, "from: not a date (YYYY-MM-DD)")
    if not FIRST_YEAR <= first.year <= LAST_YEAR:  # weeks on from 9999-12-31 overflow
        abort(404)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = [iso_week(monday + dt.timedelta(weeks=n)) for n in range(-1, WEEKS_SHOWN - 1)]
    session = database.session()
    return render_template(
        "coordinator/home.html",
        weeks=[week_status(session, w) for w in weeks],
        this_week=iso_week(dt.date.today()),
        earlier=(monday - dt.timedelta(weeks=WEEKS_SHOWN - 2)).isoformat(),
        later=(monday + dt.timedelta(weeks=WEEKS_SHOWN - 2)).isoformat(),
    )


# Every module with routes on this blueprint, registered here and only here.
from web.coordinator import (  # noqa: E402,F401
    absences,
    absentees,
    confirmations,
    edits,
    planning,
    publishing,
    reasons,
    review,
    users,
    versions,
)
