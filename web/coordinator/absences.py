"""Absences reported by staff and partners, and the one-click re-plan around them.

The start page lists every report not yet handled, with the published weeks it reaches:
which items need the absent person (they are planned again) and how many stay as they
are (they are pinned: kept unless a rule now forbids it). The re-plan
(`planner.store.replan`) pins, queues a run per week and marks the report handled in one
transaction; the runs make drafts the coordinator reviews.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from planner.domain import Session as GroupSession
from planner.domain import Visit
from planner.formats.problems import InvalidDocument
from planner.runtime import jobs
from planner.store import models as m
from planner.store.db import StoreError
from planner.store.plans import published
from planner.store.replan import replan
from web import absences, database, memo
from web.coordinator import bp
from web.coordinator.labels import Labels
from web.i18n import week_label


@dataclass
class WeekEffect:
    """What an absence does to one week: its published version, the items it needs again."""

    week: str
    version: int | None  # the published version, None when the week has none
    touched: list[GroupSession | Visit] = field(default_factory=list)
    kept: int = 0  # sessions and visits the run keeps as they are
    busy: m.SolveJob | None = None  # a run of the week that is queued or running
    labels: Labels | None = None

    @property
    def needs_run(self) -> bool:
        return self.version is not None and bool(self.touched)


@dataclass
class Pending:
    """A report the coordinator has not acted on, with what it does to each week."""

    report: m.AbsenceReport
    name: str
    when: str
    weeks: list[WeekEffect]

    @property
    def affected(self) -> list[WeekEffect]:
        """The published weeks where the absence takes the person away from an item."""
        return [w for w in self.weeks if w.needs_run]

    @property
    def busy(self) -> list[WeekEffect]:
        return [w for w in self.affected if w.busy is not None]


def _labels(session: Session, week: str, cache: dict[str, Labels]) -> Labels:
    if week not in cache:
        try:
            cache[week] = Labels(memo.scenario(session, week))
        except (StoreError, InvalidDocument):
            cache[week] = Labels(None)  # names fall back to ids; the page still works
    return cache[week]


def effects(session: Session, report: m.AbsenceReport, cache: dict[str, Labels]) -> Pending:
    """A report with the weeks it reaches and what a re-plan of each would keep."""
    away = absences.away_of(report)
    weeks = []
    for week in absences.weeks_of(away.start, away.end):
        row = published(session, week)
        effect = WeekEffect(week, row.version if row is not None else None)
        if row is not None:
            plan = memo.plan(session, row)
            effect.touched = absences.touched(plan, away)
            effect.kept = len(plan.sessions) + len(plan.visits) - len(effect.touched)
            effect.busy = jobs.active_job(session, week)
            if effect.touched:
                effect.labels = _labels(session, week, cache)
        weeks.append(effect)
    return Pending(
        report=report,
        name=absences.person_name(session, report.person_kind, report.person_id),
        when=absences.span(report.start, report.end),
        weeks=weeks,
    )


@bp.context_processor
def absence_panel() -> dict[str, object]:
    """`absence_reports()` for the start page's panel, worked out only when it is shown."""

    def absence_reports() -> list[Pending]:
        session = database.session()
        cache: dict[str, Labels] = {}
        return [effects(session, r, cache) for r in absences.unhandled(session)]

    return {"absence_reports": absence_reports, "absence_reasons": absences.REASONS}


def _open(report_id: int) -> m.AbsenceReport | None:
    """The report, or None (with a message) when it has been handled meanwhile; 404 if none."""
    report = database.session().get(m.AbsenceReport, report_id)
    if report is None:
        abort(404)
    if report.handled_at is not None:
        flash(_("This absence has already been handled."), "info")
        return None
    return report


@bp.post("/absences/<int:report_id>/replan")
def replan_absence(report_id: int):
    """Plan every affected published week again around the absence, keeping all else."""
    report = _open(report_id)
    if report is None:
        return redirect(url_for("coordinator.home"))
    session = database.session()
    pending = effects(session, report, {})
    if pending.busy:
        # A run already under way would not see the new locks; nothing is changed.
        weeks = ", ".join(week_label(w.week) for w in pending.busy)
        flash(
            _(
                "%(weeks)s is being planned right now; try again when the run has ended.",
                weeks=weeks,
            ),
            "error",
        )
        return redirect(url_for("coordinator.home"))
    away = absences.away_of(report)
    time_limit = float(current_app.config["SOLVE_TIME_LIMIT"])
    done = []
    try:
        for effect in pending.affected:
            run = replan(
                session, effect.week, time_limit, current_user.username, absences.now(), [away]
            )
            done.append(
                _(
                    "%(week)s: %(locked)s kept, %(free)s planned again",
                    week=week_label(effect.week),
                    locked=run.pinned + run.started,
                    free=run.free,
                )
            )
    except jobs.JobError as error:
        # Another run was queued in between (or the time limit is off): all or nothing.
        session.rollback()
        flash(_("The weeks could not be planned again: %(why)s", why=str(error)), "error")
        return redirect(url_for("coordinator.home"))
    report.handled_at = dt.datetime.now(dt.UTC)
    session.commit()
    if not done:
        flash(
            _(
                "No published plan needed %(name)s then; the absence is marked handled.",
                name=pending.name,
            ),
            "info",
        )
        return redirect(url_for("coordinator.home"))
    flash(
        _(
            "Planning again around %(name)s's absence (%(weeks)s). Review and publish the new "
            "draft when the run has ended.",
            name=pending.name,
            weeks="; ".join(done),
        ),
        "info",
    )
    if len(pending.affected) == 1:
        return redirect(url_for("coordinator.week", week=pending.affected[0].week))
    return redirect(url_for("coordinator.home"))


@bp.post("/absences/<int:report_id>/handled")
def absence_handled(report_id: int):
    """Mark a report handled without planning again (the coordinator saw to it herself)."""
    report = _open(report_id)
    if report is not None:
        report.handled_at = dt.datetime.now(dt.UTC)
        database.session().commit()
        flash(_("The absence is marked handled."), "info")
    return redirect(url_for("coordinator.home"))
