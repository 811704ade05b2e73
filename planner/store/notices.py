"""The change notices of published versions: written into the outbox, counted for the coordinator.

A notice is written in the transaction that publishes its version, so a version is
published exactly when its notices exist. One row per (week, version, recipient): writing
the same notices again adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.notices import Draft
from planner.runtime.states import NoticeStatus
from planner.store import models as m
from planner.store.plans import PUBLISHED

PENDING = NoticeStatus.PENDING
PORTAL = NoticeStatus.PORTAL
SENT = NoticeStatus.SENT
FAILED = NoticeStatus.FAILED
STATUSES = tuple(NoticeStatus)
ACCOUNT_KINDS = {"staff": m.User.staff_id, "partner": m.User.partner_id}


def previous_published(session: Session, week: str, version: int) -> m.PlanVersion | None:
    """The version of the week published before `version`: what people knew until now."""
    return session.scalar(
        sa.select(m.PlanVersion)
        .where(
            m.PlanVersion.week == week,
            m.PlanVersion.status == PUBLISHED,
            m.PlanVersion.version != version,
        )
        .order_by(m.PlanVersion.published_at.desc(), m.PlanVersion.version.desc())
        .limit(1)
    )


def languages(session: Session) -> dict[tuple[str, str], str]:
    """The language of each staff member and partner with an account (its first active one)."""
    found: dict[tuple[str, str], str] = {}
    for kind, column in ACCOUNT_KINDS.items():
        rows = session.execute(
            sa.select(column, m.User.language)
            .where(column.is_not(None), m.User.active.is_(True))
            .order_by(m.User.id)
        )
        for person, language in rows:
            found.setdefault((kind, person), language)
    return found


def store_notices(
    session: Session, week: str, version: int, drafts: Iterable[Draft], deliver: bool
) -> list[m.Notice]:
    """Write the notices of a version not written yet; `deliver`: an SMTP server is set up.

    A notice goes by email (PENDING) when its recipient has an address and there is a
    server to send with; otherwise the portal shows it (PORTAL).
    """
    written = {
        (kind, person)
        for kind, person in session.execute(
            sa.select(m.Notice.recipient_kind, m.Notice.recipient_id).where(
                m.Notice.week == week, m.Notice.version == version
            )
        )
    }
    rows = []
    for draft in drafts:
        recipient = draft.recipient
        if (recipient.kind, recipient.id) in written:
            continue
        row = m.Notice(
            week=week,
            version=version,
            recipient_kind=recipient.kind,
            recipient_id=recipient.id,
            email=recipient.email,
            language=draft.language,
            subject=draft.subject,
            body=draft.body,
            status=PENDING if deliver and recipient.email else PORTAL,
            attempts=0,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


@dataclass(frozen=True)
class NoticeCounts:
    """The notices of one published version, by status."""

    week: str
    version: int
    pending: int = 0
    portal: int = 0
    sent: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        """Every notice of the version: one per person whose plan changed."""
        return self.pending + self.portal + self.sent + self.failed


def notice_counts(session: Session, week: str, version: int) -> NoticeCounts:
    """How many notices of a version wait, were sent, are shown in portals, or failed."""
    rows = session.execute(
        sa.select(m.Notice.status, sa.func.count())
        .where(m.Notice.week == week, m.Notice.version == version)
        .group_by(m.Notice.status)
    )
    counts = {status: n for status, n in rows if status in STATUSES}
    return NoticeCounts(week, version, **counts)


def waiting(session: Session, week: str, version: int) -> list[m.Notice]:
    """The notices of a version still to be sent, the next due first."""
    return list(
        session.scalars(
            sa.select(m.Notice)
            .where(m.Notice.week == week, m.Notice.version == version, m.Notice.status == PENDING)
            .order_by(m.Notice.next_attempt_at.nulls_first(), m.Notice.id)
        )
    )
