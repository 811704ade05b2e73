"""Change notices as a portal shows them: a person's latest notices, newest first."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.store import models as m

SHOWN = 10


# Read on every portal page: built once, bound per call.
_LATEST = (
    sa.select(m.Notice)
    .where(m.Notice.recipient_kind == sa.bindparam("kind"))
    .where(m.Notice.recipient_id == sa.bindparam("person"))
    .order_by(m.Notice.created_at.desc(), m.Notice.id.desc())
    .limit(sa.bindparam("limit", type_=sa.Integer))
)


def notices_for(session: Session, kind: str, person: str, limit: int = SHOWN) -> list[m.Notice]:
    """The latest change notices to one staff member, carer or partner organisation."""
    return list(session.scalars(_LATEST, {"kind": kind, "person": person, "limit": limit}))
