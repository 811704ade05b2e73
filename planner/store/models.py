"""Database tables: the organisation's master data, plan versions and the change log.

Master data is everything a scenario is made of but `horizon`, `locked` and `previous`,
which belong to one planning run. Weekly windows, periods and language lists are stored
in their JSON form (as `spec/SCENARIO.md` writes them), since they are read and written
whole; references that the database can guard are foreign keys.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from planner.runtime.states import ACTIVE_JOBS, JobStatus, NoticeStatus, sql_in

Id = Annotated[str, mapped_column(sa.String(120))]
JsonValue = Annotated[Any, mapped_column(sa.JSON)]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class State(sa.types.TypeDecorator[str]):
    """A status column: stored as its text, read back as a member of its enum.

    What may be stored is the table's CHECK constraint's business, so that a wrong state is
    refused by the database whoever writes it.
    """

    impl = sa.String
    cache_ok = True

    def __init__(self, states: type[enum.StrEnum]) -> None:
        super().__init__(16)
        self.states = states

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> str | None:
        return None if value is None else self.states(value)


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Versioned:
    """A record people edit: its version, one more on every change to it.

    A form carries the version it was filled in on, and a save made on an older one is
    refused instead of silently overwriting the change saved meanwhile. The version is
    also SQLAlchemy's `version_id_col`, so two saves racing past that check still cannot
    both win: the second UPDATE matches no row. The importer bumps it, not SQLAlchemy,
    because a change of a participant's children or a group's members is a change of the
    participant or group even when no column of its own row changes.
    """

    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805  (a class-level directive)
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


class Organisation(Versioned, Base):
    """The one organisation whose data this database holds, and its planning settings."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    country: Mapped[str] = mapped_column(sa.String(8))
    settings: Mapped[JsonValue]
    # Kotoplan's own, not the scenario format's: see `planner.attendance.absentees`.
    childcare_follows_attendance: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )


class ClosedDate(Base):
    """A date with no activity at all, besides public holidays."""

    __tablename__ = "closed_dates"

    date: Mapped[dt.date] = mapped_column(primary_key=True)


class Area(Versioned, Base):
    __tablename__ = "areas"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    lat: Mapped[float | None]
    lon: Mapped[float | None]


class TravelTime(Versioned, Base):
    """Minutes from one area to another; from an area to itself is travel within it."""

    __tablename__ = "travel_times"

    from_area: Mapped[Id] = mapped_column(
        sa.ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True
    )
    to_area: Mapped[Id] = mapped_column(
        sa.ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True
    )
    minutes: Mapped[int]


class Venue(Versioned, Base):
    __tablename__ = "venues"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    area: Mapped[Id] = mapped_column(sa.ForeignKey("areas.id"))
    address: Mapped[str] = mapped_column(sa.String(300))
    capacity: Mapped[int]
    rooms: Mapped[int]
    childcare_room: Mapped[bool]
    childcare_capacity: Mapped[int]
    open: Mapped[JsonValue]
    closed: Mapped[JsonValue]


class StaffMember(Versioned, Base):
    __tablename__ = "staff"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    base_area: Mapped[Id] = mapped_column(sa.ForeignKey("areas.id"))
    languages: Mapped[JsonValue]
    roles: Mapped[JsonValue]
    hours_per_week: Mapped[float]
    max_hours_per_day: Mapped[float]
    available: Mapped[JsonValue]
    absent: Mapped[JsonValue]
    email: Mapped[str | None] = mapped_column(sa.String(254))


class Partner(Versioned, Base):
    __tablename__ = "partners"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    share: Mapped[float | None]

    carers: Mapped[list[Carer]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="Carer.id"
    )


class Carer(Versioned, Base):
    __tablename__ = "carers"

    id: Mapped[Id] = mapped_column(primary_key=True)
    partner_id: Mapped[Id] = mapped_column(sa.ForeignKey("partners.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    areas: Mapped[JsonValue]
    available: Mapped[JsonValue]
    absent: Mapped[JsonValue]
    max_shifts_per_week: Mapped[int]
    infants: Mapped[bool]
    email: Mapped[str | None] = mapped_column(sa.String(254))

    partner: Mapped[Partner] = relationship(back_populates="carers")


class Participant(Versioned, Base):
    """A mother taking part: personal data."""

    __tablename__ = "participants"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    area: Mapped[Id] = mapped_column(sa.ForeignKey("areas.id"))
    address: Mapped[str] = mapped_column(sa.String(300))
    languages: Mapped[JsonValue]
    available: Mapped[JsonValue | None]

    children: Mapped[list[Child]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="Child.id"
    )


class Child(Versioned, Base):
    __tablename__ = "children"

    id: Mapped[Id] = mapped_column(primary_key=True)
    participant_id: Mapped[Id] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    birth_date: Mapped[dt.date]
    in_daycare: Mapped[bool]

    participant: Mapped[Participant] = relationship(back_populates="children")


class Group(Versioned, Base):
    __tablename__ = "groups"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    theme: Mapped[str] = mapped_column(sa.String(32))
    language: Mapped[str] = mapped_column(sa.String(8))
    interpreting: Mapped[JsonValue]
    sessions_per_week: Mapped[int]
    duration_minutes: Mapped[int]
    windows: Mapped[JsonValue]
    facilitators: Mapped[int]
    facilitator_pool: Mapped[JsonValue | None]
    childcare: Mapped[bool]
    preferred_carers: Mapped[JsonValue | None]

    venues: Mapped[list[GroupVenue]] = relationship(
        cascade="all, delete-orphan", order_by="GroupVenue.position"
    )
    members: Mapped[list[GroupMember]] = relationship(
        cascade="all, delete-orphan", order_by="GroupMember.position"
    )


class GroupVenue(Base):
    """A venue a group may meet at, in the order the coordinator gave."""

    __tablename__ = "group_venues"

    group_id: Mapped[Id] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    venue_id: Mapped[Id] = mapped_column(sa.ForeignKey("venues.id"), primary_key=True)
    position: Mapped[int]


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[Id] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[Id] = mapped_column(sa.ForeignKey("participants.id"), primary_key=True)
    position: Mapped[int]


class GuidanceNeed(Versioned, Base):
    """Individual guidance for one participant, at home (no venue) or at a venue."""

    __tablename__ = "guidance_needs"

    id: Mapped[Id] = mapped_column(primary_key=True)
    participant_id: Mapped[Id] = mapped_column(sa.ForeignKey("participants.id"))
    visits_per_week: Mapped[int]
    duration_minutes: Mapped[int]
    venue_id: Mapped[Id | None] = mapped_column(sa.ForeignKey("venues.id"))
    staff: Mapped[JsonValue | None]
    preferred_staff: Mapped[Id | None] = mapped_column(sa.ForeignKey("staff.id"))
    windows: Mapped[JsonValue | None]


class Interpreter(Versioned, Base):
    __tablename__ = "interpreters"

    id: Mapped[Id] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    languages: Mapped[JsonValue]
    remote: Mapped[bool]
    areas: Mapped[JsonValue]
    available: Mapped[JsonValue]
    absent: Mapped[JsonValue]


class PlanVersion(Base):
    """One version of the plan of one ISO week; at most one published version is current."""

    __tablename__ = "plan_versions"
    __table_args__ = (sa.UniqueConstraint("week", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    version: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16))
    document: Mapped[JsonValue]
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_by: Mapped[str | None] = mapped_column(sa.String(200))


class Change(Base):
    """Who changed what, when: one row per created, updated or deleted record."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(32))
    ref: Mapped[str] = mapped_column(sa.String(200))
    detail: Mapped[JsonValue | None]


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


# The active states as SQL: queued, running or stopping.
ACTIVE_JOB_STATES = sql_in("status", ACTIVE_JOBS)


class SolveJob(Base):
    """A planning run of one week, done by a worker process outside any web request.

    Its state lives here, so a reload, a second browser or a worker on another machine all
    see the same job. `progress` holds the latest report: elapsed, objective, bound, placed.
    """

    __tablename__ = "solve_jobs"
    # One active run per week, kept by the database itself: two Generate clicks racing
    # past the check in `jobs.enqueue` cannot both insert (the second gets IntegrityError).
    __table_args__ = (
        sa.Index(
            "uq_solve_jobs_active_week",
            "week",
            unique=True,
            sqlite_where=sa.text(ACTIVE_JOB_STATES),
            postgresql_where=sa.text(ACTIVE_JOB_STATES),
        ),
        sa.CheckConstraint(sql_in("status", JobStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    status: Mapped[JobStatus] = mapped_column(State(JobStatus), index=True)
    time_limit: Mapped[float]
    requested_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(sa.String(200))
    stop_requested: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[JsonValue | None]
    message: Mapped[str | None] = mapped_column(sa.Text)
    plan_version: Mapped[int | None]
    # The moment the run was asked for: nothing is planned to start before it (the past
    # stays put); None plans the whole week.
    not_before: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class PlanLock(Base):
    """An item of a week's plan held as it is when the week is planned again.

    `item` is the session or visit in the plan's JSON form. A `lock` is a fact (it was
    agreed or has happened): it becomes the scenario's `locked` (rule H11) for every later
    run of that week. A `pin` is a wish (a hand edit, what a one-click re-plan keeps): it
    becomes a `previous` item named in `pinned`, kept unless a rule now forbids it.
    """

    __tablename__ = "plan_locks"
    __table_args__ = (sa.UniqueConstraint("week", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    item_id: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    item: Mapped[JsonValue]
    locked_by: Mapped[str] = mapped_column(sa.String(200))
    locked_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    hold: Mapped[str] = mapped_column(sa.String(8), default="lock", server_default="lock")


class ShiftResponse(Base):
    """A partner's (or carer's) answer to a childcare shift: confirmed, or declined and why.

    The answer holds the shift as it was when given (`start`, `end`, `venue`): once a new
    version moves the shift, the old answer no longer counts. `link_id` is the one-click
    link that gave it, so such a link works once.
    """

    __tablename__ = "shift_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)
    shift_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    carer_id: Mapped[str] = mapped_column(sa.String(120))
    partner_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    venue: Mapped[str] = mapped_column(sa.String(120))
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    responded_by: Mapped[str] = mapped_column(sa.String(200))
    responded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    link_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)


class AbsenceReport(Base):
    """An absence reported by a staff member or a partner, for the coordinator to act on.

    The absence itself is written into the person's `absent` periods at once, so the next
    planning run sees it; the report keeps who said what and whether it has been handled.
    """

    __tablename__ = "absence_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_kind: Mapped[str] = mapped_column(sa.String(16))
    person_id: Mapped[str] = mapped_column(sa.String(120), index=True)
    start: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(sa.String(32))
    note: Mapped[str | None] = mapped_column(sa.Text)
    reported_by: Mapped[str] = mapped_column(sa.String(200))
    reported_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


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


class ThrottleCounter(Base):
    """Failed password tries counted in one fixed window, per account or per client address.

    The key says what is counted (`login/account/<hash>`, `login/address/<ip>`); kept in
    the database so that every server process sees the same count.
    """

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(sa.Float, index=True)  # seconds since the epoch


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
