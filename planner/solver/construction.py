"""The constructive plan: every item added by cheapest insertion, the hardest first.

Locked items go in first as they are; then sessions that need the most people, and among
alike items those with the fewest options. The same order, with some randomness, is one
of the orders in which the local search (`planner.solver.search`) puts items back.
"""

from __future__ import annotations

import random

from planner.solver.heuristic import Choice
from planner.solver.insertion import Inserter
from planner.solver.space import Item, Space
from planner.solver.week import Week


def construct(space: Space, week: Week, inserter: Inserter, rng: random.Random | None = None):
    """Add every item by cheapest insertion, locked first, then hardest first."""
    order = sorted(space.items, key=lambda i: hardness(space, i, rng))
    for item in order:
        if item.id in week.chosen:
            continue
        if item.locked is not None:
            week.place_item(item, Choice(0, {r: list(p) for r, p in item.people.items() if p}))
            continue
        found = inserter.best(item)
        if found is not None and found.cost < 0:
            week.place_item(item, found.choice)


def hardness(space: Space, item: Item, rng: random.Random | None) -> tuple:
    """Locked first; then sessions needing the most people; then the fewest options."""
    if item.locked is not None:
        return (0, 0.0, item.id)
    if item.kind == "session":
        group = space.groups[item.owner]
        carers = max((c.carers for c in item.children.values()), default=0)
        people = group.facilitators + carers + len(group.interpreting)
        score = -10.0 * people - len(group.members) / 10
    else:
        score = 0.0
    score += len(item.options) / 1000
    if rng is not None:
        score += rng.uniform(0, 5)
    return (1, score, item.id)
