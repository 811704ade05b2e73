"""The JSON documents of `spec/SCENARIO.md` as pydantic models: their shape and JSON Schema.

These models check one field at a time (types, patterns, ranges, a window that ends before
it starts). Checks that need the whole document (references, duplicate ids, a complete
travel matrix) live in `planner.formats.references`. Values stay as they are written (dates
and times as strings); `planner.formats.scenario` and `planner.formats.plan` turn them into
the domain and back. The models also say how a document is written (`written`): in their
field order, every default written out, but a field whose default is null left out while it
is null (unless the format writes its null) and Kotoplan's own lists left out while empty,
so that older readers see the documents they know; whole numbers are written without `.0`.

`base` holds the shared values, `Doc` and `written`; `items` the sessions and visits both
documents hold; `scenario` and `plan` each document's own models; `schema` the published
JSON Schemas. Callers use `from planner.formats import wire` and `wire.X`.
"""

from __future__ import annotations

from planner.formats.wire.base import (
    CLOCK_RANGE,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    PATTERN_HINTS,
    PLAN_FORMAT,
    SCENARIO_FORMAT,
    ClockRange,
    Count,
    Country,
    DateOrLocal,
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
    Weekday,
    Windows,
    Zone,
    whole,
    written,
)
from planner.formats.wire.items import ChildrenDoc, ItemsDoc, SessionDoc, VisitDoc
from planner.formats.wire.plan import (
    ChangeDoc,
    PlanDoc,
    PlanErrorDoc,
    ReasonDoc,
    ShiftDoc,
    StatsDoc,
    TravelDoc,
    UnplacedDoc,
)
from planner.formats.wire.scenario import (
    AreaDoc,
    CarerDoc,
    ChildcareDoc,
    ChildDoc,
    GroupDoc,
    GuidanceDoc,
    InterpreterDoc,
    ParticipantDoc,
    PartnerDoc,
    ScenarioDoc,
    SettingsDoc,
    StaffDoc,
    VenueDoc,
    WeightsDoc,
)
from planner.formats.wire.schema import json_schema

__all__ = [
    "CLOCK_RANGE",
    "ID_PATTERN",
    "LANGUAGE_PATTERN",
    "PATTERN_HINTS",
    "PLAN_FORMAT",
    "SCENARIO_FORMAT",
    "AreaDoc",
    "CarerDoc",
    "ChangeDoc",
    "ChildDoc",
    "ChildcareDoc",
    "ChildrenDoc",
    "ClockRange",
    "Count",
    "Country",
    "DateOrLocal",
    "Doc",
    "GroupDoc",
    "GuidanceDoc",
    "HorizonDoc",
    "Id",
    "Instant",
    "InterpreterDoc",
    "IsoDate",
    "ItemsDoc",
    "Language",
    "Minutes",
    "Number",
    "ParticipantDoc",
    "PartnerDoc",
    "PeriodDoc",
    "PlanDoc",
    "PlanErrorDoc",
    "Positive",
    "ReasonDoc",
    "ScenarioDoc",
    "SessionDoc",
    "SettingsDoc",
    "ShiftDoc",
    "StaffDoc",
    "StatsDoc",
    "TravelDoc",
    "UnplacedDoc",
    "VenueDoc",
    "VisitDoc",
    "Weekday",
    "WeightsDoc",
    "Windows",
    "Zone",
    "json_schema",
    "whole",
    "written",
]
