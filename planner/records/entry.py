"""The ESF participant form's entry data, as the funder asks it, and how it is counted.

The fields are the common output indicators on participants of Regulation (EU)
No 1304/2013, Annex I. Every field is optional: `None` means not answered or not known,
which the form must allow (a participant may decline any question).

- `labour_status` is one answer; the Annex's nested indicators are counted from it:
  "unemployed, including long-term unemployed" counts `unemployed` and
  `long_term_unemployed`, "inactive" counts `inactive` and `inactive_not_in_education`.
- `age_band`, `education` (ISCED levels) are one answer each.
- The household, background and situation indicators are yes / no / not answered.

A record without consent may hold no entry data at all (`check_record`): the data is
collected with consent or not collected. `InvalidRecord` lists every problem, each
naming its field (`entry.age_band`, `retain_until`, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

LABOUR_STATUSES = (
    "employed",  # employed, including self-employed
    "unemployed",
    "long_term_unemployed",
    "inactive",
    "inactive_not_in_education",  # inactive, not in education or training
)
AGE_BANDS = ("below_25", "25_54", "above_54")
EDUCATION_LEVELS = ("isced_0_2", "isced_3_4", "isced_5_8")
YES_NO_FIELDS = (
    "jobless_household",
    "jobless_household_with_children",
    "single_adult_with_children",
    "migrant",
    "foreign_background",
    "minority",
    "disability",
    "homeless",
    "rural",
)
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "labour_status": LABOUR_STATUSES,
    "age_band": AGE_BANDS,
    "education": EDUCATION_LEVELS,
}
ENTRY_FIELDS = (*CHOICE_FIELDS, *YES_NO_FIELDS)
# What consent may be given for; `consent_for` keeps the chosen ones, comma-separated.
PURPOSES = ("esf_reporting", "stea_reporting", "follow_up")

# The Annex I indicators counted from the answers: (indicator, field, answers counted).
INDICATORS: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("employed", "labour_status", ("employed",)),
    ("unemployed", "labour_status", ("unemployed", "long_term_unemployed")),
    ("long_term_unemployed", "labour_status", ("long_term_unemployed",)),
    ("inactive", "labour_status", ("inactive", "inactive_not_in_education")),
    ("inactive_not_in_education", "labour_status", ("inactive_not_in_education",)),
    *((f"age_{band}", "age_band", (band,)) for band in AGE_BANDS),
    *((level, "education", (level,)) for level in EDUCATION_LEVELS),
    *((name, name, (True,)) for name in YES_NO_FIELDS),
)


class EntryData(BaseModel):
    """The answers of one participant's entry form; `None`: not answered."""

    model_config = ConfigDict(extra="forbid", strict=True)

    labour_status: Literal[LABOUR_STATUSES] | None = None  # type: ignore[valid-type]
    age_band: Literal[AGE_BANDS] | None = None  # type: ignore[valid-type]
    education: Literal[EDUCATION_LEVELS] | None = None  # type: ignore[valid-type]
    jobless_household: bool | None = None
    jobless_household_with_children: bool | None = None
    single_adult_with_children: bool | None = None
    migrant: bool | None = None
    foreign_background: bool | None = None
    minority: bool | None = None
    disability: bool | None = None
    homeless: bool | None = None
    rural: bool | None = None


@dataclass(frozen=True)
class Problem:
    """One problem of a record: the field, what is wrong, and a code for translations."""

    field: str
    message: str
    code: str


class InvalidRecord(ValueError):
    """A participant record that cannot be saved, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    def fields(self) -> list[str]:
        return [p.field for p in self.problems]


@dataclass(frozen=True)
class RecordInput:
    """What a save gives: the answers, consent's purposes (empty: none), dates."""

    entry: Mapping[str, Any]
    consent_for: tuple[str, ...] = ()
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    retain_until: dt.date | None = None


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "is not a question of the entry form"
    if kind == "literal_error":
        field = str(error["loc"][0])
        allowed = ", ".join(CHOICE_FIELDS.get(field, ()))
        return f"{error['input']!r} is not one of: {allowed} (or empty: not answered)"
    if kind.startswith("bool"):
        return f"{error['input']!r} is not yes (true), no (false) or empty (not answered)"
    return str(error["msg"])


def parse_entry(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every entry field with its answer or None; raises `InvalidRecord` naming each field."""
    if not isinstance(data, Mapping):
        raise InvalidRecord([Problem("entry", "is not a set of answers", "not_answers")])
    try:
        entry = EntryData.model_validate(dict(data))
    except ValidationError as error:
        problems = [
            Problem(".".join(["entry", *(str(part) for part in e["loc"])]), _message(e), e["type"])
            for e in error.errors()
        ]
        raise InvalidRecord(problems) from None
    answers = entry.model_dump()
    problems = []
    if answers["jobless_household_with_children"] and answers["jobless_household"] is False:
        problems.append(
            Problem(
                "entry.jobless_household_with_children",
                "cannot be yes when the household is not jobless",
                "children_not_jobless",
            )
        )
    if problems:
        raise InvalidRecord(problems)
    return answers


def answered(entry: Mapping[str, Any] | None) -> dict[str, Any]:
    """Only the answered fields of stored entry data."""
    return {key: value for key, value in (entry or {}).items() if value is not None}


def check_record(given: RecordInput, today: dt.date) -> dict[str, Any]:
    """The entry data to store, or `InvalidRecord` listing every problem of the record.

    Entry data needs consent (at least one purpose) and a retention date: special-category
    data is not kept without both.
    """
    problems: list[Problem] = []
    try:
        entry = parse_entry(given.entry)
    except InvalidRecord as error:
        problems += error.problems
        entry = {}
    unknown = [p for p in given.consent_for if p not in PURPOSES]
    if unknown:
        text = f"{', '.join(unknown)}: not a purpose ({', '.join(PURPOSES)})"
        problems.append(Problem("consent_for", text, "unknown_purpose"))
    if answered(entry) and not given.consent_for:
        text = "entry data may be kept only with consent: give its purposes"
        problems.append(Problem("consent_for", text, "needs_consent"))
    if answered(entry) and given.retain_until is None:
        text = "entry data needs a date after which it is erased"
        problems.append(Problem("retain_until", text, "needs_retention"))
    if given.started_on and given.ended_on and given.ended_on < given.started_on:
        text = "is before the start of participation"
        problems.append(Problem("ended_on", text, "ends_before_start"))
    if given.retain_until is not None and given.retain_until < today:
        text = "is in the past: the record would be erased at once"
        problems.append(Problem("retain_until", text, "retention_past"))
    if problems:
        raise InvalidRecord(problems)
    return entry


def purposes_text(purposes: Iterable[str]) -> str | None:
    """Purposes as `consent_for` keeps them, in the order of `PURPOSES`; None for none."""
    chosen = set(purposes)
    return ",".join(p for p in PURPOSES if p in chosen) or None


def purposes_of(consent_for: str | None) -> tuple[str, ...]:
    """The purposes a stored `consent_for` names."""
    return tuple(p for p in (consent_for or "").split(",") if p)


def indicator_counts(entries: Iterable[Mapping[str, Any] | None]) -> dict[str, int]:
    """How many of the entries fall in each Annex I indicator (plus `participants`)."""
    counts = {name: 0 for name, _, _ in INDICATORS}
    total = 0
    for entry in entries:
        total += 1
        values = entry or {}
        for name, field, counted in INDICATORS:
            if values.get(field) in counted and values.get(field) is not None:
                counts[name] += 1
    return {"participants": total, **counts}
