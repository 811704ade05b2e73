"""Independent parts of a large week, solved one after another.

Two items belong to one part when they may share a participant, a venue or a person who
travels (staff, carers, on-site interpreters). Parts meet only through remote interpreters,
who serve everyone: each part is solved with their times in the other parts held fixed,
as the constructive plan has them until that part is solved, so that any part can keep its
constructive plan and the whole still keeps every rule.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from planner.solver.heuristic import Choice
from planner.solver.space import Item, Space


def parts_of(space: Space) -> list[list[Item]]:
    """The items in groups that share no participant, venue or travelling person."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    remote = {i for i, x in space.interpreters.items() if x.remote}
    for item in space.items:
        keys = {f"venue:{o.venue}" for o in item.options if o.venue}
        if item.kind == "session":
            keys |= {f"who:{p}" for p in space.groups[item.owner].members}
        else:
            keys.add(f"who:{space.needs[item.owner].participant}")
        keys |= {f"who:{p}" for people in item.people.values() for p in people if p not in remote}
        for key in keys:
            parent[find(key)] = find(f"item:{item.id}")
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in space.items:
        groups[find(f"item:{item.id}")].append(item)
    return sorted(groups.values(), key=len, reverse=True)


def remote_busy(space: Space, choices: dict[str, Choice]) -> dict[str, list[tuple[int, int, str]]]:
    """When each remote interpreter is taken in a set of choices: (start, end, item)."""
    remote = {i for i, x in space.interpreters.items() if x.remote}
    busy: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for item in space.items:
        choice = choices.get(item.id)
        if choice is None:
            continue
        option = item.options[choice.option]
        for role, people in choice.people.items():
            for person in people:
                if role.startswith("interpreter") and person in remote:
                    busy[person].append((option.t0, option.t1, item.id))
    return busy


def subspace(space: Space, items: list[Item], busy: dict[str, list[tuple[int, int, str]]]) -> Space:
    """A space of some items only, remote interpreters free only outside others' bookings."""
    ids = {item.id for item in items}
    part = copy.copy(space)
    part.items = []
    for item in items:
        item = copy.copy(item)
        item.people = {role: dict(people) for role, people in item.people.items()}
        for people in item.people.values():
            for person, free in people.items():
                taken = [(t0, t1) for t0, t1, ref in busy.get(person, []) if ref not in ids]
                if taken:
                    people[person] = {
                        k for k in free
                        if not any(t0 < item.options[k].t1 and item.options[k].t0 < t1
                                   for t0, t1 in taken)
                    }  # fmt: skip
        part.items.append(item)
    return part
