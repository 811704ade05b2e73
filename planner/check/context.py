"""What the rules of the plan checker share: items on the local clock, agendas, children.

`CheckContext` reads a scenario and a plan once and keeps lookups that tolerate dangling
references (a rule asks, gets None and skips; the reference itself is reported elsewhere).
It deliberately shares no code with the solver: the checker is the oracle.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from planner.domain import HOME, Interpreter, Plan, Scenario, Session, Shift, Visit
from planner.domain.timeparts import Period, WeeklyWindows, iso_week, merge_ranges

UTC = dt.UTC

# A venue id, or ("home", participant id) for a home visit.
Place = str | tuple[str, str]

# Where neither the need nor the participant has windows (H3).
DEFAULT_VISIT_WINDOWS = WeeklyWindows.parse(
    {day: ["09:00-16:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
)


@dataclass(frozen=True)
class Violation:
    """A broken rule: the rule ("H1".."H11", or "plan"), the item or person, a plain sentence.

    `code` and `args` say the same for a reader's own language: which sentence it is (e.g.
    "h5.same_time") and what it names (ids, items, dates, numbers), so that a front end can
    word it with names. They take no part in comparing violations.
    """

    rule: str
    ref: str
    text: str
    code: str = field(default="", compare=False)
    args: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.rule} {self.ref}: {self.text}"

    @property
    def order(self) -> tuple[int, str, str]:
        """Sort key: rule number ("plan" first), ref, text."""
        number = int(self.rule[1:]) if self.rule[1:].isdigit() else 0
        return number, self.ref, self.text


@dataclass(frozen=True)
class Item:
    """A placed session, visit or shift, in real time and on the scenario's local clock."""

    kind: str  # "session", "visit" or "shift"
    id: str
    start: dt.datetime  # aware, UTC
    end: dt.datetime
    local_start: dt.datetime  # naive, in the scenario's time zone
    local_end: dt.datetime
    place: Place | None  # None when the venue is unknown
    area: str | None  # None when the place's area is unknown
    locked: bool

    @property
    def date(self) -> dt.date:
        """The local date the item starts on: the date it belongs to."""
        return self.local_start.date()

    @property
    def clock(self) -> tuple[int, int]:
        """Local clock minutes of start and end (see `local_clock`)."""
        return local_clock(self.local_start, self.local_end)

    @property
    def minutes(self) -> int:
        """Real elapsed minutes."""
        return _minutes(self.end - self.start)

    @property
    def crosses_midnight(self) -> bool:
        return self.clock[1] > 24 * 60

    def when(self) -> str:
        """`2026-12-01 10:00-12:00` on the local clock."""
        return local_when(self.local_start, self.local_end)


@dataclass(frozen=True)
class Counted:
    """The counted children of a session (H9)."""

    under_3: int
    from_3: int
    infants: int  # under 1, included in under_3

    @property
    def total(self) -> int:
        return self.under_3 + self.from_3


def _minutes(delta: dt.timedelta) -> int:
    return delta // dt.timedelta(minutes=1)


def local_clock(start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """Clock minutes of a naive local stretch, counted from the midnight its start follows.

    A stretch ending at midnight ends at 1440; one that crosses midnight ends beyond it, so
    that no window (which ends by 24:00) can hold it.
    """
    midnight = dt.datetime.combine(start.date(), dt.time())
    return _minutes(start - midnight), _minutes(end - midnight)


def local_when(start: dt.datetime, end: dt.datetime) -> str:
    """`2026-12-01 10:00-12:00` for a naive local stretch (the end's date if another day)."""
    last = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M}-{last}"


def place_text(place: Place | None) -> str:
    """A place in words, by id."""
    if isinstance(place, tuple):
        return f"the home of {place[1]}"
    return str(place)


def plural(count: int, one: str, many: str) -> str:
    """`1 carer`, `2 carers`."""
    return f"{count} {one if count == 1 else many}"


def hours_text(minutes: float) -> str:
    """`2 h 20 min`."""
    whole = int(minutes)
    return f"{whole // 60} h {whole % 60:02d} min"


class CheckContext:
    """A scenario and a plan, indexed for the rules."""

    def __init__(self, scenario: Scenario, plan: Plan):
        self.scenario = scenario
        self.plan = plan
        self.zone = ZoneInfo(scenario.timezone)
        self.areas = {a.id for a in scenario.areas}
        self.venues = {v.id: v for v in scenario.venues}
        self.staff = {m.id: m for m in scenario.staff}
        self.partner_of = {c.id: p.id for p in scenario.partners for c in p.carers}
        self.carers = {c.id: c for c in scenario.carers()}
        self.interpreters = {i.id: i for i in scenario.interpreters}
        self.participants = {p.id: p for p in scenario.participants}
        self.groups = {g.id: g for g in scenario.groups}
        self.needs = {n.id: n for n in scenario.guidance}
        self.locked_ids = {s.id for s in scenario.locked.sessions} | {
            v.id for v in scenario.locked.visits
        }
        self.sessions = {s.id: s for s in plan.sessions}
        self.shifts_of: dict[str, list[Shift]] = defaultdict(list)
        for shift in plan.shifts:
            self.shifts_of[shift.session].append(shift)
        self.session_items = {s.id: self._session_item(s) for s in plan.sessions}
        self.visit_items = {v.id: self._visit_item(v) for v in plan.visits}
        self.shift_items = {s.id: self._shift_item(s) for s in plan.shifts}
        self.counted = {s.id: self._count_children(s) for s in plan.sessions}
        self.agenda = self._agendas()

    # Items -------------------------------------------------------------------------------

    def _item(
        self,
        kind: str,
        id: str,
        times: tuple[dt.datetime, dt.datetime],
        place: Place | None,
        locked: bool,
    ) -> Item:
        start, end = times
        if isinstance(place, tuple):
            participant = self.participants.get(place[1])
            area = participant.area if participant else None
        else:
            venue = self.venues.get(place) if place else None
            area = venue.area if venue else None
        return Item(
            kind=kind,
            id=id,
            start=start.astimezone(UTC),
            end=end.astimezone(UTC),
            local_start=self.local(start),
            local_end=self.local(end),
            place=place if area is not None else None,
            area=area,
            locked=locked,
        )

    def _session_item(self, s: Session) -> Item:
        return self._item("session", s.id, (s.start, s.end), s.venue, s.id in self.locked_ids)

    def _visit_item(self, v: Visit) -> Item:
        place: Place = (HOME, v.participant) if v.place == HOME else v.place
        return self._item("visit", v.id, (v.start, v.end), place, v.id in self.locked_ids)

    def _shift_item(self, s: Shift) -> Item:
        # A shift belongs to its session: the shifts of a locked session are locked with it.
        locked = s.session in self.locked_ids
        return self._item("shift", s.id, (s.start, s.end), s.venue, locked)

    def items(self) -> list[Item]:
        """Every placed session, visit and shift."""
        return [
            *self.session_items.values(),
            *self.visit_items.values(),
            *self.shift_items.values(),
        ]

    # Clocks ------------------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        """An aware instant as a naive local date-time of the scenario's zone."""
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def instant(self, local: dt.datetime) -> dt.datetime:
        """A naive local date-time as an aware UTC instant."""
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def free_spans(
        self, windows: WeeklyWindows, absent: tuple[Period, ...], date: dt.date
    ) -> list[tuple[dt.datetime, dt.datetime]]:
        """A day's available local time, ranges joined and every absence cut out."""
        midnight = dt.datetime.combine(date, dt.time())
        spans = [
            (midnight + dt.timedelta(minutes=r.start), midnight + dt.timedelta(minutes=r.end))
            for r in merge_ranges(windows.ranges_on(date))
        ]
        for period in absent:
            kept = []
            for start, end in spans:
                if not period.overlaps(start, end):
                    kept.append((start, end))
                    continue
                if start < period.start:
                    kept.append((start, period.start))
                if period.end < end:
                    kept.append((period.end, end))
            spans = kept
        return spans

    def span_of(
        self, item: Item, spans: list[tuple[dt.datetime, dt.datetime]]
    ) -> tuple[dt.datetime, dt.datetime] | None:
        """The span that holds the whole item, if any."""
        for start, end in spans:
            if start <= item.local_start and item.local_end <= end:
                return start, end
        return None

    def travel(self, origin: str | None, target: str | None) -> int | None:
        """Travel minutes between two areas; None when either is unknown."""
        if origin is None or target is None:
            return None
        return self.scenario.travel_minutes.get(origin, {}).get(target)

    def travels(self, person: str) -> bool:
        """Whether travel times bind the person: staff, carers and on-site interpreters."""
        if person in self.staff or person in self.carers:
            return True
        interpreter = self.interpreters.get(person)
        return interpreter is not None and not interpreter.remote

    def demand(self) -> dict[str, tuple[str, str]]:
        """Every demanded item id of the horizon, with its kind and owner."""
        weeks = sorted({iso_week(d) for d in self.scenario.horizon.dates()})
        demanded: dict[str, tuple[str, str]] = {}
        for week in weeks:
            for group in self.scenario.groups:
                for n in range(1, group.sessions_per_week + 1):
                    demanded[f"{group.id}/{week}/{n}"] = ("session", group.id)
            for need in self.scenario.guidance:
                for n in range(1, need.visits_per_week + 1):
                    demanded[f"{need.id}/{week}/{n}"] = ("visit", need.id)
        return demanded

    # Children and agendas ----------------------------------------------------------------

    def _count_children(self, session: Session) -> Counted | None:
        group = self.groups.get(session.group)
        if group is None:
            return None
        date = self.local(session.start).date()
        rules = self.scenario.settings.childcare
        ages = [
            age
            for member in group.members
            if member in self.participants
            for child in self.participants[member].children
            if not child.in_daycare
            and (age := child.age_on(date)) is not None
            and age <= rules.max_age
        ]
        return Counted(
            under_3=sum(1 for age in ages if age < 3),
            from_3=sum(1 for age in ages if age >= 3),
            infants=sum(1 for age in ages if age < 1),
        )

    def _agendas(self) -> dict[str, list[Item]]:
        """The items of every known person, by start: staff, carers, interpreters, mothers."""
        agenda: dict[str, dict[str, Item]] = defaultdict(dict)

        def add(person: str | None, item: Item) -> None:
            if person is not None:
                agenda[person][f"{item.kind}:{item.id}"] = item

        for session in self.plan.sessions:
            item = self.session_items[session.id]
            for person in (*session.facilitators, *session.interpreters):
                add(person, item)
            group = self.groups.get(session.group)
            for member in group.members if group else ():
                add(member, item)
        for visit in self.plan.visits:
            item = self.visit_items[visit.id]
            for person in (visit.staff, visit.interpreter, visit.participant):
                add(person, item)
        for shift in self.plan.shifts:
            add(shift.carer, self.shift_items[shift.id])
        known = self.staff.keys() | self.carers.keys() | self.interpreters.keys()
        known |= self.participants.keys()
        return {
            person: sorted(items.values(), key=lambda i: (i.start, i.end, i.id))
            for person, items in agenda.items()
            if person in known
        }

    def days(self, person: str) -> dict[dt.date, list[Item]]:
        """A person's items by local date, each day's in order of start."""
        by_day: dict[dt.date, list[Item]] = defaultdict(list)
        for item in self.agenda.get(person, []):
            by_day[item.date].append(item)
        return dict(sorted(by_day.items()))


def unmatched(languages: tuple[str, ...], group: str, crew: list[Interpreter]) -> list[str]:
    """The languages left without an interpreter of their own (a bipartite matching)."""
    holder: dict[str, str] = {}  # interpreter id -> language

    def assign(language: str, tried: set[str]) -> bool:
        for person in crew:
            if language in person.languages and group in person.languages:
                if person.id in tried:
                    continue
                tried.add(person.id)
                if person.id not in holder or assign(holder[person.id], tried):
                    holder[person.id] = language
                    return True
        return False

    return [language for language in languages if not assign(language, set())]


def changed_fields(locked: object, placed: object, fields: tuple[str, ...]) -> list[str]:
    """The fields in which a plan item differs from its locked original; people as sets."""
    changed = []
    for name in fields:
        was, now = getattr(locked, name), getattr(placed, name)
        if isinstance(was, tuple):
            was, now = set(was), set(now)
        if was != now:  # aware datetimes are equal when they are the same instant
            changed.append(name)
    return changed
