"""Change notices from the web front: written when a version is published, counted for review.

`queue_notices` runs inside the transaction that publishes a version, so the version and
its notices are committed together or not at all. The texts are built here because their
links need the app: the participant codes come from the feeds' secret, the carers'
one-click answers are signed with the app's key. Sending is the outbox's business
(`planner.runtime.outbox`), done by the background worker or `kotoplan notices send`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from calendars.describe import participant_code
from planner.domain import Scenario, Shift
from planner.domain.childcare import judged_on
from planner.formats.plan import load_plan
from planner.notices import Links, draft_notices
from planner.runtime.mail import configured
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.notices import (
    NoticeCounts,
    languages,
    notice_counts,
    previous_published,
    store_notices,
    waiting,
)
from planner.store.plans import published


def mail_configured() -> bool:
    """Whether the app has an SMTP server (`KOTOPLAN_SMTP_HOST`); else notices stay in portals.

    Only the host is looked at here: a mistake in the other settings must not stop a
    publish. The sender reads them all, and says what is wrong.
    """
    return configured(current_app.config, prefix="SMTP_")


def links(week: str) -> Links:
    """What this installation's notices link to, with the secrets they need."""
    from web.answer import answer_url
    from web.feeds import settings

    feed = settings()

    def answers(shift: Shift) -> tuple[str, str]:
        return (
            answer_url(shift, shift.carer, week, "confirm"),
            answer_url(shift, shift.carer, week, "decline"),
        )

    return Links(feed.base_url, lambda person: participant_code(person, feed.secret), answers)


def _scenario(session: Session, week: str) -> Scenario:
    # A week ahead may hold a child born after today (the demo's always does).
    return export_scenario(session, week, today=judged_on(week))


def queue_notices(
    session: Session,
    week: str,
    version: int,
    scenario: Scenario | None = None,
    deliver: bool | None = None,
) -> list[m.Notice]:
    """Write the notices of a just published version: one per person whose items changed.

    Against the version published before it; a week's first publication tells everyone
    with an item their week. `deliver` (default: an SMTP server is configured) sends them
    by email, else the portals show them. Calling it again for a version adds nothing.
    """
    row = published(session, week)
    if row is None or row.version != version:
        raise ValueError(f"version {version} of {week} is not the week's published version")
    before = previous_published(session, week, version)
    drafts = draft_notices(
        scenario or _scenario(session, week),
        load_plan(before.document) if before is not None else None,
        load_plan(row.document),
        week,
        links(week),
        languages(session),
    )
    if deliver is None:
        deliver = mail_configured()
    return store_notices(session, week, version, drafts, deliver)


@dataclass(frozen=True)
class NoticePanel:
    """What the coordinator sees of the notices of a week's published version."""

    counts: NoticeCounts
    smtp: bool  # whether a server is configured: else every notice is shown in the portals
    next_attempt: dt.datetime | None = None  # of the first notice still waiting
    last_error: str | None = None  # why the last attempt of a waiting notice failed


def notice_panel(session: Session, row: m.PlanVersion | None) -> NoticePanel | None:
    """The notices of a week's published version `row`, for `coordinator/_notices.html`."""
    if row is None:
        return None
    week = row.week
    waiting_now = waiting(session, week, row.version)
    first = waiting_now[0] if waiting_now else None
    failed = next((n for n in waiting_now if n.last_error), None)
    return NoticePanel(
        counts=notice_counts(session, week, row.version),
        smtp=mail_configured(),
        next_attempt=first.next_attempt_at if first is not None else None,
        last_error=failed.last_error if failed is not None else None,
    )
