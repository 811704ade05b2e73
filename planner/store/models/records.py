"""What happened: session and visit records, carers' hours, participant records and their reads."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.store.models.base import Base, JsonValue, utcnow


class SessionRecord(Base):
    """What happened at one session of a published plan: held or cancelled, and who came.

    The planned session is kept as it was published (`group_id`, `area`, `start`, `end`),
    so reports stay right when a later version moves it or a record is erased. `children`
    is the number of children actually in childcare, `facilitators` and `carers` the staff
    and carer ids who actually came.
    """

    __tablename__ = "session_records"

    session_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    plan_version: Mapped[int]
    group_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    venue_id: Mapped[str] = mapped_column(sa.String(120))
    area: Mapped[str] = mapped_column(sa.String(120), index=True)
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16))  # held | cancelled
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    children: Mapped[int | None]
    facilitators: Mapped[JsonValue]
    carers: Mapped[JsonValue]
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    members: Mapped[list[MemberAttendance]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="MemberAttendance.person"
    )


class MemberAttendance(Base):
    """One group member at one session: present, absent or excused.

    `person` is the participant's id, or an anonymous key once the participant's record
    has been erased, so that distinct counts in the reports stay what they were.
    """

    __tablename__ = "member_attendance"

    session_id: Mapped[str] = mapped_column(
        sa.ForeignKey("session_records.session_id", ondelete="CASCADE"), primary_key=True
    )
    person: Mapped[str] = mapped_column(sa.String(120), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(sa.String(16))  # present | absent | excused

    record: Mapped[SessionRecord] = relationship(back_populates="members")


class VisitRecord(Base):
    """What happened at one visit of a published plan: done, cancelled (by whom) or no-show.

    `person` is the participant's id, or an anonymous key once erased; `minutes` is the
    visit's real duration, `interpreter` the interpreter actually used.
    """

    __tablename__ = "visit_records"

    visit_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    plan_version: Mapped[int]
    need_id: Mapped[str] = mapped_column(sa.String(120))
    person: Mapped[str] = mapped_column(sa.String(120), index=True)
    staff_id: Mapped[str] = mapped_column(sa.String(120))
    area: Mapped[str] = mapped_column(sa.String(120), index=True)
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16))  # done | cancelled | no_show
    cancelled_by: Mapped[str | None] = mapped_column(sa.String(16))  # participant | staff | other
    minutes: Mapped[int | None]
    interpreter: Mapped[str | None] = mapped_column(sa.String(120))
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))


class CarerHours(Base):
    """A partner's confirmation of one carer's childcare shift: given or not, and its hours.

    `start` and `end` are the shift as published (buffers included); `minutes` what the
    partner confirms (the shift's length unless it says otherwise).
    """

    __tablename__ = "carer_hours"

    shift_id: Mapped[str] = mapped_column(sa.String(250), primary_key=True)
    session_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    carer_id: Mapped[str] = mapped_column(sa.String(120))
    partner_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    given: Mapped[bool]
    minutes: Mapped[int]
    confirmed_by: Mapped[str] = mapped_column(sa.String(200))
    confirmed_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ParticipantRecord(Base):
    """A mother's participation as the funders ask it: special-category personal data.

    Only the coordinator sees or exports it, and every read is logged (`RecordRead`).
    `entry` holds the ESF participant form's answers (each optional), `consent_*` who gave
    consent, when and for what; after `retain_until` the record is erased or reduced to
    anonymous counts. `person` is the participant's id, or an anonymous key once erased.
    """

    __tablename__ = "participant_records"

    person: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    area: Mapped[str | None] = mapped_column(sa.String(120))
    started_on: Mapped[dt.date | None]
    ended_on: Mapped[dt.date | None]
    entry: Mapped[JsonValue]
    consent_by: Mapped[str | None] = mapped_column(sa.String(200))
    consent_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    consent_for: Mapped[str | None] = mapped_column(sa.Text)
    retain_until: Mapped[dt.date | None] = mapped_column(index=True)
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_by: Mapped[str] = mapped_column(sa.String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))


class RecordRead(Base):
    """One read of special-category data: who read whose record (or which export), when."""

    __tablename__ = "record_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(200))
    what: Mapped[str] = mapped_column(sa.String(32))  # view | export | edit
    person: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    detail: Mapped[JsonValue | None]
