"""The scenario's models (`kotoplan-scenario/1`): settings, master data, needs and items.

Each model checks its own fields; checks across the document (references, duplicate ids,
a complete travel matrix) live in `planner.formats.references`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from planner.formats.wire.base import (
    Count,
    Country,
    Doc,
    HorizonDoc,
    Id,
    Instant,
    IsoDate,
    Language,
    Minutes,
    Number,
    PeriodDoc,
    Positive,
    Windows,
    Zone,
)
from planner.formats.wire.items import ItemsDoc


class ChildcareDoc(Doc):
    children_per_carer: Positive = 7
    under_3_weight: Annotated[Number, Field(ge=1, le=10)] = 1.75
    max_age: Annotated[int, Field(ge=0, le=18)] = 6
    buffer_minutes: Annotated[int, Field(ge=0, le=240)] = 15
    min_carers: Count = 1


class WeightsDoc(Doc):
    unplaced: Annotated[Number, Field(ge=0)] = 1000
    continuity: Annotated[Number, Field(ge=0)] = 10
    stability: Annotated[Number, Field(ge=0)] = 5
    travel: Annotated[Number, Field(ge=0)] = 1
    fairness: Annotated[Number, Field(ge=0)] = 1


class SettingsDoc(Doc):
    slot_minutes: Annotated[int, Field(ge=1, le=240)] = 15
    childcare: ChildcareDoc = Field(default_factory=ChildcareDoc)
    weights: WeightsDoc = Field(default_factory=WeightsDoc)
    time_limit_seconds: Annotated[Number, Field(gt=0)] = 10


class AreaDoc(Doc):
    id: Id
    name: str
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None


class VenueDoc(Doc):
    id: Id
    name: str
    area: Id
    address: str
    capacity: Positive
    rooms: Positive = 1
    childcare_room: bool = False
    childcare_capacity: Count = 0
    open: Windows
    closed: list[PeriodDoc] = []


class StaffDoc(Doc):
    id: Id
    name: str
    base_area: Id
    languages: Annotated[list[Language], Field(min_length=1)]
    roles: list[Literal["facilitator", "guide"]]
    hours_per_week: Annotated[Number, Field(gt=0, le=168)]
    max_hours_per_day: Annotated[Number, Field(gt=0, le=24)]
    available: Windows
    absent: list[PeriodDoc] = []
    email: str | None = None


class CarerDoc(Doc):
    id: Id
    name: str
    areas: Annotated[list[Id], Field(min_length=1)]
    available: Windows
    absent: list[PeriodDoc] = []
    max_shifts_per_week: Count
    infants: bool = False
    email: str | None = None


class PartnerDoc(Doc):
    id: Id
    name: str
    email: str | None = None
    share: Annotated[Number, Field(ge=0, le=1)] | None = None
    carers: list[CarerDoc] = []


class ChildDoc(Doc):
    id: Id
    birth_date: IsoDate
    in_daycare: bool = False


class ParticipantDoc(Doc):
    id: Id
    name: str
    area: Id
    address: str
    languages: Annotated[list[Language], Field(min_length=1)]
    available: Windows | None = None
    children: list[ChildDoc] = []


class GroupDoc(Doc):
    id: Id
    name: str
    theme: Literal["everyday_life", "housing", "culture", "leisure", "life_management", "other"]
    venues: Annotated[list[Id], Field(min_length=1)]
    language: Language
    interpreting: list[Language] = []
    members: list[Id]
    sessions_per_week: Annotated[int, Field(ge=0, le=7)]
    duration_minutes: Minutes
    windows: Windows
    facilitators: Count
    facilitator_pool: list[Id] | None = None
    childcare: bool
    preferred_carers: list[Id] | None = None


class GuidanceDoc(Doc):
    id: Id
    participant: Id
    visits_per_week: Annotated[int, Field(ge=0, le=7)]
    duration_minutes: Minutes
    place: Id = Field(description='"home" or a venue id')
    staff: list[Id] | None = None
    preferred_staff: Id | None = None
    windows: Windows | None = None


class InterpreterDoc(Doc):
    id: Id
    name: str
    languages: Annotated[list[Language], Field(min_length=2)]
    remote: bool
    areas: list[Id] = []
    available: Windows
    absent: list[PeriodDoc] = []


class ScenarioDoc(Doc):
    """A scenario: the input of one planning run (`kotoplan-scenario/1`)."""

    model_config = ConfigDict(title="Kotoplan scenario")
    lists_if_any = frozenset({"pinned"})

    format: Literal["kotoplan-scenario/1"]
    name: Annotated[str, Field(min_length=1)]
    timezone: Zone = "Europe/Helsinki"
    country: Country = "FI"
    horizon: HorizonDoc
    closed_dates: list[IsoDate] = []
    settings: SettingsDoc = Field(default_factory=SettingsDoc)
    areas: Annotated[list[AreaDoc], Field(min_length=1)]
    travel_minutes: dict[Id, dict[Id, Count]]
    venues: list[VenueDoc] = []
    staff: list[StaffDoc] = []
    partners: list[PartnerDoc] = []
    participants: list[ParticipantDoc] = []
    groups: list[GroupDoc] = []
    guidance: list[GuidanceDoc] = []
    interpreters: list[InterpreterDoc] = []
    locked: ItemsDoc = Field(default_factory=ItemsDoc)
    previous: ItemsDoc = Field(default_factory=ItemsDoc)
    pinned: list[Annotated[str, Field(min_length=1)]] = Field(
        default=[],
        description=(
            "Kotoplan's own: ids of `previous` items to keep exactly as they are unless a rule"
            " now forbids it; a pin that breaks a rule is dropped and the item planned again"
            " (the plan's `dropped_pins` says why)"
        ),
    )
    not_before: Instant | None = Field(
        default=None,
        description=(
            "Kotoplan's own: a re-plan in the middle of the week; no item that is not locked"
            " starts before this instant"
        ),
    )
