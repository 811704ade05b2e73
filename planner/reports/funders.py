"""The funders' own tables: the ESF indicator table and the STEA summary.

The ESF table counts the participants who started in the period
(`planner.records.indicators.started_in`: on their record's `started_on`, or on their
first attendance when the record gives no date or there is no record). It reads the entry
data as the participant form defines it (`planner.records.entry`): for every field of the
form, in the form's order, each allowed answer (zero too) and "not answered", which is
also where a starter without a record or without consent counts; then the Annex I
indicators counted from the answers (`indicator_counts`: unemployed including long-term
unemployed, and so on). A stored key that is not a field of the form (validation refuses
them) is ignored; a stored value that is not an allowed answer is counted under the value
as text, after the allowed ones, so that each field's counts add up to the starters. The
words come from `planner.records.labels`, in the language asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from planner.records import labels
from planner.records.entry import ENTRY_FIELDS, indicator_counts
from planner.records.indicators import started_in
from planner.reports.facts import StartFact
from planner.reports.figures import Figures
from planner.reports.period import Period


@dataclass(frozen=True)
class EsfRow:
    """One answer of one question: its stored value (None: not answered), words, count."""

    field: str
    value: Any
    question: str
    answer: str
    count: int


@dataclass(frozen=True)
class EsfTable:
    """Starters in the period; per field of the entry form the count of each answer (None:
    not answered), and the Annex I indicators."""

    starters: int
    fields: dict[str, dict[Any, int]]
    indicators: dict[str, int]

    def rows(self, language: str) -> list[EsfRow]:
        """Every field's answers in the form's order, "not answered" last in each."""
        rows = []
        for field, counts in self.fields.items():
            question = labels.question(field, language)
            for value, n in counts.items():
                rows.append(EsfRow(field, value, question, labels.answer(value, language), n))
        return rows

    def indicator_rows(self, language: str) -> list[tuple[str, str, int]]:
        """(indicator, its words, count) in the order of `INDICATORS`."""
        return [(name, labels.indicator(name, language), n) for name, n in self.indicators.items()]


@dataclass(frozen=True)
class SteaSummary:
    """What STEA asks: participants, new ones, meetings and who came, volunteers' hours."""

    participants: int
    new_participants: int
    group_meetings: int
    guidance_meetings: int
    meetings: int
    meeting_participants: int
    volunteer_hours: float

    def rows(self) -> list[tuple[str, int | float]]:
        return [(key, getattr(self, key)) for key in self.__dataclass_fields__]


def esf_table(starts: list[StartFact], first: dict[str, dt.date], period: Period) -> EsfTable:
    """The ESF indicator table of the participants who started in the period.

    `starts` are the participant records, `first` each person's first attendance day.
    """
    records = {s.person: s for s in starts}
    given = {s.person: s.started_on for s in starts}
    entries = [
        records[p].entry if p in records else {}
        for p in started_in(given, first, period.start, period.end)
    ]
    fields: dict[str, dict[Any, int]] = {}
    for field in ENTRY_FIELDS:
        allowed = labels.answers_of(field)
        counts: dict[Any, int] = {value: 0 for value in allowed}
        other: dict[Any, int] = {}
        missing = 0
        for entry in entries:
            value = entry.get(field)
            if value is None:
                missing += 1
            elif value in counts and type(value) is type(allowed[0]):
                counts[value] += 1
            else:
                other[str(value)] = other.get(str(value), 0) + 1
        fields[field] = {**counts, **dict(sorted(other.items())), None: missing}
    counted = indicator_counts(entries)
    counted.pop("participants")
    return EsfTable(starters=len(entries), fields=fields, indicators=counted)


def stea_summary(total: Figures) -> SteaSummary:
    """The STEA summary of the period's total figures."""
    return SteaSummary(
        participants=total.participants_reached,
        new_participants=total.new_participants,
        group_meetings=total.sessions_held,
        guidance_meetings=total.visits_done,
        meetings=total.sessions_held + total.visits_done,
        meeting_participants=total.attendances + total.visits_done,
        volunteer_hours=total.childcare_hours,
    )
