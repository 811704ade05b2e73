"""Who may come in: users, calendar feed tokens and the counters of failed logins."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.store.models.base import Base, utcnow


class User(Base):
    """Someone who logs in: the coordinator, a staff member or a partner organisation's user.

    `session_token` is part of every login session's identity: changing it (logout,
    password change, disabling) ends every session of the user on the server at once.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(120), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    staff_id: Mapped[str | None] = mapped_column(
        sa.String(120), sa.ForeignKey("staff.id", ondelete="SET NULL")
    )
    partner_id: Mapped[str | None] = mapped_column(
        sa.String(120), sa.ForeignKey("partners.id", ondelete="SET NULL")
    )
    language: Mapped[str] = mapped_column(sa.String(8), default="fi")
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class FeedToken(Base):
    """The secret in a calendar feed's URL, stored only as its SHA-256 hash.

    A replaced token keeps its row (with `replaced_at`) so its URL answers 410 Gone.
    """

    __tablename__ = "feed_tokens"
    __table_args__ = (sa.Index("ix_feed_tokens_reader", "reader_kind", "reader_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_kind: Mapped[str] = mapped_column(sa.String(16))
    reader_id: Mapped[str | None] = mapped_column(sa.String(120))
    salt: Mapped[str] = mapped_column(sa.String(32))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    replaced_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class ThrottleCounter(Base):
    """Failed password tries counted in one fixed window, per account or per client address.

    The key says what is counted (`login/account/<hash>`, `login/address/<ip>`); kept in
    the database so that every server process sees the same count.
    """

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(sa.Float, index=True)  # seconds since the epoch
