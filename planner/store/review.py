"""The coordinator's review of a week: its versions, locked items, edited drafts, publishing.

Like the rest of the store, these functions take the caller's session and never commit:
an edit saves its draft and its lock in the caller's one transaction, and so does a publish.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.check import check
from planner.check.context import Violation
from planner.domain import Scenario
from planner.domain.timeparts import iso_week
from planner.formats.plan import load_plan
from planner.planning.absences import Clash, clashes
from planner.store import models as m
from planner.store.db import StoreError
from planner.store.plans import DRAFT, PUBLISHED, publish, save_draft
from planner.store.responses import DECLINED, current_answers

KINDS = ("session", "visit")


class ReviewError(StoreError):
    """A review step that the week's state does not allow; `code` says which."""

    def __init__(
        self,
        code: str,
        message: str,
        clashes: list[Clash] | None = None,
        violations: list[Violation] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.clashes = clashes or []
        self.violations = violations or []


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


LOCK = "lock"  # a fact: it happened or was agreed (rule H11)
PIN = "pin"  # a wish: keep it unless a rule now forbids it
HOLDS = (LOCK, PIN)


def locks(session: Session, week: str, hold: str | None = None) -> dict[str, m.PlanLock]:
    """The week's held items by item id: locks and pins, or only those of one `hold`."""
    query = sa.select(m.PlanLock).where(m.PlanLock.week == week)
    if hold is not None:
        query = query.where(m.PlanLock.hold == hold)
    return {row.item_id: row for row in session.scalars(query)}


def lock_item(
    session: Session, week: str, kind: str, item: dict[str, Any], actor: str, hold: str = LOCK
) -> m.PlanLock:
    """Hold a session or visit (its plan form) in every later run of the week.

    `hold` is `lock` (kept exactly, rule H11) or `pin` (kept unless a rule forbids it). A
    pin never weakens a lock: pinning a locked item leaves it locked.
    """
    if kind not in KINDS:
        raise ValueError(f"a lock holds a session or a visit, not a {kind}")
    if hold not in HOLDS:
        raise ValueError(f"an item is held by a lock or a pin, not by a {hold}")
    row = session.scalar(
        sa.select(m.PlanLock).where(m.PlanLock.week == week, m.PlanLock.item_id == item["id"])
    )
    if row is None:
        row = m.PlanLock(
            week=week, item_id=item["id"], kind=kind, item=item, locked_by=actor, hold=hold
        )
        session.add(row)
    else:
        if row.hold == LOCK and hold == PIN and row.item == item:
            return row
        row.kind, row.item, row.locked_by, row.hold = kind, item, actor, hold
        row.locked_at = dt.datetime.now(dt.UTC)
    session.add(m.Change(actor=actor, action=hold, kind="plan_lock", ref=f"{week}/{item['id']}"))
    session.flush()
    return row


def pin_item(
    session: Session, week: str, kind: str, item: dict[str, Any], actor: str
) -> m.PlanLock:
    """Pin a session or visit: later runs keep it unless a rule now forbids it."""
    return lock_item(session, week, kind, item, actor, hold=PIN)


def unlock_item(session: Session, week: str, item_id: str, actor: str) -> bool:
    """Let later runs move an item again (lock or pin); whether it was held."""
    row = session.scalar(
        sa.select(m.PlanLock).where(m.PlanLock.week == week, m.PlanLock.item_id == item_id)
    )
    if row is None:
        return False
    session.delete(row)
    session.add(m.Change(actor=actor, action="unlock", kind="plan_lock", ref=f"{week}/{item_id}"))
    session.flush()
    return True


def release_all(session: Session, week: str, hold: str, actor: str) -> int:
    """Remove every lock, or every pin, of a week; how many there were."""
    if hold not in HOLDS:
        raise ValueError(f"an item is held by a lock or a pin, not by a {hold}")
    rows = list(locks(session, week, hold).values())
    for row in rows:
        session.delete(row)
    if rows:
        action = "unlock-all" if hold == LOCK else "unpin-all"
        session.add(
            m.Change(actor=actor, action=action, kind="plan_lock", ref=f"{week}/{len(rows)}")
        )
    session.flush()
    return len(rows)


def restore_version(session: Session, week: str, number: int, actor: str) -> m.PlanVersion:
    """Save an older version of a week again as its newest draft (the versions between stay)."""
    row = session.scalar(
        sa.select(m.PlanVersion).where(m.PlanVersion.week == week, m.PlanVersion.version == number)
    )
    if row is None:
        raise ReviewError("missing", f"no plan version {number} of {week}")
    latest = newest(session, week)
    if latest is not None and latest.version == number:
        raise ReviewError("newest", f"version {number} of {week} is already the newest")
    if row.document.get("status") == "failed":
        raise ReviewError("failed", f"version {number} of {week} is a failed plan")
    return save_draft(session, dict(row.document), actor)


def save_edit(
    session: Session,
    document: dict[str, Any],
    kind: str,
    item: dict[str, Any],
    actor: str,
    based_on: int,
) -> m.PlanVersion:
    """Save a hand-edited plan as the week's next draft and pin the item edited by hand.

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
    pin_item(session, version.week, kind, item, actor)
    return version


def publish_newest(
    session: Session, week: str, number: int, actor: str, scenario: Scenario | None = None
) -> m.PlanVersion:
    """Publish a version, which must be the week's newest version, a draft, and not failed.

    With the week's `scenario` (today's master data), a version that books anyone inside a
    reported absence or on a shift their partner declined is refused too, locked items
    included (code `absent`, the clashes attached).
    """
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
    if scenario is not None:
        refuse_clashes(session, week, number, row.document, scenario)
    return publish(session, week, number, actor)


def publish_checked(
    session: Session, week: str, number: int, actor: str, scenario: Scenario
) -> m.PlanVersion:
    """Publish a version after every check the coordinator's Publish makes, in this order.

    `scenario` is the week's scenario from today's master data and locks. Refused with a
    ReviewError: `missing`, `absent` (anyone booked while away or on a declined shift,
    locked items included; named first, since H6 does not judge locked items), `rules`
    (the plan breaks a hard rule against the scenario; `violations` attached), then the
    state checks of `publish_newest` (`published`, `not-newest`, `failed`). The web's
    Publish and `kotoplan publish` both come here; each then writes the version's notices
    in the same transaction.
    """
    row = session.scalar(
        sa.select(m.PlanVersion).where(m.PlanVersion.week == week, m.PlanVersion.version == number)
    )
    if row is None:
        raise ReviewError("missing", f"no plan version {number} of {week}")
    refuse_clashes(session, week, number, row.document, scenario)
    plan = load_plan(row.document)
    if plan.status != "failed" and (problems := check(scenario, plan)):
        raise ReviewError(
            "rules",
            f"version {number} of {week} breaks {len(problems)} rules against today's master "
            f"data and locks: " + "; ".join(str(p) for p in problems[:5]),
            violations=problems,
        )
    return publish_newest(session, week, number, actor, scenario)


def refuse_clashes(
    session: Session, week: str, number: int, document: dict[str, Any], scenario: Scenario
) -> None:
    """ReviewError `absent` if the plan books anyone while away or on a declined shift."""
    plan = load_plan(document)
    answers = current_answers(session, week, plan.shifts)
    declined = {ref for ref, answer in answers.items() if answer.status == DECLINED}
    found = clashes(scenario, plan, declined)
    if found:
        items = ", ".join(sorted({f"{c.item} ({c.person}, {c.why})" for c in found}))
        message = f"version {number} books people who cannot come: {items}"
        raise ReviewError("absent", message, found)
