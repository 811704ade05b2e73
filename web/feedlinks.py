"""The secret links of calendar feeds: made, found, replaced.

A token is HMAC-SHA256 of the link's row id and a random salt under the app's feed key
(256 bits, 43 URL-safe characters). The database keeps only the salt and the SHA-256 of
the token: someone who reads the database cannot rebuild a link, while the app can show
a reader's current link again on its subscription page. Replacing a link marks the old
row replaced, and its URL answers 410 Gone from then on.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.store import models as m

READER_KINDS = {
    "staff": m.StaffMember,
    "interpreter": m.Interpreter,
    "carer": m.Carer,
    "partner": m.Partner,
    "venue": m.Venue,
    "group": m.Group,
    "coordinator": None,
}


class LinkError(ValueError):
    """A feed link asked for a reader that does not exist."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def token_of(row: m.FeedToken, key: str) -> str:
    """The token of a link row under the app's feed key."""
    mac = hmac.new(key.encode(), f"feed:{row.id}:{row.salt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def check_reader(session: Session, kind: str, reader_id: str | None) -> None:
    """Refuse a reader kind or id that the database does not know."""
    if kind not in READER_KINDS:
        raise LinkError(f"kind: must be one of {', '.join(READER_KINDS)}")
    model = READER_KINDS[kind]
    if model is None:
        if reader_id:
            raise LinkError("id: the coordinator's feed takes no id")
        return
    if not reader_id or session.get(model, reader_id) is None:
        raise LinkError(f'id: no {kind} "{reader_id or ""}"')


def current(session: Session, kind: str, reader_id: str | None) -> m.FeedToken | None:
    """The reader's link in use, if it has one."""
    return session.scalar(
        sa.select(m.FeedToken).where(
            m.FeedToken.reader_kind == kind,
            m.FeedToken.reader_id.is_(None) if reader_id is None
            else m.FeedToken.reader_id == reader_id,
            m.FeedToken.replaced_at.is_(None),
        )
    )  # fmt: skip


def issue(session: Session, kind: str, reader_id: str | None, key: str) -> str:
    """A new link token for the reader; the link it had before stops working (410)."""
    check_reader(session, kind, reader_id)
    old = current(session, kind, reader_id)
    if old is not None:
        old.replaced_at = dt.datetime.now(dt.UTC)
    # A random placeholder keeps the unique hash column valid until the id is known.
    row = m.FeedToken(
        reader_kind=kind,
        reader_id=reader_id,
        salt=secrets.token_hex(16),
        token_hash=secrets.token_hex(32),
    )
    session.add(row)
    session.flush()  # the id is part of the token
    token = token_of(row, key)
    row.token_hash = _digest(token)
    session.flush()
    return token


def link(session: Session, kind: str, reader_id: str | None, key: str) -> str:
    """The reader's current token, made on first use."""
    row = current(session, kind, reader_id)
    if row is None:
        return issue(session, kind, reader_id, key)
    return token_of(row, key)


def find(session: Session, token: str) -> m.FeedToken | None:
    """The link row of a token from a URL, replaced or not; None for an unknown token."""
    if not 20 <= len(token) <= 64:
        return None
    row = session.scalar(sa.select(m.FeedToken).where(m.FeedToken.token_hash == _digest(token)))
    # The hash lookup found it; compare in constant time all the same.
    if row is None or not hmac.compare_digest(row.token_hash, _digest(token)):
        return None
    return row
