"""The shared parts of the scenario and plan documents: values, `Doc` and the `written` rule.

The formats' names, the patterns of ids, languages, dates and times and what a value that
misses one is (`PATTERN_HINTS`), the annotated value types every model uses (one field
checked at a time), `whole` numbers, `Doc` with the one rule of how a document is written
(`written`), and the parts both documents hold: a period and the planning horizon.
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
# The scenario's own place and calendar: an IANA zone, a country with known public holidays.
Zone = Annotated[str, AfterValidator(_zone)]
Country = Annotated[str, AfterValidator(_country)]


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
