"""What the review pages of one week share: its versions, locks, newest job and scenario."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort

from planner.domain import Scenario
from planner.domain.timeparts import parse_week, week_dates
from planner.formats.problems import InvalidDocument
from planner.runtime.states import ACTIVE_JOBS
from planner.store import models as m
from planner.store import review
from planner.store.db import StoreError
from planner.store.plans import DRAFT, PUBLISHED
from web import database, memo
from web.coordinator import bp, week_status
from web.inputs import db_int


@dataclass
class WeekData:
    """One week of plans as the review pages see it."""

    week: str
    monday: dt.date
    sunday: dt.date
    versions: list[m.PlanVersion]  # newest first
    published: m.PlanVersion | None
    locks: dict[str, m.PlanLock]
    job: m.SolveJob | None
    scenario: Scenario | None
    scenario_problem: str | None = None
    # What the scenario is kept under (see `web.memo`); None when nothing may be cached.
    scenario_key: tuple | None = None

    @property
    def newest(self) -> m.PlanVersion | None:
        """The version edits build on: the newest, draft or published."""
        return self.versions[0] if self.versions else None

    @property
    def job_active(self) -> bool:
        """Whether a planning run of the week is waiting or running (and may save a version)."""
        return self.job is not None and self.job.status in ACTIVE_JOBS

    def version(self, number: int) -> m.PlanVersion:
        """A version by its number; 404 when the week has none such."""
        found = next((row for row in self.versions if row.version == number), None)
        if found is None:
            abort(404)
        return found

    def shown(self, asked: str | None) -> m.PlanVersion | None:
        """The version asked for, else the newest draft, else the published one."""
        if asked is not None:
            number = db_int(asked)
            if number is None:
                abort(404)
            return self.version(number)
        newest = self.newest
        if newest is not None and newest.status == DRAFT:
            return newest
        return self.published or newest

    def is_newest_draft(self, row: m.PlanVersion) -> bool:
        """Whether a version is the week's newest version and still a draft."""
        newest = self.newest
        return newest is not None and newest.version == row.version and row.status == DRAFT


def valid_week(week: str) -> str:
    """The week as written, if it is an ISO week like `2026-W49`; else 404."""
    try:
        parse_week(week)  # "2026-W1", a W53 of a year without one, or year 9999: no page
    except ValueError:
        abort(404)
    return week


def open_week(week: str) -> WeekData:
    """Everything the review pages of a week show; 404 for what is not a week."""
    week = valid_week(week)
    session = database.session()
    monday, sunday = week_dates(week)
    scenario, problem = None, None
    versions = review.versions(session, week)
    key = memo.scenario_key(session, week)
    try:
        scenario = memo.scenario(session, week, key=key)
    except (StoreError, InvalidDocument) as error:
        problem, key = str(error), None
    return WeekData(
        week=week,
        monday=monday,
        sunday=sunday,
        versions=versions,
        published=_published(versions),
        locks=review.locks(session, week),
        job=week_status(session, week)["job"],  # type: ignore[arg-type]
        scenario=scenario,
        scenario_problem=problem,
        scenario_key=key,
    )


def _published(versions: list[m.PlanVersion]) -> m.PlanVersion | None:
    """The current published version among a week's versions (as `plans.published` finds it)."""
    shown = [row for row in versions if row.status == PUBLISHED]
    return max(shown, key=lambda row: (aware(row.published_at), row.version), default=None)


@bp.app_template_filter("aware")
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored timestamp as an aware instant: SQLite gives them back without a zone (UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)
