"""The week view of a plan: lanes by area, by venue or by person, blocks placed by time.

Each lane is a grid of the week's days (Monday to Friday, the weekend when the plan uses
it) on one clock from the view's earliest hour to its latest, so that lanes compare at a
glance. A block carries its position in percent of the day's height and, when items of a
lane overlap, which of the side-by-side columns it takes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _

from planner.domain import HOME, Plan, Scenario, Session, Shift, Visit
from planner.domain.timeparts import public_holidays
from web.coordinator.labels import Labels
from web.i18n import ZONE, clock, language

DEFAULT_HOURS = (8, 16)


@dataclass
class Block:
    """One item in one lane on one day."""

    ref: str  # the session or visit the block opens
    kind: str  # "session", "visit" or "shift"
    start: dt.datetime
    end: dt.datetime
    title: str
    place: str
    people: str
    locked: bool = False
    pinned: bool = False
    changed: bool = False
    top: float = 0.0
    height: float = 0.0
    left: float = 0.0
    width: float = 100.0

    @property
    def detail(self) -> str:
        """Everything the block holds, in one line, for its tooltip."""
        time = f"{clock(self.start)}–{clock(self.end)}"
        return " · ".join(part for part in (time, self.title, self.place, self.people) if part)


@dataclass
class Lane:
    """An area, a venue or a person, with their blocks by local date."""

    key: str
    label: str
    note: str = ""
    order: int = 0  # lanes sort by this, then by label
    days: dict[dt.date, list[Block]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class View:
    """One way to see the week: its lanes on a shared clock."""

    key: str
    title: str
    lanes: list[Lane]
    days: list[dt.date]
    first_hour: int
    last_hour: int
    closed: dict[dt.date, str] = field(default_factory=dict)  # day: holiday name or "closed"

    @property
    def hours(self) -> list[int]:
        """The whole hours the view's clock shows, first to last."""
        return list(range(self.first_hour, self.last_hour + 1))

    def hour_top(self, hour: int) -> float:
        """Where an hour's line lies, in percent of the day's height."""
        return 100 * (hour - self.first_hour) / (self.last_hour - self.first_hour)


class WeekView:
    """Builds the three views of one plan."""

    def __init__(
        self,
        plan: Plan,
        labels: Labels,
        held: dict[str, str],
        changed: set[str],
        monday: dt.date,
        closed: dict[dt.date, str] | None = None,
    ) -> None:
        self.plan = plan
        self.labels = labels
        self.held = held  # item id: "lock" or "pin"
        self.changed = changed
        self.closed = closed or {}
        dates = {item.start.astimezone(ZONE).date() for item in (*plan.sessions, *plan.visits)}
        # Monday to Friday always; Saturday and Sunday only when something happens then.
        self.days = [
            monday + dt.timedelta(days=n)
            for n in range(7)
            if n < 5 or monday + dt.timedelta(days=n) in dates
        ]

    def views(self) -> list[View]:
        """By area, by venue and by person."""
        return [self.by_area(), self.by_venue(), self.by_person()]

    def _block(self, item: Session | Visit, shift: Shift | None = None) -> Block:
        people = ", ".join(self.labels.short(p) for _, ids in self.labels.crew(item) for p in ids)
        title = self.labels.title(item)
        if shift is not None:
            title = _("Childcare: %(group)s", group=title)
        return Block(
            ref=item.id,
            kind="shift" if shift else ("session" if isinstance(item, Session) else "visit"),
            start=(shift or item).start,
            end=(shift or item).end,
            title=title,
            place=self.labels.place(item),
            people=people,
            locked=self.held.get(item.id) == "lock",
            pinned=self.held.get(item.id) == "pin",
            changed=item.id in self.changed,
        )

    def _view(self, key: str, title: str, entries: list[tuple[Lane, Block]]) -> View:
        lanes: dict[str, Lane] = {}
        for lane, block in entries:
            lanes.setdefault(lane.key, lane).days[block.start.astimezone(ZONE).date()].append(block)
        first, last = _clock_of([block for _, block in entries])
        for lane in lanes.values():
            for blocks in lane.days.values():
                _place(blocks, first, last)
        ordered = sorted(lanes.values(), key=lambda lane: (lane.order, lane.label.casefold()))
        return View(key, title, ordered, self.days, first, last, self.closed)

    def by_area(self) -> View:
        """Every session and visit in the lane of its area."""
        entries = []
        for item in (*self.plan.sessions, *self.plan.visits):
            area = self.labels.area_of(item)
            entries.append((Lane(area, self.labels.name(area)), self._block(item)))
        return self._view("area", _("By area"), entries)

    def by_venue(self) -> View:
        """Every session and visit at a venue in the venue's lane; home visits in their own."""
        entries = []
        for item in (*self.plan.sessions, *self.plan.visits):
            venue = item.venue if isinstance(item, Session) else item.place
            if venue == HOME:
                lane = Lane(HOME, _("Home visits"), order=1)
            else:
                lane = Lane(venue, self.labels.name(venue))
            entries.append((lane, self._block(item)))
        return self._view("venue", _("By venue"), entries)

    def by_person(self) -> View:
        """Each staff member's, carer's and interpreter's week; a carer's is their shifts."""
        roles = {"staff": _("staff"), "carer": _("carer"), "interpreter": _("interpreter")}
        order = {"staff": 0, "carer": 1, "interpreter": 2}
        sessions = {s.id: s for s in self.plan.sessions}
        entries = []

        def add(person: str, role: str, block: Block) -> None:
            lane = Lane(person, self.labels.name(person), roles[role], order[role])
            entries.append((lane, block))

        for session in self.plan.sessions:
            for person in session.facilitators:
                add(person, "staff", self._block(session))
            for person in session.interpreters:
                add(person, "interpreter", self._block(session))
        for shift in self.plan.shifts:
            if shift.session in sessions:
                add(shift.carer, "carer", self._block(sessions[shift.session], shift))
        for visit in self.plan.visits:
            add(visit.staff, "staff", self._block(visit))
            if visit.interpreter:
                add(visit.interpreter, "interpreter", self._block(visit))
        return self._view("person", _("By person"), entries)


def _minutes(moment: dt.datetime) -> int:
    local = moment.astimezone(ZONE)
    return local.hour * 60 + local.minute


def _clock_of(blocks: list[Block]) -> tuple[int, int]:
    """The whole hours that hold every block, on the local clock."""
    if not blocks:
        return DEFAULT_HOURS
    first = min(_minutes(b.start) for b in blocks) // 60
    ends = [_end_minutes(b) for b in blocks]
    last = min(24, math.ceil(max(ends) / 60))
    return first, max(last, first + 1)


def _end_minutes(block: Block) -> int:
    """Where a block ends on its day's clock; one that runs past midnight ends at 24.00."""
    if block.end.astimezone(ZONE).date() != block.start.astimezone(ZONE).date():
        return 24 * 60
    return _minutes(block.end)


def _place(blocks: list[Block], first: int, last: int) -> None:
    """Set each block's height and offset, and share the width among overlapping blocks."""
    span = (last - first) * 60
    blocks.sort(key=lambda b: (b.start, b.end))
    cluster: list[tuple[Block, int]] = []
    ends: list[dt.datetime] = []  # the end of the last block in each column of the cluster
    for block in blocks:
        top = _minutes(block.start) - first * 60
        block.top = 100 * top / span
        block.height = 100 * max(15, _end_minutes(block) - first * 60 - top) / span
        if cluster and block.start >= max(ends):
            _share(cluster, len(ends))
            cluster, ends = [], []
        column = next((i for i, end in enumerate(ends) if end <= block.start), len(ends))
        if column == len(ends):
            ends.append(block.end)
        else:
            ends[column] = block.end
        cluster.append((block, column))
    _share(cluster, len(ends))


def _share(cluster: list[tuple[Block, int]], columns: int) -> None:
    for block, column in cluster:
        block.width = 100 / max(columns, 1)
        block.left = column * block.width


def closed_days(scenario: Scenario | None, monday: dt.date) -> dict[dt.date, str]:
    """The week's days on which nothing may take place (H2), each with why: a holiday's name."""
    if scenario is None:
        return {}
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    names = "fi" if language() == "fi" else "en_US"
    public = public_holidays(scenario.country, days[0].year, days[-1].year, names)
    closed = {}
    for day in days:
        if day in public:
            closed[day] = public.get(day)
        elif day in scenario.closed_dates:
            closed[day] = _("closed")
    return closed
