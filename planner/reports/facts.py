"""The plain records a report is computed from, one dataclass per kind, no database in sight.

`query` builds them from the tables; a test can write a few by hand and check the figures
with pencil and paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

HELD = "held"
PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"
DONE = "done"


@dataclass(frozen=True)
class SessionFact:
    """A recorded session: its group, area, Helsinki day, planned length and members' marks."""

    id: str
    group: str
    area: str
    day: dt.date
    minutes: int
    status: str
    marks: dict[str, str] = field(default_factory=dict)  # person -> present | absent | excused

    @property
    def present(self) -> set[str]:
        return {person for person, status in self.marks.items() if status == PRESENT}

    @property
    def held(self) -> bool:
        """Held for the reports: recorded as held and at least one member came."""
        return self.status == HELD and bool(self.present)


@dataclass(frozen=True)
class VisitFact:
    """A recorded visit: its participant, area, Helsinki day, outcome and real length."""

    id: str
    person: str
    area: str
    day: dt.date
    status: str
    minutes: int | None = None

    @property
    def done(self) -> bool:
        return self.status == DONE


@dataclass(frozen=True)
class ShiftFact:
    """One carer's childcare shift at a recorded session.

    `published` is the shift's length (buffers included) in the session's published plan
    version, None if that version has no such shift; `confirmed` the minutes the partner
    confirmed (0 for a shift not given), None while unconfirmed; `came` whether the session
    record lists the carer among those who came.
    """

    id: str
    session: str
    partner: str
    published: int | None
    confirmed: int | None
    came: bool

    @property
    def minutes(self) -> int:
        """The partner's word when it has confirmed, else the published shift if the carer came."""
        if self.confirmed is not None:
            return self.confirmed
        return (self.published or 0) if self.came else 0


@dataclass(frozen=True)
class StartFact:
    """A participant record: when the participation started (if a date is given), entry data."""

    person: str
    started_on: dt.date | None
    entry: dict[str, Any]


@dataclass(frozen=True)
class History:
    """Everything a report reads: all recorded sessions and visits, the shifts of the
    period's sessions and the participant records."""

    sessions: tuple[SessionFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    shifts: tuple[ShiftFact, ...] = ()
    starts: tuple[StartFact, ...] = ()
