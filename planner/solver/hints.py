"""A complete solution hint from the constructive plan, so CP-SAT starts from a full plan."""

from __future__ import annotations

from itertools import pairwise

from planner.solver.heuristic import Choice
from planner.solver.model import Model, place_of


def add_hint(m: Model, choices: dict[str, Choice]) -> None:
    """Hint every choice, time and person of the constructive plan, routes included."""
    for item in m.space.items:
        choice = choices.get(item.id)
        k = None if choice is None else choice.option
        for index, lit in enumerate(m.choose[item.id]):
            m.cp.add_hint(lit, index == k)
        m.cp.add_hint(m.placed[item.id], k is not None)
        option = None if k is None else item.options[k]
        m.cp.add_hint(m.start[item.id], 0 if option is None else option.t0)
        m.cp.add_hint(m.end[item.id], 0 if option is None else option.t1)
        for role, people in item.people.items():
            chosen = set() if choice is None else set(choice.people.get(role, ()))
            for person in people:
                m.cp.add_hint(m.assign[(item.id, role, person)], person in chosen)
    _hint_routes(m, choices)


def _hint_routes(m: Model, choices: dict[str, Choice]) -> None:
    for tour in m.tours:
        by_day: dict = {day: [] for day in tour.days}
        for k, item in enumerate(tour.items, start=1):
            choice = choices.get(item.id)
            if choice is not None and any(tour.person in p for p in choice.people.values()):
                option = item.options[choice.option]
                by_day[option.day].append((option.t0, k, item, choice.option))
        taken = set()
        for day, stops in by_day.items():
            stops.sort()
            m.cp.add_hint(tour.works[day], bool(stops))
            if not stops:
                continue
            path = [(tour.base[day], None)] + [(k, place_of(item, o)) for _, k, item, o in stops]
            path.append((tour.after[day], None))
            taken |= {(a, b, pa, pb) for (a, pa), (b, pb) in pairwise(path)}
            if day in tour.leave:
                staff = m.space.staff[tour.person]
                first, last = stops[0], stops[-1]
                first_option = first[2].options[first[3]]
                last_option = last[2].options[last[3]]
                there = m.space.travel(staff.base_area, first_option.area)
                back = m.space.travel(last_option.area, staff.base_area)
                m.cp.add_hint(tour.leave[day], first_option.t0 - there)
                m.cp.add_hint(tour.back[day], last_option.t1 + back)
        for key, lit in tour.arcs.items():
            m.cp.add_hint(lit, key in taken)
