"""The funders' own tables: the ESF indicator table and the STEA summary.

The ESF table counts the participants who started in the period: on their record's
`started_on`, or on their first attendance when the record gives no date (or there is no
record). Entry data is read generically, whatever fields the participant form has: for
each key found in any record, the starters are counted by value, and a starter whose
record lacks the key (or leaves it empty) counts as "not answered". A list (a question
with several answers) counts once under each of its values; true and false read "yes" and
"no".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from planner.reports.facts import StartFact
from planner.reports.figures import Figures
from planner.reports.period import Period

NOT_ANSWERED = "not answered"


@dataclass(frozen=True)
class EsfTable:
    """Starters in the period, and per entry-data field the count of each answer."""

    starters: int
    fields: dict[str, dict[str, int]]

    def rows(self) -> list[tuple[str, str, int]]:
        """(field, answer, count), fields in order, "not answered" last in each."""
        fields = self.fields.items()
        return [(key, value, n) for key, counts in fields for value, n in counts.items()]


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
    """The ESF indicator table of the participants who started in the period."""
    records = {s.person: s for s in starts}
    keys = sorted({key for s in starts for key in s.entry})
    starters = []
    for person in sorted(set(records) | set(first)):
        record = records.get(person)
        started = (record.started_on if record else None) or first.get(person)
        if started in period:
            starters.append(record.entry if record else {})
    fields: dict[str, dict[str, int]] = {}
    for key in keys:
        counts: dict[str, int] = {}
        for entry in starters:
            for value in _answers(entry.get(key)):
                counts[value] = counts.get(value, 0) + 1
        missing = counts.pop(NOT_ANSWERED, 0)
        ordered = dict(sorted(counts.items()))
        if missing:
            ordered[NOT_ANSWERED] = missing
        fields[key] = ordered
    return EsfTable(starters=len(starters), fields=fields)


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


def _answers(value: Any) -> list[str]:
    if isinstance(value, list):
        answers = [a for v in value for a in _answers(v) if a != NOT_ANSWERED]
        return sorted(set(answers)) or [NOT_ANSWERED]
    if value is None or (isinstance(value, str) and not value.strip()):
        return [NOT_ANSWERED]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, int | float):
        return [str(value)]
    return [json.dumps(value, sort_keys=True, ensure_ascii=False)]
