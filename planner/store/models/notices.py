"""The outbox of change notices: one row per notice to one person."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.runtime.states import NoticeStatus, sql_in
from planner.store.models.base import Base, State, utcnow


class Notice(Base):
    """One change notice to one person for one published version: the outbox.

    Sent by email when SMTP is configured, retried until it goes; shown in the portal
    otherwise. One row per (week, version, recipient), so nobody gets two.
    """

    __tablename__ = "notices"
    __table_args__ = (
        sa.UniqueConstraint("week", "version", "recipient_kind", "recipient_id"),
        sa.CheckConstraint(sql_in("status", NoticeStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    version: Mapped[int]
    recipient_kind: Mapped[str] = mapped_column(sa.String(16))
    recipient_id: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(8), default="fi")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[NoticeStatus] = mapped_column(State(NoticeStatus), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
