"""Partners' and carers' answers to a week's published shifts, as the coordinator reads them.

Who has confirmed, who declined and why, who has not answered, by partner; the declines
are also a panel of the week's review (`week_answers`), each a problem to plan again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from planner.domain import Plan, Scenario, Shift
from planner.store import models as m
from planner.store.responses import DECLINED, standing
from web import database, memo
from web.coordinator.labels import Labels
from web.coordinator.weekdata import WeekData

OPEN = "open"


@dataclass(frozen=True)
class ShiftAnswer:
    """One published shift, named, with the answer that counts for it now."""

    shift: Shift
    group: str
    venue: str
    carer: str
    partner: str
    answer: m.ShiftResponse | None
    outdated: bool  # answered before it changed: that answer no longer counts
    away: bool  # the carer's absences now cover the shift: a re-plan has been asked for

    @property
    def state(self) -> str:
        """`confirmed`, `declined` or `open`."""
        return self.answer.status if self.answer else OPEN


@dataclass
class PartnerAnswers:
    """A partner organisation's shifts of the week and how many are in each state."""

    id: str
    name: str
    shifts: list[ShiftAnswer] = field(default_factory=list)

    def count(self, state: str) -> int:
        """How many of its shifts are in a state."""
        return sum(1 for s in self.shifts if s.state == state)


@dataclass(frozen=True)
class WeekAnswers:
    """The answers to a week's published version, by partner, and its declines."""

    version: int
    partners: list[PartnerAnswers]

    @property
    def shifts(self) -> list[ShiftAnswer]:
        """Every shift of the week, by start."""
        return sorted((s for p in self.partners for s in p.shifts), key=lambda s: s.shift.start)

    @property
    def declines(self) -> list[ShiftAnswer]:
        """The declined shifts, by start: each a problem to plan again."""
        return [s for s in self.shifts if s.state == DECLINED]

    def count(self, state: str) -> int:
        """How many shifts of the week are in a state."""
        return sum(p.count(state) for p in self.partners)


def _covered(scenario: Scenario | None, shift: Shift) -> bool:
    """Whether the carer's absences in today's master data cover the whole shift."""
    if scenario is None:
        return False
    zone = ZoneInfo(scenario.timezone)
    start = shift.start.astimezone(zone).replace(tzinfo=None)
    end = shift.end.astimezone(zone).replace(tzinfo=None)
    carer = next((c for c in scenario.carers() if c.id == shift.carer), None)
    return carer is not None and any(p.start <= start and end <= p.end for p in carer.absent)


def answers_of(
    session: Session, week: str, version: int, plan: Plan, scenario: Scenario | None
) -> WeekAnswers:
    """Every shift of a published plan with its answer, grouped by partner (by name)."""
    labels = Labels(scenario)
    sessions = {s.id: s for s in plan.sessions}
    answers, stale = standing(session, week, plan.shifts)
    partners: dict[str, PartnerAnswers] = {}
    for shift in sorted(plan.shifts, key=lambda s: (s.start, s.id)):
        group = partners.setdefault(
            shift.partner, PartnerAnswers(shift.partner, labels.name(shift.partner))
        )
        group.shifts.append(
            ShiftAnswer(
                shift=shift,
                group=labels.name(sessions[shift.session].group),
                venue=labels.name(shift.venue),
                carer=labels.name(shift.carer),
                partner=group.name,
                answer=answers.get(shift.id),
                outdated=shift.id in stale,
                away=_covered(scenario, shift),
            )
        )
    ordered = sorted(partners.values(), key=lambda p: p.name.casefold())
    return WeekAnswers(version, ordered)


def week_answers(data: WeekData) -> WeekAnswers | None:
    """The answers to the week's published version, for its review; None until published."""
    if data.published is None:
        return None
    session = database.session()
    plan = memo.plan(session, data.published)
    return answers_of(session, data.week, data.published.version, plan, data.scenario)


def local_period(shift: Shift, zone: str) -> dict[str, str]:
    """The shift's time as an absence period of the master data (local, to the minute)."""
    tz = ZoneInfo(zone)

    def local(moment: dt.datetime) -> str:
        return moment.astimezone(tz).replace(tzinfo=None).isoformat(timespec="minutes")

    return {"start": local(shift.start), "end": local(shift.end)}
