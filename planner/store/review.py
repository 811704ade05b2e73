"""The coordinator's review of a week: its versions, locked items, edited drafts, publishing.

Like the rest of the store, these functions take the caller's session and never commit:
an edit saves its draft and its lock in the caller's one transaction, and so does a publish.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.store import models as m
from planner.store.db import StoreError
from planner.store.plans import DRAFT, PUBLISHED, publish, save_draft
from planner.timeparts import iso_week

KINDS = ("session", "visit")


class ReviewError(StoreError):
    """A review step that the week's state does not allow; `code` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def versions(session: Session, week: str) -> list[m.PlanVersion]:
    """Every version of a week's plan, newest first."""
    return list(
        session.scalars(
            sa.select(m.PlanVersion)
            .where(m.PlanVersion.week == week)
            .order_by(m.PlanVersion.version.desc())
        )
    )


def newest(session: Session, week: str) -> m.PlanVersion | None:
    """The week's newest version, draft or published: the one edits build on."""
    return session.scalar(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week)
        .order_by(m.PlanVersion.version.desc())
        .limit(1)
    )


def locks(session: Session, week: str) -> dict[str, m.PlanLock]:
    """The week's locked items by item id."""
    rows = session.scalars(sa.select(m.PlanLock).where(m.PlanLock.week == week))
    return {row.item_id: row for row in rows}


def lock_item(
    session: Session, week: str, kind: str, item: dict[str, Any], actor: str
) -> m.PlanLock:
    """Lock a session or visit (its plan form) so that every later run of the week keeps it."""
    if kind not in KINDS:
        raise ValueError(f"a lock holds a session or a visit, not a {kind}")
    row = session.scalar(
        sa.select(m.PlanLock).where(m.PlanLock.week == week, m.PlanLock.item_id == item["id"])
    )
    if row is None:
        row = m.PlanLock(week=week, item_id=item["id"], kind=kind, item=item, locked_by=actor)
        session.add(row)
    else:
        row.kind, row.item, row.locked_by = kind, item, actor
        row.locked_at = dt.datetime.now(dt.UTC)
    session.add(m.Change(actor=actor, action="lock", kind="plan_lock", ref=f"{week}/{item['id']}"))
    session.flush()
    return row


def unlock_item(session: Session, week: str, item_id: str, actor: str) -> bool:
    """Let later runs move an item again; whether it was locked."""
    row = session.scalar(
        sa.select(m.PlanLock).where(m.PlanLock.week == week, m.PlanLock.item_id == item_id)
    )
    if row is None:
        return False
    session.delete(row)
    session.add(m.Change(actor=actor, action="unlock", kind="plan_lock", ref=f"{week}/{item_id}"))
    session.flush()
    return True


def save_edit(
    session: Session,
    document: dict[str, Any],
    kind: str,
    item: dict[str, Any],
    actor: str,
    based_on: int,
) -> m.PlanVersion:
    """Save a hand-edited plan as the week's next draft and lock the item edited by hand.

    `based_on` is the version the edit was made on; if another has been saved since, the
    edit would silently drop it, so it is refused instead.
    """
    week = iso_week(dt.date.fromisoformat(document["horizon"]["start"]))
    latest = session.scalar(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week)
        .order_by(m.PlanVersion.version.desc())
        .limit(1)
        .with_for_update()  # two edits at once: the second waits, then sees the first's version
    )
    if latest is None or latest.version != based_on:
        newer = latest.version if latest is not None else None
        raise ReviewError("stale", f"the edit was made on version {based_on}; {newer} is newest")
    version = save_draft(session, document, actor)
    lock_item(session, version.week, kind, item, actor)
    return version


def publish_newest(session: Session, week: str, number: int, actor: str) -> m.PlanVersion:
    """Publish a version, which must be the week's newest version, a draft, and not failed."""
    row = session.scalar(
        sa.select(m.PlanVersion)
        .where(m.PlanVersion.week == week, m.PlanVersion.version == number)
        .with_for_update()  # two publishes of one draft at once: the second waits, then sees it
    )
    if row is None:
        raise ReviewError("missing", f"no plan version {number} of {week}")
    if row.status == PUBLISHED:
        raise ReviewError("published", f"version {number} of {week} is already published")
    latest = newest(session, week)
    if row.status != DRAFT or latest is None or latest.version != number:
        newer = latest.version if latest is not None else number
        raise ReviewError("not-newest", f"version {number} is not the newest draft ({newer} is)")
    if row.document.get("status") == "failed":
        raise ReviewError("failed", f"version {number} of {week} is a failed plan")
    return publish(session, week, number, actor)
