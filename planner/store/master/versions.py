"""The versions of the master data's records, and the refusal of a save made on an old one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.store import models as m
from planner.store.db import StaleRecord
from planner.store.master.kinds import KINDS, ORGANISATION_ID

# The versions of the records a document was made from, by (kind, id): the kinds of
# `KINDS`, ("settings", "1") for the organisation's and ("travel_minutes", "a->b").
Versions = Mapping[tuple[str, str], int]
SETTINGS_KEY = ("settings", str(ORGANISATION_ID))
_KIND_MODELS: dict[str, Any] = {kind.name: kind.model for kind in KINDS}


def record_version(session: Session, kind: str, ref: str) -> int | None:
    """The stored version of one record (`settings` for the organisation's), None if none."""
    model = m.Organisation if kind == "settings" else _KIND_MODELS[kind]
    key: Any = ORGANISATION_ID if kind == "settings" else ref
    return session.scalar(sa.select(model.version).where(model.id == key))  # type: ignore[attr-defined]


def read_versions(session: Session) -> dict[tuple[str, str], int]:
    """The version of every record of the master data, to pass as an import's `expected`.

    Read them before the document they go with: a record saved in between then looks
    older than it is, which refuses a save (safe), never lets one through.
    """
    found: dict[tuple[str, str], int] = {}
    for kind in KINDS:
        model: Any = kind.model
        for ref, version in session.execute(sa.select(model.id, model.version)):
            found[(kind.name, ref)] = version
    version = session.scalar(
        sa.select(m.Organisation.version).where(m.Organisation.id == ORGANISATION_ID)
    )
    if version is not None:
        found[SETTINGS_KEY] = version
    travel = sa.select(m.TravelTime.from_area, m.TravelTime.to_area, m.TravelTime.version)
    for origin, target, version in session.execute(travel):
        found[("travel_minutes", f"{origin}->{target}")] = version
    return found


def flush(session: Session, what: str) -> None:
    """Write what is pending; a row another save changed meanwhile matches no UPDATE."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleRecord(what, None, None, None) from None
