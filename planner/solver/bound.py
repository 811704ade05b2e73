"""A lower bound on the objective of every feasible plan: the gap a coordinator sees is real.

The relaxation, and why every plan keeps it
-------------------------------------------
Travel. In a staff member's day (see `planner.planning.routes`) every item they take is entered by
exactly one arc, from base (the first item) or from the item before, and left by exactly
one, to the next item or back to base; the day's travel is the sum of its arcs. So the
week's travel is at least the sum, over every staff member's place in an item (each
facilitator of a session, the guide of a visit), of the cheapest arc that could enter it,
and likewise at least the sum of the cheapest arcs that could leave it. An arc entering an
item at place P in area A costs at least the least of: the drive from the base of any
staff member who may take it; nothing, if another item may be at P too; the travel from
any area where another item may be (its diagonal if that area is A, since every other
place there is another place). Carers and on-site interpreters start their day where their
first item is, so they are not counted (their share is at least 0).

Per item. An item is either placed, costing at least its arcs above, the continuity it
cannot avoid (its need's preferred guide may never take it; fewer preferred carers may ever
take it than it needs) and the stability it cannot keep (its previous weekday, time and
place are no longer an option, or its previous people may not take it then), or it is
left out, costing `unplaced` and its lost stability. Each item adds the cheaper of the
two (a locked item is placed). Previous items that no demanded item stands for cost their
stability for sure. Fairness is bounded by 0.

The sums over items of the entering arcs and of the leaving arcs are two bounds; the
larger is the bound's travel. Every term is a lower bound of the same term in any plan
that keeps H1-H11, whatever the weights (they are not negative).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from planner.solver.space import Item, Space

INF = math.inf


@dataclass(frozen=True)
class Bound:
    """The bound, and its parts in the plan's units (weighted like `cost`)."""

    value: float
    parts: dict[str, float]


def lower_bound(space: Space) -> Bound:
    """A value no feasible plan's objective is below."""
    scenario = space.scenario
    w = scenario.settings.weights
    minutes = scenario.travel_minutes
    places = _places(space)
    previous = scenario.previous
    lost = len(previous.sessions) + len(previous.visits) - sum(
        1 for item in space.items if item.previous is not None
    )
    totals = []
    for direction in ("in", "out"):
        parts: dict[str, float] = defaultdict(float)
        parts["stability"] += w.stability * lost
        for item in space.items:
            placed = _placed(space, item, direction, places, minutes)
            if placed is None:  # cannot be placed at all
                parts["unplaced"] += w.unplaced
                parts["stability"] += w.stability * (item.previous is not None)
                continue
            travel, continuity, unkept = placed
            cost_placed = w.travel * travel + w.continuity * continuity + w.stability * unkept
            cost_left = w.unplaced + w.stability * (item.previous is not None)
            if item.locked is not None or cost_placed <= cost_left:
                parts["travel"] += w.travel * travel
                parts["continuity"] += w.continuity * continuity
                parts["stability"] += w.stability * unkept
            else:
                parts["unplaced"] += w.unplaced
                parts["stability"] += w.stability * (item.previous is not None)
        totals.append(dict(parts))
    best = max(totals, key=lambda parts: sum(parts.values()))
    for goal in ("unplaced", "continuity", "stability", "travel", "fairness"):
        best.setdefault(goal, 0.0)
    return Bound(sum(best.values()), best)


@dataclass
class _Places:
    at: dict[str, int]  # place -> how many items may be there
    areas: dict[str, set[str]]  # area -> the places items may be at in it


def _place(space: Space, item: Item, venue: str | None) -> str:
    if venue is not None:
        return venue
    return f"home:{space.needs[item.owner].participant}"


def _places(space: Space) -> _Places:
    at: dict[str, int] = defaultdict(int)
    areas: dict[str, set[str]] = defaultdict(set)
    for item in space.items:
        seen = set()
        for block in item.blocks:
            place = _place(space, item, block.venue)
            areas[block.area].add(place)
            seen.add(place)
        for place in seen:
            at[place] += 1
    return _Places(dict(at), dict(areas))


def _placed(space: Space, item: Item, direction: str, places: _Places, minutes):
    """(travel, continuity, stability) the item costs at least if placed; None if it can't be."""
    if not item.options or not _staffable(space, item):
        return None
    travel = INF
    for block in item.blocks:
        travel = min(travel, _arcs(space, item, block, direction, places, minutes))
    return travel, _continuity(space, item), _unkept(space, item)


def _staffable(space: Space, item: Item) -> bool:
    """Whether every role it needs has someone who may take it at some option."""
    if item.kind == "visit":
        return bool(item.people.get("guide"))
    group = space.groups[item.owner]
    if group.facilitators and len(item.people.get("facilitator", {})) < group.facilitators:
        return False
    needed = max((c.carers for c in item.children.values()), default=0)
    if needed and min(c.carers for c in item.children.values()) > 0:
        if len(item.people.get("carer", {})) < min(c.carers for c in item.children.values()):
            return False
    return all(
        len(item.people.get(f"interpreter:{lang}", {})) >= group.interpreting.count(lang)
        for lang in group.interpreting
    )


def _arcs(space: Space, item: Item, block, direction: str, places: _Places, minutes) -> float:
    """The cheapest arcs into (or out of) the item at a block's place, for its staff."""
    area, place = block.area, _place(space, item, block.venue)
    if item.kind == "visit":
        roles = [("guide", 1)]
    else:
        roles = [("facilitator", space.groups[item.owner].facilitators)]
    shared = places.at.get(place, 0) > 1  # another item may be at this very place
    from_items = 0.0 if shared else _from_elsewhere(area, place, places, minutes, direction)
    total = 0.0
    for role, count in roles:
        if not count:
            continue
        staff = [space.staff[p] for p in item.people.get(role, {}) if p in space.staff]
        base = min(
            (
                minutes[s.base_area][area] if direction == "in" else minutes[area][s.base_area]
                for s in staff
            ),
            default=INF,
        )
        total += count * min(base, from_items)
    return total


def _from_elsewhere(area: str, place: str, places: _Places, minutes, direction: str) -> float:
    """The least travel between the place and any other place an item may be at."""
    best = INF
    for other_area, here in places.areas.items():
        if other_area == area and here <= {place}:
            continue  # nothing else in this area
        arc = minutes[other_area][area] if direction == "in" else minutes[area][other_area]
        best = min(best, arc)
    return best


def _continuity(space: Space, item: Item) -> int:
    if item.kind == "visit":
        preferred = space.needs[item.owner].preferred_staff
        return int(preferred is not None and preferred not in item.people.get("guide", {}))
    preferred = space.groups[item.owner].preferred_carers
    if preferred is None:
        return 0
    carers = item.people.get("carer", {})
    least = INF
    for k, option in enumerate(item.options):
        needed = item.children.get(option.day)
        if needed is None:
            continue
        free = sum(1 for c in preferred if c in carers and k in carers[c])
        least = min(least, max(0, needed.carers - free))
    return 0 if least == INF else int(least)


def _unkept(space: Space, item: Item) -> int:
    """1 if the item's previous version can no longer be kept (when placed)."""
    before = item.previous
    if before is None:
        return 0
    start = before.start.astimezone(space.timeline.zone)
    key = (start.weekday(), start.hour * 60 + start.minute)
    venue = getattr(before, "venue", None) or (None if before.place == "home" else before.place)
    people = (
        {*before.facilitators, *before.carers, *before.interpreters}
        if hasattr(before, "facilitators")
        else {before.staff} | ({before.interpreter} if before.interpreter else set())
    )
    for k, option in enumerate(item.options):
        if (option.day.weekday(), option.start) != key or option.venue != venue:
            continue
        free = {p for role in item.people.values() for p, ks in role.items() if k in ks}
        if people <= free:
            return 0
    return 1
