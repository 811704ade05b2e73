"""The plans of the weeks: their versions, the change log, holds, answers and planning runs."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.runtime.states import ACTIVE_JOBS, JobStatus, sql_in
from planner.store.models.base import Base, JsonValue, State, utcnow


class PlanVersion(Base):
    """One version of the plan of one ISO week; at most one published version is current."""

    __tablename__ = "plan_versions"
    __table_args__ = (sa.UniqueConstraint("week", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    version: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16))
    document: Mapped[JsonValue]
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_by: Mapped[str | None] = mapped_column(sa.String(200))


class Change(Base):
    """Who changed what, when: one row per created, updated or deleted record."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(32))
    ref: Mapped[str] = mapped_column(sa.String(200))
    detail: Mapped[JsonValue | None]


# The active states as SQL: queued, running or stopping.
ACTIVE_JOB_STATES = sql_in("status", ACTIVE_JOBS)


class SolveJob(Base):
    """A planning run of one week, done by a worker process outside any web request.

    Its state lives here, so a reload, a second browser or a worker on another machine all
    see the same job. `progress` holds the latest report: elapsed, objective, bound, placed.
    """

    __tablename__ = "solve_jobs"
    # One active run per week, kept by the database itself: two Generate clicks racing
    # past the check in `jobs.enqueue` cannot both insert (the second gets IntegrityError).
    __table_args__ = (
        sa.Index(
            "uq_solve_jobs_active_week",
            "week",
            unique=True,
            sqlite_where=sa.text(ACTIVE_JOB_STATES),
            postgresql_where=sa.text(ACTIVE_JOB_STATES),
        ),
        sa.CheckConstraint(sql_in("status", JobStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    status: Mapped[JobStatus] = mapped_column(State(JobStatus), index=True)
    time_limit: Mapped[float]
    requested_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(sa.String(200))
    stop_requested: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[JsonValue | None]
    message: Mapped[str | None] = mapped_column(sa.Text)
    plan_version: Mapped[int | None]
    # The moment the run was asked for: nothing is planned to start before it (the past
    # stays put); None plans the whole week.
    not_before: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class PlanLock(Base):
    """An item of a week's plan held as it is when the week is planned again.

    `item` is the session or visit in the plan's JSON form. A `lock` is a fact (it was
    agreed or has happened): it becomes the scenario's `locked` (rule H11) for every later
    run of that week. A `pin` is a wish (a hand edit, what a one-click re-plan keeps): it
    becomes a `previous` item named in `pinned`, kept unless a rule now forbids it.
    """

    __tablename__ = "plan_locks"
    __table_args__ = (sa.UniqueConstraint("week", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    item_id: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    item: Mapped[JsonValue]
    locked_by: Mapped[str] = mapped_column(sa.String(200))
    locked_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    hold: Mapped[str] = mapped_column(sa.String(8), default="lock", server_default="lock")


class ShiftResponse(Base):
    """A partner's (or carer's) answer to a childcare shift: confirmed, or declined and why.

    The answer holds the shift as it was when given (`start`, `end`, `venue`): once a new
    version moves the shift, the old answer no longer counts. `link_id` is the one-click
    link that gave it, so such a link works once.
    """

    __tablename__ = "shift_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    shift_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    carer_id: Mapped[str] = mapped_column(sa.String(120))
    partner_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    venue: Mapped[str] = mapped_column(sa.String(120))
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    responded_by: Mapped[str] = mapped_column(sa.String(200))
    responded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    link_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)


class AbsenceReport(Base):
    """An absence reported by a staff member or a partner, for the coordinator to act on.

    The absence itself is written into the person's `absent` periods at once, so the next
    planning run sees it; the report keeps who said what and whether it has been handled.
    """

    __tablename__ = "absence_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_kind: Mapped[str] = mapped_column(sa.String(16))
    person_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(sa.String(32))
    note: Mapped[str | None] = mapped_column(sa.Text)
    reported_by: Mapped[str] = mapped_column(sa.String(200))
    reported_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
