"""What still refers to a record, so that retiring it cannot leave a dangling reference.

Published plans keep their own copies of everything and are not asked; the master data,
the user accounts and the locked items of this week and later ones are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from planner.domain import HOME
from planner.domain.timeparts import iso_week
from planner.store import models as m
from web.i18n import week_label


@dataclass(frozen=True)
class Blocker:
    """One thing that still refers to a record; `kind` and `ref` name it when it has a page."""

    text: str
    kind: str | None = None
    ref: str | None = None

    def __str__(self) -> str:
        return self.text


def _label(entity: dict[str, Any]) -> str:
    name = entity.get("name")
    return f"{entity['id']} ({name})" if name else entity["id"]


def blockers(
    session: Session, doc: dict[str, Any], kind: str, record_id: str, today: dt.date | None = None
) -> list[Blocker]:
    """Why a record cannot be retired yet, one per reference; empty if it can."""
    found = _in_groups(doc, kind, record_id) + _in_guidance(doc, kind, record_id)
    if kind == "partners":
        for partner in (p for p in doc["partners"] if p["id"] == record_id):
            found += [
                Blocker(_("Carer %(carer)s still belongs to this partner.", carer=_label(carer)),
                        "carers", carer["id"])
                for carer in partner["carers"]
            ]  # fmt: skip
    found += _in_accounts(session, kind, record_id)
    found += _in_locks(session, kind, record_id, today or dt.date.today())
    return found


def _in_groups(doc: dict[str, Any], kind: str, record_id: str) -> list[Blocker]:
    texts = {
        ("participants", "members"): _l("Group %(group)s still has this participant as a member."),
        ("venues", "venues"): _l("Group %(group)s meets at this venue."),
        ("staff", "facilitator_pool"): _l("Group %(group)s has this staff member among the "
                                          "facilitators to choose from."),
        ("carers", "preferred_carers"): _l("Group %(group)s prefers this carer."),
    }  # fmt: skip
    found = []
    for group in doc["groups"]:
        for (named, key), text in texts.items():
            if kind == named and record_id in (group.get(key) or []):
                found.append(Blocker(str(text) % {"group": _label(group)}, "groups", group["id"]))
    return found


def _in_guidance(doc: dict[str, Any], kind: str, record_id: str) -> list[Blocker]:
    found = []
    for need in doc["guidance"]:
        texts = []
        if kind == "participants" and need["participant"] == record_id:
            texts.append(_("Guidance need %(need)s is for this participant.", need=need["id"]))
        if kind == "venues" and need["place"] == record_id:
            texts.append(_("Guidance need %(need)s is held at this venue.", need=need["id"]))
        if kind == "staff" and record_id in (need.get("staff") or []):
            texts.append(_("Guidance need %(need)s is given by this staff member.",
                           need=need["id"]))  # fmt: skip
        if kind == "staff" and need.get("preferred_staff") == record_id:
            texts.append(_("Guidance need %(need)s prefers this staff member.", need=need["id"]))
        found += [Blocker(text, "guidance", need["id"]) for text in texts]
    return found


def _in_accounts(session: Session, kind: str, record_id: str) -> list[Blocker]:
    column = {"staff": m.User.staff_id, "partners": m.User.partner_id}.get(kind)
    if column is None:
        return []
    names = session.scalars(sa.select(m.User.username).where(column == record_id))
    return [Blocker(_("The user account %(user)s belongs to it.", user=name)) for name in names]


def _lock_names(item: dict[str, Any]) -> set[str]:
    """Every id a locked session or visit names."""
    names = {item.get(key) for key in ("group", "venue", "need", "participant", "staff")}
    names.add(item.get("interpreter"))
    if item.get("place") not in (None, HOME):
        names.add(item["place"])
    for key in ("facilitators", "carers", "interpreters"):
        names.update(item.get(key) or [])
    names.discard(None)
    return names  # type: ignore[return-value]


def _in_locks(session: Session, kind: str, record_id: str, today: dt.date) -> list[Blocker]:
    if kind == "partners":
        return []
    locks = session.scalars(
        sa.select(m.PlanLock)
        .where(m.PlanLock.week >= iso_week(today))
        .order_by(m.PlanLock.week, m.PlanLock.item_id)
    )
    text = _l("The locked item %(item)s of %(week)s names it; unlock it in the week's review.")
    return [
        Blocker(str(text) % {"item": lock.item_id, "week": week_label(lock.week)})
        for lock in locks
        if record_id in _lock_names(lock.item)
    ]
