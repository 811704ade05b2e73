"""Who takes an item at an option: free people enough, its own people first where free.

A session needs its group's facilitators (one who speaks the group's language), carers for
the children of the day (one who takes infants when any come) and an interpreter per
language it interprets; a visit a guide who shares a language with the participant, or one
with an interpreter who bridges them. Among the free, the item's own and preferred people
come first, then those based nearest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.domain import Session, Visit
from planner.solver.space import Item as Candidate
from planner.solver.space import Option, Space


@dataclass(frozen=True)
class Staffing:
    """The people of an item: a session's three lists, or a visit's guide and interpreter."""

    facilitators: tuple[str, ...] = ()
    carers: tuple[str, ...] = ()
    interpreters: tuple[str, ...] = ()
    staff: str | None = None
    interpreter: str | None = None


def staffing_for(
    space: Space,
    candidate: Candidate,
    item: Session | Visit,
    option: Option,
    free: Mapping[str, tuple[str, ...]],
) -> Staffing | None:
    """Free people enough for the item at an option; its own people where they are free."""
    if isinstance(item, Session):
        return _session_staffing(space, candidate, item, option, free)
    assert isinstance(item, Visit)
    return _visit_staffing(space, item, option, free)


def _session_staffing(
    space: Space,
    candidate: Candidate,
    session: Session,
    option: Option,
    free: Mapping[str, tuple[str, ...]],
) -> Staffing | None:
    group = space.groups[session.group]
    staff = space.staff
    ranked = _ranked(space, free.get("facilitator", ()), session.facilitators, option.area)
    facilitators = ranked[: group.facilitators]
    if len(facilitators) < group.facilitators:
        return None
    if group.facilitators and not any(group.language in staff[p].languages for p in facilitators):
        speakers = [p for p in ranked if group.language in staff[p].languages]
        if not speakers:
            return None
        facilitators = [*facilitators[:-1], speakers[0]]
    children = candidate.children[option.day]
    preferred = (*session.carers, *(group.preferred_carers or ()))
    ranked = _ranked(space, free.get("carer", ()), preferred)
    carers = ranked[: children.carers]
    if len(carers) < children.carers:
        return None
    carers_of = space.carers
    if children.infants and carers and not any(carers_of[c].infants for c in carers):
        able = [c for c in ranked if carers_of[c].infants]
        if not able:
            return None
        carers = [*carers[:-1], able[0]]
    interpreters: list[str] = []
    for language in group.interpreting:
        able = [
            i
            for i in free.get("interpreter", ())
            if i not in interpreters
            and {language, group.language} <= set(space.interpreters[i].languages)
        ]
        if not able:
            return None
        # Its own first, then remote ones: they take no seat and do not travel.
        able.sort(key=lambda i: (i not in session.interpreters, not _remote(space, i), i))
        interpreters.append(able[0])
    return Staffing(tuple(sorted(facilitators)), tuple(sorted(carers)), tuple(interpreters))


def _visit_staffing(
    space: Space, visit: Visit, option: Option, free: Mapping[str, tuple[str, ...]]
) -> Staffing | None:
    need = space.needs[visit.need]
    spoken = set(space.participants[visit.participant].languages)
    preferred = (visit.staff, *([need.preferred_staff] if need.preferred_staff else []))
    interpreters = free.get("interpreter", ())
    for guide in _ranked(space, free.get("guide", ()), preferred, option.area):
        theirs = set(space.staff[guide].languages)
        if spoken & theirs:
            keep = visit.interpreter if guide == visit.staff else None
            return Staffing(staff=guide, interpreter=keep if keep in interpreters else None)
        bridges = [
            i
            for i in interpreters
            if spoken & set(space.interpreters[i].languages)
            and theirs & set(space.interpreters[i].languages)
        ]
        if bridges:
            bridges.sort(key=lambda i: (i != visit.interpreter, not _remote(space, i), i))
            return Staffing(staff=guide, interpreter=bridges[0])
    return None


def _remote(space: Space, interpreter: str) -> bool:
    return space.interpreters[interpreter].remote


def _ranked(
    space: Space, people: Iterable[str], preferred: Iterable[str], area: str | None = None
) -> list[str]:
    """The item's own people first, then the preferred, then those based nearest."""
    order: dict[str, int] = {}
    for person in preferred:  # a person listed twice keeps her first place
        order.setdefault(person, len(order))

    def key(person: str) -> tuple[int, int, str]:
        member = space.staff.get(person)
        drive = space.travel(member.base_area, area) if member and area else 0
        return order.get(person, len(order)), drive, person

    return sorted(people, key=key)
