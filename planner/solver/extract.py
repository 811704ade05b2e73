"""From the solver's chosen values to a plan of the domain."""

from __future__ import annotations

from collections.abc import Callable

from planner.domain import ChildCounts, Session, Shift, Unplaced, Visit, childcare
from planner.solver.space import Item, Space

Value = Callable[[object], int]


def session_of(space: Space, item: Item, k: int, people: dict[str, list[str]]) -> Session:
    """A placed session with its people, in a stable order."""
    option = item.options[k]
    group = space.groups[item.owner]
    interpreters = [
        person
        for language in dict.fromkeys(group.interpreting)
        for person in people.get(f"interpreter:{language}", [])
    ]
    children = item.children[option.day]
    return Session(
        id=item.id,
        group=item.owner,
        venue=option.venue or "",
        start=space.timeline.at(option.t0),
        end=space.timeline.at(option.t1),
        facilitators=tuple(sorted(people.get("facilitator", []))),
        carers=tuple(sorted(people.get("carer", []))),
        interpreters=tuple(interpreters),
        children=ChildCounts(children.under_3, children.from_3),
    )


def shifts_of(space: Space, session: Session) -> list[Shift]:
    """One shift per carer, from the buffer before the session to the buffer after."""
    return childcare.shifts_of(session, space.partner_of, space.scenario.settings.childcare)


def visit_of(space: Space, item: Item, k: int, people: dict[str, list[str]]) -> Visit:
    """A placed visit with its guide and, where needed, its interpreter."""
    option = item.options[k]
    need = space.needs[item.owner]
    interpreter = people.get("interpreter", [])
    return Visit(
        id=item.id,
        need=need.id,
        participant=need.participant,
        staff=people["guide"][0],
        interpreter=interpreter[0] if interpreter else None,
        place=need.place,
        area=option.area,
        start=space.timeline.at(option.t0),
        end=space.timeline.at(option.t1),
    )


def unplaced_of(item: Item, reasons) -> Unplaced:
    return Unplaced(ref=item.id, kind=item.kind, reasons=tuple(reasons))
