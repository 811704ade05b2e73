"""The master data: the organisation, its places, people, groups and needs.

Master data is everything a scenario is made of but `horizon`, `locked` and `previous`,
which belong to one planning run; references that the database can guard are foreign keys.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.store.models.base import Base, Id, JsonValue, Versioned


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
