"""The hard rules H1-H11 as CP-SAT constraints, one function per rule.

H2 and H3 judge one item alone and are enforced where the candidate space is built
(`planner.solver.space`); H4, H6, H8, H9 and H10 are partly there (who and what may be
chosen at all) and partly here (how choices go together). Every function has the same
signature, so each rule can be added and tested alone.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import pairwise

from ortools.sat.python import cp_model

from planner.domain.timeparts import iso_week
from planner.solver.model import Model
from planner.solver.space import seats_needed
from planner.solver.tours import build_tour


def h1_demand(m: Model) -> None:
    """H1 Demand: a group's sessions of one week fall on different dates (so do a need's visits)."""
    by_owner_week: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in m.space.items:
        by_owner_week[(item.owner, item.week)].append(item.id)
    for ids in by_owner_week.values():
        days = {day for (item_id, day) in m.on_day if item_id in ids}
        for day in days:
            lits = [m.on_day[(i, day)] for i in ids if (i, day) in m.on_day]
            if len(lits) > 1:
                m.cp.add_at_most_one(lits)
        _break_symmetry(m, ids)


def _break_symmetry(m: Model, ids: list[str]) -> None:
    """Items 1..n of one owner and week are alike: place them in order, earliest first."""
    items = [i for i in m.space.items if i.id in ids]
    if any(i.locked is not None or i.previous is not None for i in items):
        return  # then their numbers mean something
    for first, second in pairwise(items):
        m.cp.add(m.placed[first.id] >= m.placed[second.id])
        m.cp.add(m.start[first.id] < m.start[second.id]).only_enforce_if(m.placed[second.id])


def h4_venue(m: Model) -> None:
    """H4 Venue: at most `rooms` sessions at once; capacity counts on-site interpreters too."""
    sessions_at: dict[str, list[tuple[str, cp_model.IntervalVar]]] = defaultdict(list)
    for item in m.items("session"):
        group = m.space.groups[item.owner]
        if item.fixed:
            for venue_id, at in m.at_place[item.id].items():
                interval = m.cp.new_optional_interval_var(
                    m.start[item.id], item.duration, m.end[item.id], at,
                    f"room[{item.id}@{venue_id}]",
                )  # fmt: skip
                sessions_at[venue_id].append((item.id, interval))
            continue
        on_site = [
            lit
            for _, person, lit in m.people_of(item, "interpreter:")
            if not m.space.interpreters[person].remote
        ]
        for venue_id, at in m.at_place[item.id].items():
            interval = m.cp.new_optional_interval_var(
                m.start[item.id], item.duration, m.end[item.id], at, f"room[{item.id}@{venue_id}]"
            )
            sessions_at[venue_id].append((item.id, interval))
            capacity = m.space.venues[venue_id].capacity
            for day, children in item.children.items():
                # The seats left after members, facilitators and (without childcare) the
                # counted children, who differ from day to day as children have birthdays.
                seats = capacity - seats_needed(group, children)
                if on_site and len(on_site) > seats and (item.id, day) in m.on_day:
                    m.cp.add(sum(on_site) <= max(seats, 0)).only_enforce_if(
                        [at, m.on_day[(item.id, day)]]
                    )
    for venue_id, sessions in sessions_at.items():
        rooms = m.space.venues[venue_id].rooms
        if len(sessions) > rooms:
            intervals = [interval for _, interval in sessions]
            if rooms == 1:
                m.cp.add_no_overlap(intervals)
            else:
                m.cp.add_cumulative(intervals, [1] * len(intervals), rooms)


def h5_one_place_at_a_time(m: Model) -> None:
    """H5 One place at a time: no overlaps; travel time between places on one day."""
    _participants_no_overlap(m)
    _remote_interpreters_no_overlap(m)
    travellers = list(m.space.staff) + list(m.space.carers)
    travellers += [i for i, x in m.space.interpreters.items() if not x.remote]
    for person in travellers:
        tour = build_tour(m, person, _pad(m, person))
        if tour is not None:
            m.tours.append(tour)


def _participants_no_overlap(m: Model) -> None:
    items_of: dict[str, list[str]] = defaultdict(list)
    for item in m.space.items:
        if item.kind == "session":
            for member in m.space.groups[item.owner].members:
                items_of[member].append(item.id)
        else:
            items_of[m.space.needs[item.owner].participant].append(item.id)
    for participant, ids in items_of.items():
        if len(ids) > 1:
            m.cp.add_no_overlap([_interval(m, i, m.placed[i], participant) for i in ids])


def _remote_interpreters_no_overlap(m: Model) -> None:
    for person, interpreter in m.space.interpreters.items():
        ids = [item_id for (who, item_id) in m.present if who == person]
        if interpreter.remote and len(ids) > 1:
            m.cp.add_no_overlap([_interval(m, i, m.present[(person, i)], person) for i in ids])


def _interval(m: Model, item_id: str, presence, who: str) -> cp_model.IntervalVar:
    duration = next(i.duration for i in m.space.items if i.id == item_id)
    return m.cp.new_optional_interval_var(
        m.start[item_id],
        duration,
        m.end[item_id],
        presence,
        f"busy[{item_id}]={who}",
    )


def _pad(m: Model, person: str) -> int:
    """A carer's item is the whole shift, buffers included."""
    return m.space.scenario.settings.childcare.buffer_minutes if person in m.space.carers else 0


def h6_availability(m: Model) -> None:
    """H6 Availability: a person takes an item only at an option where they are free."""
    for item in m.space.items:
        lits = m.choose[item.id]
        for role, people in item.people.items():
            for person, free in people.items():
                assigned = m.assign[(item.id, role, person)]
                if not free:
                    m.cp.add(assigned == 0)
                elif len(free) < len(lits):
                    m.cp.add(sum(lits[k] for k in free) >= assigned)
                else:
                    m.cp.add_implication(assigned, m.placed[item.id])


def h7_working_time(m: Model) -> None:
    """H7 Working time: staff days, base to base, within daily and weekly hours; carers' shifts."""
    week_minutes: dict[tuple[str, str], list] = defaultdict(list)
    for tour in m.tours:
        staff = m.space.staff.get(tour.person)
        if staff is None:
            continue
        for day in tour.days:
            length = tour.back[day] - tour.leave[day]
            m.cp.add(length <= math.floor(staff.max_hours_per_day * 60))
            week_minutes[(tour.person, iso_week(day))].append(length)
    for (person, week), lengths in week_minutes.items():
        # A neighbourhood's model holds the minutes of the days it leaves out as constants.
        outside = m.space.outside_minutes.get((person, week), 0)
        limit = math.floor(m.space.staff[person].hours_per_week * 60) - outside
        m.cp.add(sum(lengths) <= limit)
    shifts: dict[tuple[str, str], list] = defaultdict(list)
    for (item_id, role, person), lit in m.assign.items():
        if role == "carer":
            shifts[(person, item_id.split("/")[-2])].append(lit)
    for (person, week), lits in shifts.items():
        outside = m.space.outside_shifts.get((person, week), 0)
        m.cp.add(sum(lits) <= m.space.carers[person].max_shifts_per_week - outside)


def h8_roles_and_skills(m: Model) -> None:
    """H8 Roles and skills: `facilitators` facilitators, one speaking the language; one guide."""
    for item in m.items("session"):
        if item.fixed:
            continue
        group = m.space.groups[item.owner]
        chosen = m.people_of(item, "facilitator")
        m.cp.add(sum(lit for _, _, lit in chosen) == group.facilitators * m.placed[item.id])
        if group.facilitators:
            speakers = [lit for _, p, lit in chosen if group.language in m.space.staff[p].languages]
            m.cp.add(sum(speakers) >= m.placed[item.id])
    for item in m.items("visit"):
        if item.fixed:
            continue
        guides = [lit for _, _, lit in m.people_of(item, "guide")]
        m.cp.add(sum(guides) == m.placed[item.id])


def h9_childcare(m: Model) -> None:
    """H9 Childcare: enough carers for the counted children, one for infants, buffers around."""
    for item in m.items("session"):
        if item.fixed:
            continue
        carers = m.people_of(item, "carer")
        needed = sum(
            m.on_day[(item.id, day)] * children.carers
            for day, children in item.children.items()
            if (item.id, day) in m.on_day
        )
        m.cp.add(sum(lit for _, _, lit in carers) == needed)
        for day, children in item.children.items():
            if children.carers and children.infants and (item.id, day) in m.on_day:
                for_infants = [lit for _, c, lit in carers if m.space.carers[c].infants]
                m.cp.add(sum(for_infants) >= 1).only_enforce_if(m.on_day[(item.id, day)])


def h10_language(m: Model) -> None:
    """H10 Language: an interpreter per interpreting language; visits bridged where needed."""
    for item in m.items("session"):
        if item.fixed:
            continue
        for language, count in Counter(m.space.groups[item.owner].interpreting).items():
            chosen = [lit for _, _, lit in m.people_of(item, f"interpreter:{language}")]
            m.cp.add(sum(chosen) == count * m.placed[item.id])
    for item in m.items("visit"):
        if item.fixed:
            continue
        participant = m.space.participants[m.space.needs[item.owner].participant]
        spoken = set(participant.languages)
        interpreters = m.people_of(item, "interpreter")
        unbridged = []
        for _, guide, lit in m.people_of(item, "guide"):
            languages = set(m.space.staff[guide].languages)
            if spoken & languages:
                continue
            unbridged.append(lit)
            bridges = [
                i_lit
                for _, i, i_lit in interpreters
                if languages & set(m.space.interpreters[i].languages)
            ]
            m.cp.add(sum(bridges) >= 1).only_enforce_if(lit)
        # An interpreter only where the guide needs one.
        m.cp.add(sum(lit for _, _, lit in interpreters) <= sum(unbridged))


def h11_locked(m: Model) -> None:
    """H11 Locked: every locked item appears unchanged (its only option and people, placed)."""
    for item in m.space.items:
        if item.locked is None:
            continue
        m.cp.add(m.placed[item.id] == 1)
        for role, people in item.people.items():
            for person in people:
                m.cp.add(m.assign[(item.id, role, person)] == 1)


HARD_RULES: tuple[Callable[[Model], None], ...] = (
    h1_demand,
    h4_venue,
    h5_one_place_at_a_time,  # builds the routes that H7 measures
    h6_availability,
    h7_working_time,
    h8_roles_and_skills,
    h9_childcare,
    h10_language,
    h11_locked,
)
