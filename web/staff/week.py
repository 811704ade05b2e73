"""The staff member's week from the published plan, as a list of days that reads on a phone.

What she sees is exactly what her calendar feed shows (`calendars.audience.events_for`),
so the page and the feed can never disagree about her week or show her more than hers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import abort, render_template, request
from sqlalchemy.orm import Session

from calendars import Event, Reader, events_for
from planner.domain.childcare import judged_on
from planner.domain.timeparts import iso_week, parse_week, week_dates
from planner.formats.problems import InvalidDocument
from planner.store import models as m
from planner.store.db import StoreError
from planner.store.plans import published
from web import absences, database, memo
from web.feeds import settings
from web.i18n import ZONE, language
from web.portal_notices import notices_for
from web.staff import bp, member

WORKDAYS = 5  # Saturday and Sunday are shown only when something happens on them


@dataclass(frozen=True)
class Item:
    """One session, visit or trip as the staff member reads it."""

    kind: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    lines: tuple[str, ...]
    visit: str | None  # the visit's id, for the link to its page
    session: str | None  # the session's id, for the link to its record page
    absent: bool  # falls in an absence she has reported


@dataclass
class Day:
    date: dt.date
    today: bool
    items: list[Item] = field(default_factory=list)
    absences: list[str] = field(default_factory=list)


def chosen_week(asked: str | None, today: dt.date) -> str:
    """The week asked for (`2026-W49`), else this week; 404 for what is not a week."""
    if not asked:
        return iso_week(today)
    try:
        parse_week(asked)
    except ValueError:
        abort(404)
    return asked


def _item(event: Event, reports: list[m.AbsenceReport]) -> Item:
    # A visit's description ends with the link to its page, which the page gives itself.
    lines = [
        line
        for line in event.description.split("\n")
        if line and not (event.url and event.url in line)
    ]
    return Item(
        kind=event.kind,
        start=event.start,
        end=event.end,
        summary=event.summary,
        lines=tuple(lines),
        visit=event.uid_key if event.kind == "visit" else None,
        session=event.uid_key if event.kind == "session" else None,
        absent=any(
            event.start < absences.aware(r.end) and absences.aware(r.start) < event.end
            for r in reports
        ),
    )


def _events(
    session: Session, staff_id: str, row: m.PlanVersion | None, today: dt.date
) -> tuple[Event, ...]:
    """Her events in a published version; raises StoreError or InvalidDocument."""
    if row is None:
        return ()
    day = judged_on(row.week, today)
    key = memo.scenario_key(session, row.week, day)
    scenario = memo.scenario(session, row.week, today=day, key=key)
    plan = memo.plan(session, row)
    reader, feed, lang = Reader("staff", staff_id), settings(), language()
    return memo.derived(
        key and ("events", reader, lang, feed, row.id, key),
        lambda: tuple(events_for(reader, scenario, plan, feed, lang)),
    )


def days_of(
    week: str, events: tuple[Event, ...], reports: list[m.AbsenceReport], today: dt.date
) -> list[Day]:
    """The week day by day: her items in time order and the absences she has reported."""
    monday, _ = week_dates(week)
    days = [
        Day(monday + dt.timedelta(days=n), monday + dt.timedelta(days=n) == today) for n in range(7)
    ]
    for event in sorted(events, key=lambda e: (e.start, e.end, e.uid_key)):
        local = event.start.astimezone(ZONE).date()
        days[(local - monday).days].items.append(_item(event, reports))
    for day in days:
        start = dt.datetime.combine(day.date, dt.time(), ZONE)
        end = dt.datetime.combine(day.date + dt.timedelta(days=1), dt.time(), ZONE)
        day.absences = [
            absences.span(r.start, r.end)
            for r in reports
            if start < absences.aware(r.end) and absences.aware(r.start) < end
        ]
    return [d for n, d in enumerate(days) if n < WORKDAYS or d.items or d.absences]


@bp.get("/")
def week():
    """Her sessions, visits and travel of one week, with the way to report an absence."""
    today = absences.now().date()
    shown = chosen_week(request.args.get("week"), today)
    monday, sunday = week_dates(shown)
    session = database.session()
    person = member()
    version = published(session, shown)
    reports: list[m.AbsenceReport] = []
    during: list[m.AbsenceReport] = []
    events: tuple[Event, ...] = ()
    problem = False
    if person is not None:
        reports, during = absences.latest_and_overlapping(
            session,
            absences.STAFF,
            person.id,
            dt.datetime.combine(monday, dt.time(), ZONE),
            dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time(), ZONE),
        )
        try:
            events = _events(session, person.id, version, today)
        except (StoreError, InvalidDocument):
            problem = True
    return render_template(
        "staff/week.html",
        now=absences.now(),
        week=shown,
        monday=monday,
        sunday=sunday,
        this_week=iso_week(today),
        previous=iso_week(monday - dt.timedelta(days=7)),
        next=iso_week(monday + dt.timedelta(days=7)),
        person=person,
        version=version,
        problem=problem,
        days=days_of(shown, events, during, today),
        reports=[(r, absences.span(r.start, r.end)) for r in reports],
        reasons=absences.REASONS,
        notices=notices_for(session, "staff", person.id) if person else [],
    )
