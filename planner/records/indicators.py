"""Who started in a period: the participants the ESF indicator table counts.

A participant's participation starts on her record's `started_on`, else on her first
`present` session or `done` visit. Anonymous records (erased participants) count like any
other, under their key, so erasure leaves the count as it was. This is the one place the
rule is written; the report's ESF table (`planner.reports.funders.esf_table`) reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping


def started_in(
    given: Mapping[str, dt.date | None],
    first: Mapping[str, dt.date],
    first_day: dt.date,
    last_day: dt.date,
) -> list[str]:
    """The persons whose participation started from `first_day` to `last_day` (both in).

    `given` is each record's `started_on` (None: not given), `first` each person's first
    attendance day; a person in either counts, by the given date when there is one.
    """
    starters = []
    for person in sorted(set(given) | set(first)):
        start = given.get(person) or first.get(person)
        if start is not None and first_day <= start <= last_day:
            starters.append(person)
    return starters
