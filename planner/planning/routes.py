"""People's days as a plan lays them out: their items in order, and the travel between them.

Computed from a scenario and a plan's items alone, so the solver's output, the cost of a
plan and the feeds agree on what a day looks like.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

from planner.domain import HOME, Scenario, Session, Shift, TravelLeg, Visit


@dataclass(frozen=True)
class Stop:
    """One item of a person's day: when, where (a place and its area)."""

    ref: str
    start: dt.datetime
    end: dt.datetime
    place: str
    area: str


def stops_by_person(
    scenario: Scenario,
    sessions: tuple[Session, ...] | list[Session],
    shifts: tuple[Shift, ...] | list[Shift],
    visits: tuple[Visit, ...] | list[Visit],
) -> dict[str, list[Stop]]:
    """Every staff member's, carer's and interpreter's items, in time order."""
    venue_area = {v.id: v.area for v in scenario.venues}
    stops: dict[str, list[Stop]] = defaultdict(list)
    for s in sessions:
        stop = Stop(s.id, s.start, s.end, s.venue, venue_area[s.venue])
        for person in (*s.facilitators, *s.interpreters):
            stops[person].append(stop)
    for shift in shifts:
        stops[shift.carer].append(
            Stop(shift.id, shift.start, shift.end, shift.venue, venue_area[shift.venue])
        )
    for v in visits:
        place = f"{HOME}:{v.participant}" if v.place == HOME else v.place
        stop = Stop(v.id, v.start, v.end, place, v.area)
        for person in (v.staff, v.interpreter):
            if person is not None:
                stops[person].append(stop)
    return {person: sorted(items, key=lambda s: s.start) for person, items in stops.items()}


def days_of(stops: list[Stop], zone: ZoneInfo) -> dict[dt.date, list[Stop]]:
    """A person's stops grouped by local date."""
    days: dict[dt.date, list[Stop]] = defaultdict(list)
    for stop in stops:
        days[stop.start.astimezone(zone).date()].append(stop)
    return dict(days)


def travel_legs(
    scenario: Scenario,
    sessions: tuple[Session, ...] | list[Session],
    shifts: tuple[Shift, ...] | list[Shift],
    visits: tuple[Visit, ...] | list[Visit],
) -> list[TravelLeg]:
    """Moves between areas: staff from base and back, and between consecutive items."""
    zone = ZoneInfo(scenario.timezone)
    minutes = scenario.travel_minutes
    base = {s.id: s.base_area for s in scenario.staff}
    remote = {i.id for i in scenario.interpreters if i.remote}
    legs: list[TravelLeg] = []
    for person, stops in stops_by_person(scenario, sessions, shifts, visits).items():
        if person in remote:
            continue
        for day in days_of(stops, zone).values():
            if person in base and day[0].area != base[person]:
                m = minutes[base[person]][day[0].area]
                start = day[0].start - dt.timedelta(minutes=m)
                legs.append(TravelLeg(person, base[person], day[0].area, start, day[0].start))
            for first, second in pairwise(day):
                if first.area != second.area:
                    m = minutes[first.area][second.area]
                    end = first.end + dt.timedelta(minutes=m)
                    legs.append(TravelLeg(person, first.area, second.area, first.end, end))
            if person in base and day[-1].area != base[person]:
                m = minutes[day[-1].area][base[person]]
                end = day[-1].end + dt.timedelta(minutes=m)
                legs.append(TravelLeg(person, day[-1].area, base[person], day[-1].end, end))
    return sorted(legs, key=lambda leg: (leg.start, leg.person))


def travelled_minutes(
    scenario: Scenario,
    sessions: tuple[Session, ...] | list[Session],
    shifts: tuple[Shift, ...] | list[Shift],
    visits: tuple[Visit, ...] | list[Visit],
) -> int:
    """The travel soft goal: minutes driven, within an area too, from and to base included."""
    zone = ZoneInfo(scenario.timezone)
    minutes = scenario.travel_minutes
    base = {s.id: s.base_area for s in scenario.staff}
    remote = {i.id for i in scenario.interpreters if i.remote}
    total = 0
    for person, stops in stops_by_person(scenario, sessions, shifts, visits).items():
        if person in remote:
            continue
        for day in days_of(stops, zone).values():
            if person in base:
                total += minutes[base[person]][day[0].area] + minutes[day[-1].area][base[person]]
            for first, second in pairwise(day):
                if first.place != second.place:
                    total += minutes[first.area][second.area]
    return total
