"""Plan versions of a week: drafts, publishing, and the published plan a re-plan stays near."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer

from planner.domain.timeparts import iso_week, week_dates
from planner.formats.plan import load_plan
from planner.store import models as m
from planner.store.db import StoreError

DRAFT = "draft"
PUBLISHED = "published"


def save_draft(session: Session, plan_document: dict[str, Any], actor: str) -> m.PlanVersion:
    """Store a plan as the next draft version of its week (the plan is validated first)."""
    plan = load_plan(plan_document)
    week = iso_week(plan.horizon.start)
    if week_dates(week) != (plan.horizon.start, plan.horizon.end):
        raise StoreError(f"a stored plan covers one ISO week; this one runs {plan.horizon}")
    latest = session.scalar(
        sa.select(sa.func.max(m.PlanVersion.version)).where(m.PlanVersion.week == week)
    )
    version = m.PlanVersion(
        week=week,
        version=(latest or 0) + 1,
        status=DRAFT,
        document=plan_document,
        created_by=actor,
    )
    session.add(version)
    session.flush()
    session.add(
        m.Change(actor=actor, action="create", kind="plan", ref=f"{week}/v{version.version}")
    )
    return version


def publish(session: Session, week: str, version: int, actor: str) -> m.PlanVersion:
    """Make a draft the published plan of its week; earlier versions stay in the history."""
    row = session.scalar(
        sa.select(m.PlanVersion).where(m.PlanVersion.week == week, m.PlanVersion.version == version)
    )
    if row is None:
        raise StoreError(f"no plan version {version} of {week}")
    if row.status == PUBLISHED:
        raise StoreError(f"version {version} of {week} is already published")
    row.status = PUBLISHED
    row.published_at = dt.datetime.now(dt.UTC)
    row.published_by = actor
    session.add(m.Change(actor=actor, action="publish", kind="plan", ref=f"{week}/v{version}"))
    session.flush()
    return row


# Of a week's published versions the current one is the one published last.
LAST_PUBLISHED_FIRST = (m.PlanVersion.published_at.desc(), m.PlanVersion.version.desc())


# The portals read these on every page view: built once, with the week bound per call
# (building a select with its options costs more than running it on SQLite).
_PUBLISHED = (
    sa.select(m.PlanVersion)
    .options(defer(m.PlanVersion.document))
    .where(m.PlanVersion.week == sa.bindparam("week"), m.PlanVersion.status == PUBLISHED)
    .order_by(*LAST_PUBLISHED_FIRST)
    .limit(1)
)
_PUBLISHED_FROM = (
    sa.select(m.PlanVersion)
    .options(defer(m.PlanVersion.document))
    .where(m.PlanVersion.status == PUBLISHED, m.PlanVersion.week >= sa.bindparam("first"))
    .order_by(m.PlanVersion.week, *LAST_PUBLISHED_FIRST)
)


def published(session: Session, week: str) -> m.PlanVersion | None:
    """The current published version of a week: the one published last.

    Its document is read only when it is used: the pages keep the plan of a version.
    """
    return session.scalar(_PUBLISHED, {"week": week})


def published_from(session: Session, first: str) -> dict[str, m.PlanVersion]:
    """The current published version of every week from `first` on, in one query, by week."""
    rows = session.scalars(_PUBLISHED_FROM, {"first": first})
    found: dict[str, m.PlanVersion] = {}
    for row in rows:
        found.setdefault(row.week, row)  # the first of a week is its current one
    return found


def previous_items(session: Session, week: str) -> dict[str, list[Any]] | None:
    """Sessions and visits of the week's newest version, else of the week before's published.

    These become a scenario's `previous`, which a new plan stays close to: the newest
    version, draft or published, is the week as the coordinator last left it, so a re-plan
    keeps an earlier re-plan's moves. A failed version holds no plan and is passed over.
    """
    rows = session.scalars(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week)
        .order_by(m.PlanVersion.version.desc())
    )
    row = next((r for r in rows if r.document.get("status") != "failed"), None)
    if row is None:
        monday, _ = week_dates(week)
        row = published(session, iso_week(monday - dt.timedelta(days=7)))
    if row is None:
        return None
    return {
        "sessions": list(row.document.get("sessions", [])),
        "visits": list(row.document.get("visits", [])),
    }
