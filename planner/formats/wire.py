"""The JSON documents of `spec/SCENARIO.md` as pydantic models: their shape and JSON Schema.

These models check one field at a time (types, patterns, ranges, a window that ends before
it starts). Checks that need the whole document (references, duplicate ids, a complete
travel matrix) live in `planner.formats.references`. Values stay as they are written (dates
and times as strings); `planner.formats.scenario` and `planner.formats.plan` turn them into
the domain and back. The models also say how a document is written (`written`): in their
field order, every default written out, but a field whose default is null left out while it
is null (unless the format writes its null) and Kotoplan's own lists left out while empty,
so that older readers see the documents they know; whole numbers are written without `.0`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from planner.domain.timeparts import TimeRange

SCENARIO_FORMAT = "kotoplan-scenario/1"
PLAN_FORMAT = "kotoplan-plan/1"

# [0-9], not \d: \d would let full-width and other Unicode digits through.
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_LOCAL = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"
_INSTANT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)$"
CLOCK_RANGE = r"^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$"
ID_PATTERN = r"^[A-Za-z0-9._-]+$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
_DATE_OR_LOCAL = f"{_DATE}|{_LOCAL}"

# What a value that does not match each pattern is, in words.
PATTERN_HINTS = {
    ID_PATTERN: "is not an id (ASCII letters, digits, '-', '_' and '.')",
    LANGUAGE_PATTERN: 'is not a language code like "fi" or "ar"',
    CLOCK_RANGE: 'is not a time range like "08:00-16:00"',
    _DATE: 'is not a date like "2026-12-01"',
    _DATE_OR_LOCAL: 'is not a date like "2026-12-01" or a local time like "2026-12-01T09:30"',
    _INSTANT: 'is not a time with its UTC offset like "2026-12-01T09:30:00+02:00"',
}


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _real_date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise _fail("date", f'"{text}" is not a calendar date') from None
    return text


def _real_datetime(text: str) -> str:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise _fail("datetime", f'"{text}" is not a real date and time') from None
    return text


def _time_range(text: str) -> str:
    try:
        TimeRange.parse(text)
    except ValueError as error:
        raise _fail("time_range", str(error)) from None
    return text


def _zone(text: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder: OSError
        raise _fail("timezone", f'"{text}" is not an IANA time zone') from None
    return text


def _country(text: str) -> str:
    import holidays

    if text not in holidays.list_supported_countries():
        raise _fail("country", f'no public holidays are known for country "{text}"')
    return text


def whole(value: float) -> float | int:
    """A number as a document writes it: a whole number without a fraction (`37`, `37.5`)."""
    return int(value) if float(value).is_integer() else value


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]
# A number written as `whole` writes it: hours, weights, shares, costs (not coordinates).
Number = Annotated[float, PlainSerializer(whole)]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN, description="ISO 639-1 code")]
IsoDate = Annotated[str, Field(pattern=_DATE), AfterValidator(_real_date)]
DateOrLocal = Annotated[
    str,
    Field(pattern=_DATE_OR_LOCAL, description="a date, or a local date-time"),
    AfterValidator(_real_datetime),
]
Instant = Annotated[str, Field(pattern=_INSTANT), AfterValidator(_real_datetime)]
ClockRange = Annotated[str, Field(pattern=CLOCK_RANGE), AfterValidator(_time_range)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Windows = dict[Weekday, list[ClockRange]]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]
Minutes = Annotated[int, Field(ge=1, le=24 * 60)]


class Doc(BaseModel):
    """Strict about types and unknown fields, so a typo is an error and not a default.

    Written (`model_dump`) as `written` says: `nulls_written` names the fields whose null
    is written, `lists_if_any` Kotoplan's own lists that are written only when not empty.
    """

    model_config = ConfigDict(strict=True, extra="forbid")
    nulls_written: ClassVar[frozenset[str]] = frozenset()
    lists_if_any: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out = handler(self)
        return {key: value for key, value in out.items() if written(type(self), key, value)}


def written(model: type[Doc], name: str, value: object) -> bool:
    """Whether a document writes this value of a field: the one rule of every writer."""
    if value is None:
        return name in model.nulls_written or model.model_fields[name].default is not None
    return name not in model.lists_if_any or bool(value)


class PeriodDoc(Doc):
    start: DateOrLocal
    end: DateOrLocal

    @model_validator(mode="after")
    def _ordered(self) -> PeriodDoc:
        start_is_date = re.match(_DATE, self.start) is not None
        if start_is_date != (re.match(_DATE, self.end) is not None):
            raise _fail("period", "start and end must both be dates or both date-times")
        if start_is_date and self.end < self.start:
            raise _fail("period", f"ends ({self.end}) before it starts ({self.start})")
        if not start_is_date and dt.datetime.fromisoformat(self.end) <= dt.datetime.fromisoformat(
            self.start
        ):
            raise _fail("period", f"ends ({self.end}) before it starts ({self.start})")
        return self


class HorizonDoc(Doc):
    start: IsoDate
    end: IsoDate


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


class ChildrenDoc(Doc):
    under_3: Count = 0
    from_3: Count = 0


class SessionDoc(Doc):
    id: Annotated[str, Field(min_length=1)]
    group: Id
    venue: Id
    start: Instant
    end: Instant
    facilitators: list[Id] = []
    carers: list[Id] = []
    interpreters: list[Id] = []
    children: ChildrenDoc = Field(default_factory=ChildrenDoc)


class VisitDoc(Doc):
    nulls_written = frozenset({"interpreter"})  # "id or null": a visit says it has none

    id: Annotated[str, Field(min_length=1)]
    need: Id
    participant: Id
    staff: Id
    interpreter: Id | None = None
    place: Id
    area: Id
    start: Instant
    end: Instant


class ItemsDoc(Doc):
    sessions: list[SessionDoc] = []
    visits: list[VisitDoc] = []


class ScenarioDoc(Doc):
    """A scenario: the input of one planning run (`kotoplan-scenario/1`)."""

    model_config = ConfigDict(title="Kotoplan scenario")
    lists_if_any = frozenset({"pinned"})

    format: Literal["kotoplan-scenario/1"]
    name: Annotated[str, Field(min_length=1)]
    timezone: Annotated[str, AfterValidator(_zone)] = "Europe/Helsinki"
    country: Annotated[str, AfterValidator(_country)] = "FI"
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


class ShiftDoc(Doc):
    id: Annotated[str, Field(min_length=1)]
    carer: Id
    partner: Id
    session: Annotated[str, Field(min_length=1)]
    venue: Id
    start: Instant
    end: Instant


class TravelDoc(Doc):
    person: Id
    from_area: Id
    to_area: Id
    start: Instant
    end: Instant


class ReasonDoc(Doc):
    rule: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    code: str | None = Field(
        default=None, description="Kotoplan's own: a stable name of the cause, e.g. no_speaker"
    )
    args: dict[str, JsonValue] | None = Field(
        default=None,
        description="Kotoplan's own: the ids, languages, dates and counts of the cause, "
        "and a `fix` that was tried and places the item",
    )


class UnplacedDoc(Doc):
    ref: Annotated[str, Field(min_length=1)]
    kind: Literal["session", "visit"]
    reasons: Annotated[list[ReasonDoc], Field(min_length=1)]


class ChangeDoc(Doc):
    ref: Annotated[str, Field(min_length=1)]
    change: Literal["moved", "re-staffed", "cancelled", "added"]
    text: str


class PlanErrorDoc(Doc):
    ref: str
    rule: str
    text: str


class StatsDoc(BaseModel):
    """Figures of the run: at least how long it took; solvers may add their own."""

    model_config = ConfigDict(strict=True, extra="allow")

    solve_seconds: Annotated[float, Field(ge=0)]


class PlanDoc(Doc):
    """A plan: the output of one planning run (`kotoplan-plan/1`)."""

    model_config = ConfigDict(title="Kotoplan plan")
    nulls_written = frozenset({"objective", "bound"})  # "null if none"
    lists_if_any = frozenset({"dropped_pins"})

    format: Literal["kotoplan-plan/1"]
    scenario: str
    horizon: HorizonDoc
    status: Literal["optimal", "feasible", "failed"]
    errors: list[PlanErrorDoc] = []
    objective: Number | None = None
    bound: Number | None = None
    cost: dict[str, Number] = {}
    stats: StatsDoc
    sessions: list[SessionDoc] = []
    shifts: list[ShiftDoc] = []
    visits: list[VisitDoc] = []
    travel: list[TravelDoc] = []
    unplaced: list[UnplacedDoc] = []
    changes: list[ChangeDoc] = Field(
        default=[], description="Kotoplan's own: how the plan differs from `previous`"
    )
    dropped_pins: list[PlanErrorDoc] = Field(
        default=[],
        description="Kotoplan's own: the scenario's pins that a rule forbids, with the rule",
    )


def json_schema(kind: Literal["scenario", "plan"]) -> dict[str, object]:
    """The published JSON Schema of a scenario or a plan."""
    model = ScenarioDoc if kind == "scenario" else PlanDoc
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://kotoplan.example/schema/{kind}-1.json"
    return schema
