"""The constructive plan's order: locked items first, then the hardest to fit.

Sessions that need the most people (facilitators, carers, interpreters) go before those
that need fewer, and before visits; among equals, the item with fewer options goes first.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from planner.solver.construction import hardness
from planner.solver.space import Children, Item

DAY = dt.date(2026, 12, 1)


def session(id: str, owner: str, carers: int = 0, options: int = 1) -> Item:
    item = Item(id, "session", owner, "2026-W49", 1, 60)
    item.children = {DAY: Children(carers=carers)}
    item.options = [None] * options  # only their number counts here
    return item


def visit(id: str, options: int = 1) -> Item:
    item = Item(id, "visit", "n-1", "2026-W49", 1, 60)
    item.options = [None] * options
    return item


def order(space, items: list[Item]) -> list[str]:
    return [i.id for i in sorted(items, key=lambda i: hardness(space, i, None))]


SPACE = SimpleNamespace(
    groups={
        "g-big": SimpleNamespace(facilitators=2, interpreting=["ar"], members=["p"] * 8),
        "g-small": SimpleNamespace(facilitators=1, interpreting=[], members=["p"] * 2),
    }
)


def test_locked_items_come_first_then_sessions_needing_more_people_then_visits() -> None:
    locked = visit("locked", options=500)
    locked.locked = object()
    items = [
        visit("visit"),
        session("small", "g-small"),
        session("small+carer", "g-small", carers=1),
        session("big", "g-big"),
        locked,
    ]
    assert order(SPACE, items) == ["locked", "big", "small+carer", "small", "visit"]


def test_among_equals_the_item_with_fewer_options_goes_first() -> None:
    items = [visit("many", options=300), visit("few", options=20), visit("same", options=20)]
    assert order(SPACE, items) == ["few", "same", "many"]
