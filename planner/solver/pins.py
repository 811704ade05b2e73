"""Pins: previous items kept exactly as they were, unless a rule now forbids it.

A pin (the scenario's `pinned`, Kotoplan's own) is a wish, not a fact: unlike a lock, every
hard rule judges it. Before the search, each pinned item is put into an empty week (after
the locked items) exactly as it was, by the same insertion that builds every plan, so
H1-H10 hold for it and for the pins kept before it. A pin that fits is then held for the
rest of the solve as the space holds a locked item: its one option and its people. A pin
that does not fit is dropped, the item is planned like any other, and the plan's
`dropped_pins` names the rule that forbids it, as the independent checker reports it.
"""

from __future__ import annotations

from planner.check import check
from planner.domain import PlanError, Scenario, Session, Visit
from planner.solver.extract import session_of, visit_of
from planner.solver.heuristic import Choice
from planner.solver.insertion import Inserter
from planner.solver.locked import items_plan
from planner.solver.optionset import OptionSet
from planner.solver.space import Block, Item, Space
from planner.solver.week import Week


def hold_pins(space: Space) -> tuple[list[Item], list[PlanError]]:
    """Hold every pin that all rules allow; (the items held, the pins dropped with why)."""
    scenario = space.scenario
    pinned = [
        item
        for item in space.items
        if item.locked is None and item.previous is not None and item.previous.id in scenario.pinned
    ]
    if not pinned:
        return [], []
    week = Week(space)
    inserter = Inserter(space, week)
    for item in space.items:
        if item.locked is not None:
            week.place_item(item, Choice(0, {r: list(p) for r, p in item.people.items() if p}))
    held: list[tuple[Item, Choice]] = []
    dropped: list[Item] = []
    for item in sorted(pinned, key=lambda i: i.id):
        found = inserter.kept(item)
        if found is None:
            dropped.append(item)
            continue
        week.place_item(item, found.choice)
        held.append((item, found.choice))
    for item, choice in held:
        _hold(space, item, choice)
    return [item for item, _ in held], _why_dropped(scenario, dropped)


def _hold(space: Space, item: Item, choice: Choice) -> None:
    """Give a kept pin its one option and people, as the space gives a locked item."""
    option = item.options[choice.option]
    if item.kind == "session":
        item.locked = session_of(space, item, choice.option, choice.people)
    else:
        item.locked = visit_of(space, item, choice.option, choice.people)
    # The option and block lists are shared by the owner's items: new lists, not changed ones.
    item.options = [option]
    item.blocks = [Block(option.day, option.venue, option.area, 0, 1, (option.start,))]
    item.children = {d: c for d, c in item.children.items() if d == option.day}
    only = OptionSet(1)
    item.people = {role: {p: only for p in persons} for role, persons in choice.people.items()}


def _why_dropped(scenario: Scenario, dropped: list[Item]) -> list[PlanError]:
    """Each dropped pin with the first rule the checker finds it breaking, among the pins."""
    if not dropped:
        return []
    forms = [*scenario.locked.sessions, *scenario.locked.visits]
    forms += [
        item
        for item in (*scenario.previous.sessions, *scenario.previous.visits)
        if item.id in scenario.pinned
    ]
    sessions = [f for f in forms if isinstance(f, Session)]
    visits = [f for f in forms if isinstance(f, Visit)]
    placed = {f.id for f in forms}
    found = [v for v in check(scenario, items_plan(scenario, sessions, visits)) if v.ref in placed
             or v.rule != "H1"]  # fmt: skip
    errors = []
    for item in dropped:
        pin = item.previous.id
        mine = [v for v in found if v.ref == pin or pin in v.text]
        if mine:
            errors.append(PlanError(item.id, mine[0].rule, mine[0].text))
        else:
            text = f"{pin} no longer fits as it was beside the locked and other pinned items"
            errors.append(PlanError(item.id, "H5", text))
    return errors
