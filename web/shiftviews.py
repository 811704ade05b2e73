"""Published childcare shifts as a partner or carer may see them, with the answers that count.

The words of each shift come from `calendars.audience.events_for`, the one place that
decides what a reader sees of a plan, so a partner's portal and its calendar feed can
never differ: venue and address, times with the buffers, the group, the children by age
band and the families' languages, never a participant's or child's name. Only published
plans are read, never drafts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy.orm import Session

from calendars import Reader
from calendars.audience import events_for
from calendars.event import Event
from planner.domain import Plan, Scenario, Shift
from planner.domain.childcare import judged_on
from planner.domain.timeparts import iso_week
from planner.store import models as m
from planner.store.plans import published, published_from
from planner.store.responses import standing
from web import feeds, i18n, memo

ZONE = ZoneInfo("Europe/Helsinki")
COMING = "kotoplan.coming_weeks"


def now() -> dt.datetime:
    """The present on Helsinki's clock (the app's `CLOCK` when a test sets one)."""
    clock = current_app.config.get("CLOCK") or (lambda: dt.datetime.now(ZONE))
    return clock().astimezone(ZONE)


@dataclass(frozen=True)
class WeekPlan:
    """A week's published plan and the scenario its words are taken from."""

    week: str
    version: m.PlanVersion
    scenario: Scenario
    plan: Plan
    key: tuple | None = None  # what the scenario is kept under (`web.memo`); None: not kept

    def shift(self, shift_id: str) -> Shift | None:
        """A shift of the plan by its id."""
        return next((s for s in self.plan.shifts if s.id == shift_id), None)

    def carer_name(self, carer: str) -> str:
        """A carer's name; the id if the master data no longer has the carer."""
        return next((c.name for c in self.scenario.carers() if c.id == carer), carer)


@dataclass(frozen=True)
class ShiftView:
    """One shift as its reader sees it, and the answer that counts for it now."""

    week: str
    shift: Shift
    event: Event
    carer: str  # the carer's name
    answer: m.ShiftResponse | None
    outdated: bool  # answered before it changed: that answer no longer counts

    @staticmethod
    def anchor_of(shift_id: str) -> str:
        """A shift id as a fragment of a page's address: `g-arki-kemi-2026-W49-1-c-aino`."""
        return re.sub(r"[^A-Za-z0-9_-]+", "-", shift_id)

    @property
    def anchor(self) -> str:
        """The id of the shift's card on a page."""
        return f"shift-{self.anchor_of(self.shift.id)}"

    @property
    def lines(self) -> list[str]:
        """The shift in words, a fact a line, as the calendar feed says it."""
        return [line for line in self.event.description.split("\n") if line]

    @property
    def day(self) -> dt.date:
        """The shift's date in Helsinki."""
        return self.shift.start.astimezone(ZONE).date()

    @property
    def state(self) -> str:
        """`confirmed`, `declined` or `open`."""
        return self.answer.status if self.answer else "open"

    def open_for_answers(self, moment: dt.datetime) -> bool:
        """Whether the shift can still be answered: it has not started."""
        return moment < self.shift.start


def published_week(session: Session, week: str, today: dt.date | None = None) -> WeekPlan | None:
    """The week's published plan with its scenario; None until the week is published."""
    day = today or now().date()
    coming = _coming(session, day)
    row = coming.get(week) if week >= iso_week(day) else published(session, week)
    if row is None:
        return None
    judged = judged_on(week, day)
    key = memo.scenario_key(session, week, judged)
    scenario = memo.scenario(session, week, today=judged, key=key)
    return WeekPlan(week, row, scenario, memo.plan(session, row), key)


def coming_weeks(session: Session, today: dt.date) -> list[str]:
    """The published weeks from the one holding `today` on, in order."""
    return list(_coming(session, today))


def _coming(session: Session, today: dt.date) -> dict[str, m.PlanVersion]:
    """The current published version of every week from `today`'s on, read once a request.

    One query for all of them (the document left unread), instead of one for the list of
    weeks and one more for each week shown.
    """
    kept = g.setdefault(COMING, {})
    if (today, session) in kept:
        return kept[(today, session)]
    found = published_from(session, iso_week(today))
    if memo.shared(session):  # what it has written itself may yet be rolled back
        kept[(today, session)] = found
    return found


def shift_views(session: Session, week_plan: WeekPlan, reader: Reader) -> list[ShiftView]:
    """The reader's shifts of a published week with their answers, by start time."""
    scenario, plan = week_plan.scenario, week_plan.plan
    settings, lang = feeds.settings(), i18n.language()
    key = week_plan.key and ("events", reader, lang, settings, week_plan.version.id, week_plan.key)
    events = memo.derived(key, lambda: tuple(events_for(reader, scenario, plan, settings, lang)))
    shifts = {shift.id: shift for shift in plan.shifts}
    mine = [shifts[event.uid_key] for event in events]
    answers, stale = standing(session, week_plan.week, mine)
    views = [
        ShiftView(
            week=week_plan.week,
            shift=shifts[event.uid_key],
            event=event,
            carer=week_plan.carer_name(shifts[event.uid_key].carer),
            answer=answers.get(event.uid_key),
            outdated=event.uid_key in stale,
        )
        for event in events
    ]
    return sorted(views, key=lambda v: (v.shift.start, v.event.summary, v.shift.id))
