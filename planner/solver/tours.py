"""A travelling person's week as one circuit: day by day, from base through items and back.

Nodes are the items the person may take plus one "base" node per open day. The circuit
runs base(day 1) -> that day's items in time order -> base(day 2) -> ... -> base(day 1).
An arc between two items means the second follows the first on the same day, so it
carries the travel time between their places; an arc from a base leaves home, an arc into
the next base returns. This gives H5's travel gaps, H7's working day from leaving base to
returning, and the travel goal exactly, with one circuit per person instead of one per day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.solver.model import Literal, Model
from planner.solver.space import Item


@dataclass
class Tour:
    """One person's circuit and what the rules and goals read from it."""

    person: str
    days: list[dt.date]
    items: list[Item]
    arcs: dict[tuple, Literal] = field(default_factory=dict)  # (from, to, place, place) -> lit
    travel: list[tuple[Literal, int]] = field(default_factory=list)
    leave: dict[dt.date, object] = field(default_factory=dict)  # staff: leaving base
    back: dict[dt.date, object] = field(default_factory=dict)  # staff: back at base
    works: dict[dt.date, Literal] = field(default_factory=dict)
    base: dict[dt.date, int] = field(default_factory=dict)  # node leaving base that day
    after: dict[dt.date, int] = field(default_factory=dict)  # node of the next day's base


def _area(m: Model, item: Item, place: str) -> str:
    if place.startswith("home:"):
        return m.space.participants[m.space.needs[item.owner].participant].area
    return m.space.venues[place].area


def build_tour(m: Model, person: str, pad: int) -> Tour | None:
    """The circuit of a person who travels between places (staff, carers, on-site interpreters)."""
    items = [i for i in m.space.items if (person, i.id) in m.present]
    if not items:
        return None
    days = sorted({o.day for i in items for o in i.options})
    tour = Tour(person, days, items)
    staff = m.space.staff.get(person)
    base = {day: len(items) + 1 + d for d, day in enumerate(days)}
    after = {day: len(items) + 1 + (d + 1) % len(days) for d, day in enumerate(days)}
    tour.base, tour.after = base, after
    circuit: list[tuple[int, int, Literal]] = []
    horizon = m.horizon_minutes()
    for day in days:
        tag = f"{person}@{day}"
        rest = m.bool(f"rest[{tag}]")
        tour.works[day] = rest.Not()
        circuit.append((base[day], after[day], rest))
        if staff is not None:
            tour.leave[day] = m.cp.new_int_var(-240, horizon, f"leave[{tag}]")
            tour.back[day] = m.cp.new_int_var(0, horizon + 240, f"back[{tag}]")
            m.cp.add(tour.leave[day] == tour.back[day]).only_enforce_if(rest)
    for k, item in enumerate(items, start=1):
        present = m.present[(person, item.id)]
        circuit.append((k, k, present.Not()))
        for day in sorted({o.day for o in item.options}):
            on_day = m.on_day[(item.id, day)]
            for place, at in m.at_place[item.id].items():
                area = _area(m, item, place)
                leave = m.bool(f"out[{person}]{day}>{item.id}@{place}")
                back = m.bool(f"home[{person}]{item.id}@{place}>{day}")
                for arc in (leave, back):
                    m.cp.add_implication(arc, on_day)
                    if len(m.at_place[item.id]) > 1:
                        m.cp.add_implication(arc, at)
                circuit += [(base[day], k, leave), (k, after[day], back)]
                tour.arcs[(base[day], k, None, place)] = leave
                tour.arcs[(k, after[day], place, None)] = back
                if staff is not None:
                    there = m.space.travel(staff.base_area, area)
                    home = m.space.travel(area, staff.base_area)
                    m.cp.add(tour.leave[day] == m.start[item.id] - there).only_enforce_if(leave)
                    m.cp.add(tour.back[day] == m.end[item.id] + home).only_enforce_if(back)
                    tour.travel += [(leave, there), (back, home)]
    _item_arcs(m, tour, pad, circuit)
    _add_circuit(m, circuit)
    return tour


def _add_circuit(m: Model, arcs: list[tuple[int, int, Literal]]) -> None:
    """A circuit takes one literal per pair of nodes: join the arcs of different places."""
    by_pair: dict[tuple[int, int], list[Literal]] = {}
    for tail, head, lit in arcs:
        by_pair.setdefault((tail, head), []).append(lit)
    circuit = []
    for (tail, head), lits in by_pair.items():
        if len(lits) > 1:
            joined = m.bool(f"arc{tail}>{head}")
            m.cp.add(sum(lits) == joined)
            lits = [joined]
        circuit.append((tail, head, lits[0]))
    m.cp.add_circuit(circuit)


def _can_follow(a: Item, b: Item, gap: int) -> bool:
    """Whether b can start after a ends (plus a gap) on some day both may have."""
    latest_b = {}
    for o in b.options:
        latest_b[o.day] = max(latest_b.get(o.day, o.t0), o.t0)
    return any(o.day in latest_b and latest_b[o.day] >= o.t1 + gap for o in a.options)


def _item_arcs(m: Model, tour: Tour, pad: int, circuit: list) -> None:
    """Arcs between two items of one day, with the travel between their places.

    An arc needs no "same day" constraint of its own: a day's path starts and ends at that
    day's base with items of that day, and times only grow along it.
    """
    for k, item in enumerate(tour.items, start=1):
        for j, other in enumerate(tour.items, start=1):
            if j == k or not _can_follow(item, other, 2 * pad):
                continue
            pairs = [
                (place, at, other_place, other_at)
                for place, at in m.at_place[item.id].items()
                for other_place, other_at in m.at_place[other.id].items()
            ]
            for place, at, other_place, other_at in pairs:
                arc = m.bool(f"next[{tour.person}]{item.id}@{place}>{other.id}@{other_place}")
                circuit.append((k, j, arc))
                tour.arcs[(k, j, place, other_place)] = arc
                if len(pairs) > 1:
                    m.cp.add_implication(arc, at)
                    m.cp.add_implication(arc, other_at)
                minutes = 0
                if place != other_place:
                    minutes = m.space.travel(_area(m, item, place), _area(m, other, other_place))
                m.cp.add(m.start[other.id] >= m.end[item.id] + 2 * pad + minutes).only_enforce_if(
                    arc
                )
                if minutes:
                    tour.travel.append((arc, minutes))


def estimated_arcs(space) -> int:
    """About how many arcs the tours of a space will have: the model's size, before building."""
    remote = {i for i, x in space.interpreters.items() if x.remote}
    counts: dict[str, int] = {}
    for item in space.items:
        for people in item.people.values():
            for person in people:
                if person not in remote:
                    counts[person] = counts.get(person, 0) + 1
    return sum(n * n for n in counts.values())
