"""The planning domain: what a scenario holds and what a plan places.

Plain frozen dataclasses, free of JSON and of the database: the solver, the checker and the
calendar feeds work on these. `planner.formats.scenario` and `planner.formats.plan` convert
them to and from the JSON formats of `spec/SCENARIO.md`; `planner.store` maps them to database rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from planner.domain.timeparts import Period, WeeklyWindows

HOME = "home"


class Theme(StrEnum):
    EVERYDAY_LIFE = "everyday_life"
    HOUSING = "housing"
    CULTURE = "culture"
    LEISURE = "leisure"
    LIFE_MANAGEMENT = "life_management"
    OTHER = "other"


class Role(StrEnum):
    FACILITATOR = "facilitator"
    GUIDE = "guide"


@dataclass(frozen=True)
class Area:
    """A municipality; homes and venues lie in one."""

    id: str
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Venue:
    """A place where groups meet and guidance may be given."""

    id: str
    name: str
    area: str
    address: str
    capacity: int
    rooms: int = 1
    childcare_room: bool = False
    childcare_capacity: int = 0
    open: WeeklyWindows = field(default_factory=WeeklyWindows)
    closed: tuple[Period, ...] = ()


@dataclass(frozen=True)
class StaffMember:
    """An employee of the project: facilitates groups and/or guides participants."""

    id: str
    name: str
    base_area: str
    languages: tuple[str, ...]
    roles: tuple[Role, ...]
    hours_per_week: float
    max_hours_per_day: float
    available: WeeklyWindows = field(default_factory=WeeklyWindows)
    absent: tuple[Period, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class Carer:
    """A childcare worker lent by a partner organisation."""

    id: str
    name: str
    areas: tuple[str, ...]
    available: WeeklyWindows = field(default_factory=WeeklyWindows)
    absent: tuple[Period, ...] = ()
    max_shifts_per_week: int = 0
    infants: bool = False
    email: str | None = None


@dataclass(frozen=True)
class Partner:
    """An organisation that lends carers for childcare."""

    id: str
    name: str
    carers: tuple[Carer, ...] = ()
    email: str | None = None
    share: float | None = None


@dataclass(frozen=True)
class Child:
    """A participant's child; counted for childcare by age on the session date."""

    id: str
    birth_date: dt.date
    in_daycare: bool = False

    def age_on(self, date: dt.date) -> int | None:
        """Completed years on `date`, or None when not yet born then."""
        if date < self.birth_date:
            return None
        years = date.year - self.birth_date.year
        if (date.month, date.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


@dataclass(frozen=True)
class Participant:
    """A mother taking part in groups and guidance (personal data: never leaves by id only)."""

    id: str
    name: str
    area: str
    address: str
    languages: tuple[str, ...]
    children: tuple[Child, ...] = ()
    available: WeeklyWindows | None = None


@dataclass(frozen=True)
class Group:
    """A group that meets `sessions_per_week` times a week with its members' children."""

    id: str
    name: str
    theme: Theme
    venues: tuple[str, ...]
    language: str
    members: tuple[str, ...]
    sessions_per_week: int
    duration_minutes: int
    windows: WeeklyWindows
    facilitators: int
    childcare: bool
    interpreting: tuple[str, ...] = ()
    facilitator_pool: tuple[str, ...] | None = None
    preferred_carers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class GuidanceNeed:
    """A participant's need for individual guidance, at home or at a venue."""

    id: str
    participant: str
    visits_per_week: int
    duration_minutes: int
    place: str
    staff: tuple[str, ...] | None = None
    preferred_staff: str | None = None
    windows: WeeklyWindows | None = None

    @property
    def at_home(self) -> bool:
        return self.place == HOME


@dataclass(frozen=True)
class Interpreter:
    """An interpreter, on site in their areas or remote."""

    id: str
    name: str
    languages: tuple[str, ...]
    remote: bool
    areas: tuple[str, ...] = ()
    available: WeeklyWindows = field(default_factory=WeeklyWindows)
    absent: tuple[Period, ...] = ()


@dataclass(frozen=True)
class ChildcareSettings:
    """The child:carer rule and shift buffers (rule H9)."""

    children_per_carer: int = 7
    under_3_weight: Fraction = Fraction(7, 4)
    max_age: int = 6
    buffer_minutes: int = 15
    min_carers: int = 1


@dataclass(frozen=True)
class Weights:
    """Weights of the soft goals in the objective."""

    unplaced: float = 1000
    continuity: float = 10
    stability: float = 5
    travel: float = 1
    fairness: float = 1


@dataclass(frozen=True)
class Settings:
    """Organisation-wide planning settings."""

    slot_minutes: int = 15
    childcare: ChildcareSettings = field(default_factory=ChildcareSettings)
    weights: Weights = field(default_factory=Weights)
    time_limit_seconds: float = 10


@dataclass(frozen=True)
class Horizon:
    """The planned dates: whole ISO weeks, both ends included."""

    start: dt.date
    end: dt.date

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class ChildCounts:
    """The counted children of a session: under 3, and 3 or older."""

    under_3: int = 0
    from_3: int = 0


@dataclass(frozen=True)
class Session:
    """A group session placed in the plan."""

    id: str
    group: str
    venue: str
    start: dt.datetime
    end: dt.datetime
    facilitators: tuple[str, ...] = ()
    carers: tuple[str, ...] = ()
    interpreters: tuple[str, ...] = ()
    children: ChildCounts = field(default_factory=ChildCounts)


@dataclass(frozen=True)
class Shift:
    """One carer's childcare shift around one session, buffers included."""

    id: str
    carer: str
    partner: str
    session: str
    venue: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Visit:
    """An individual guidance visit placed in the plan."""

    id: str
    need: str
    participant: str
    staff: str
    place: str
    area: str
    start: dt.datetime
    end: dt.datetime
    interpreter: str | None = None


@dataclass(frozen=True)
class TravelLeg:
    """A person's move between two areas."""

    person: str
    from_area: str
    to_area: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Reason:
    """Why something is as it is, by the rule that decides it.

    Kotoplan's own `code` and `args` say the same as `text` for a program: a stable name of
    the cause and plain JSON values (ids, language codes, dates, counts, and a `fix` that
    was tried and places the item), from which the web front words it in either language.
    """

    rule: str
    text: str
    code: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Unplaced:
    """A demanded session or visit that the plan leaves out, with its reasons."""

    ref: str
    kind: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class PlanError:
    """Why a plan failed: an item and the rule it breaks."""

    ref: str
    rule: str
    text: str


@dataclass(frozen=True)
class Change:
    """How an item differs from the previous plan: moved, re-staffed, cancelled or added."""

    ref: str
    change: str
    text: str


@dataclass(frozen=True)
class PlanItems:
    """Sessions and visits carried by a scenario (`locked`, `previous`)."""

    sessions: tuple[Session, ...] = ()
    visits: tuple[Visit, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """The input of one planning run."""

    name: str
    horizon: Horizon
    timezone: str = "Europe/Helsinki"
    country: str = "FI"
    closed_dates: tuple[dt.date, ...] = ()
    settings: Settings = field(default_factory=Settings)
    areas: tuple[Area, ...] = ()
    travel_minutes: dict[str, dict[str, int]] = field(default_factory=dict)
    venues: tuple[Venue, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    partners: tuple[Partner, ...] = ()
    participants: tuple[Participant, ...] = ()
    groups: tuple[Group, ...] = ()
    guidance: tuple[GuidanceNeed, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()
    locked: PlanItems = field(default_factory=PlanItems)
    previous: PlanItems = field(default_factory=PlanItems)
    # Kotoplan's own: ids of previous items kept unless a rule now forbids them
    pinned: frozenset[str] = frozenset()
    # Kotoplan's own: no item that is not locked starts before this instant
    not_before: dt.datetime | None = None

    def carers(self) -> list[Carer]:
        """Every carer of every partner."""
        return [carer for partner in self.partners for carer in partner.carers]


@dataclass(frozen=True)
class Plan:
    """The output of one planning run."""

    scenario: str
    horizon: Horizon
    status: str
    objective: float | None = None
    bound: float | None = None
    cost: dict[str, float] = field(default_factory=dict)
    stats: dict[str, object] = field(default_factory=dict)
    sessions: tuple[Session, ...] = ()
    shifts: tuple[Shift, ...] = ()
    visits: tuple[Visit, ...] = ()
    travel: tuple[TravelLeg, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    errors: tuple[PlanError, ...] = ()
    changes: tuple[Change, ...] = ()
    dropped_pins: tuple[PlanError, ...] = ()
