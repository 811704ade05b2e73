"""CP-SAT where it is strong: the exact best of a small neighbourhood, the rest held fixed.

A neighbourhood is a few items (an area's day, a person's day) on some days. Its model
holds those items with every option on those days and the people most worth a look for
them (those who have them now and the cheapest others), and around them, as fixed items,
everything else those people, the items' participants, venues and owners have on those
days. What the model leaves out but must count comes in as constants: each carer's
shifts elsewhere (fairness) and each staff member's minutes on other days (H7). CP-SAT
then finds the best way to place the neighbourhood, usually proving it optimal in a
fraction of a second, and the search keeps it if the whole week costs less.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np

from planner.domain.timeparts import iso_week
from planner.solver import exact
from planner.solver.extract import session_of, visit_of
from planner.solver.heuristic import Choice
from planner.solver.insertion import INF, Inserter
from planner.solver.optionset import OptionSet
from planner.solver.space import Block, Item, Space
from planner.solver.week import Week

# For each role of a neighbourhood's item, the people modelled besides who has it now.
CHEAPEST_OTHERS = 3


@dataclass
class Neighbourhood:
    """A neighbourhood's own space and hint, and how its options map back."""

    space: Space
    hint: dict[str, Choice]
    free: list[Item]
    back: dict[str, list[int]]  # item -> its options in the week's space, by index here


def neighbourhood(
    space: Space, week: Week, inserter: Inserter, free: list[Item], days: set[dt.date]
) -> Neighbourhood | None:
    """The model space of some items on some days, with what surrounds them held fixed."""
    free = [i for i in free if i.locked is None and i.id in week.chosen]
    if not free:
        return None
    current = {item.id: week.chosen[item.id] for item in free}
    for item in free:
        week.remove_item(item)
    try:
        people = {item.id: _people(inserter, item, current[item.id], days) for item in free}
    finally:
        for item in free:
            week.place_item(item, current[item.id])
    modelled = {p for roles in people.values() for persons in roles.values() for p in persons}
    free_ids = {item.id for item in free}
    items, hint, back = [], {}, {}
    for item in free:
        own, keep = _within(item, days, people[item.id])
        items.append(own)
        back[item.id] = keep
        k = keep.index(current[item.id].option)
        hint[item.id] = Choice(k, current[item.id].people)
    for item in _around(space, week, free, modelled, days):
        if item.id in free_ids:
            continue
        fixed, choice = _fixed(space, week, item, modelled)
        items.append(fixed)
        hint[item.id] = choice
    sub = copy.copy(space)
    sub.items = items
    sub.outside_shifts, sub.outside_minutes = _outside(space, week, items, days)
    return Neighbourhood(sub, hint, free, back)


def reoptimise(
    space: Space,
    week: Week,
    inserter: Inserter,
    free: list[Item],
    days: set[dt.date],
    effort: exact.Effort,
) -> dict[str, Choice] | None:
    """New choices for the items of a neighbourhood if CP-SAT finds any better, else None."""
    hood = neighbourhood(space, week, inserter, free, days)
    if hood is None:
        return None
    result = exact.run(hood.space, hood.hint, effort)
    if result.choices is None:
        return None
    found = {}
    for item in hood.free:
        choice = result.choices.get(item.id)
        if choice is not None:
            found[item.id] = Choice(hood.back[item.id][choice.option], choice.people)
    return found


def _people(inserter: Inserter, item: Item, now: Choice, days) -> dict[str, list[str]]:
    """Per role: who has the item now and the cheapest others on those days."""
    index = inserter.index(item)
    on_days = np.array([o.day in days for o in item.options], dtype=bool)
    chosen: dict[str, list[str]] = {}
    for name, role in index.near.items():
        costs = inserter.role_costs(item, index, role)
        costs[:, ~on_days] = INF
        cheapest = costs.min(axis=1)
        ranked = [role.persons[r] for r in np.argsort(cheapest, kind="stable")
                  if cheapest[r] < INF][:CHEAPEST_OTHERS]  # fmt: skip
        chosen[name] = list(dict.fromkeys([*now.people.get(name, ()), *ranked]))
    return chosen


def _within(item: Item, days, people: dict[str, list[str]]) -> tuple[Item, list[int]]:
    """A copy of a free item with only its options on the days and only some people."""
    keep = [k for k, o in enumerate(item.options) if o.day in days]
    where = {k: j for j, k in enumerate(keep)}
    own = copy.copy(item)
    own.options = [item.options[k] for k in keep]
    own.blocks = []
    for block in item.blocks:
        if block.day in days:
            first = where[block.first]
            own.blocks.append(Block(block.day, block.venue, block.area, first,
                                    first + block.end - block.first, block.starts))  # fmt: skip
    own.people = {
        role: {
            p: OptionSet.of(where[k] for k in item.people[role][p] if k in where)
            for p in persons
            if p in item.people.get(role, {})
        }
        for role, persons in people.items()
    }
    own.children = {day: c for day, c in item.children.items() if day in days}
    return own, keep


def _around(space: Space, week: Week, free: list[Item], modelled: set[str], days):
    """Every placed item that shares a day in `days` with the neighbourhood's people,
    participants, venues or owners."""
    found: dict[str, Item] = {}
    items = week.items
    whose = set(modelled)
    for item in free:
        whose |= set(week.participants[item.id])
    for person in whose:
        for day in days:
            for entry in week.days.get((person, day), ()):
                found[entry.item] = items[entry.item]
    venues = {o.venue for item in free for o in item.options if o.venue and o.day in days}
    owners = {(item.owner, item.week) for item in free}
    for item_id, choice in week.chosen.items():
        item = items[item_id]
        option = item.options[choice.option]
        if option.day not in days:
            continue
        if (item.kind == "session" and option.venue in venues) or (item.owner, item.week) in owners:
            found[item_id] = item
    return sorted(found.values(), key=lambda i: i.id)


def _fixed(space: Space, week: Week, item: Item, modelled: set[str]) -> tuple[Item, Choice]:
    """An item held where it is, with only the people the neighbourhood models."""
    choice = week.chosen[item.id]
    option = item.options[choice.option]
    fixed = copy.copy(item)
    fixed.fixed = True
    fixed.previous = None
    if fixed.locked is None:
        if item.kind == "session":
            fixed.locked = session_of(space, item, choice.option, choice.people)
        else:
            fixed.locked = visit_of(space, item, choice.option, choice.people)
    fixed.options = [option]
    fixed.blocks = [Block(option.day, option.venue, option.area, 0, 1, (option.start,))]
    fixed.children = {d: c for d, c in item.children.items() if d == option.day}
    only = OptionSet(1)
    people = {
        role: [p for p in persons if p in modelled] for role, persons in choice.people.items()
    }
    fixed.people = {role: {p: only for p in persons} for role, persons in people.items()}
    return fixed, Choice(0, {r: ps for r, ps in people.items() if ps})


def _outside(space: Space, week: Week, items: list[Item], days):
    """Carers' shifts and staff minutes, by week, that the neighbourhood's model leaves out."""
    inside = {i.id: i for i in items}
    shifts: Counter[tuple[str, str]] = Counter()
    for item_id, choice in week.chosen.items():
        item = inside.get(item_id)
        kept = item.people.get("carer", {}) if item is not None else {}
        for carer in choice.people.get("carer", ()):
            if carer not in kept:
                shifts[(carer, week.items[item_id].week)] += 1
    minutes: dict[tuple[str, str], int] = {}
    for (person, week_id), total in week.week_minutes.items():
        on_days = sum(
            week.length_of.get((person, day), 0) for day in days if iso_week(day) == week_id
        )
        minutes[(person, week_id)] = total - on_days
    return dict(shifts), minutes
