"""Checks of a scenario that need the whole document: ids, references, the travel matrix.

They run on a `ScenarioView`: every part of the document that is well formed on its own,
with its JSON path, so that a broken venue does not hide a bad reference in a group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.domain import HOME
from planner.formats import wire
from planner.formats.problems import Path, Problem, format_path

Entry = tuple[Path, Any]


def _parse(model: type[BaseModel], raw: object, path: Path) -> list[Entry]:
    try:
        return [(path, model.model_validate(raw))]
    except ValidationError:
        return []  # reported by the whole-document pass


def _parse_list(model: type[BaseModel], raw: object, path: Path) -> list[Entry]:
    if not isinstance(raw, list):
        return []
    return [entry for i, item in enumerate(raw) for entry in _parse(model, item, (*path, i))]


@dataclass
class ScenarioView:
    """The well-formed parts of a scenario document, each with its path."""

    horizon: wire.HorizonDoc | None = None
    travel: dict[str, dict[str, int]] | None = None
    lists: dict[str, list[Entry]] = field(default_factory=dict)
    # Every readable id, broken entities included: a venue with a bad capacity still exists
    # for the groups that name it, and still takes its id.
    ids: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)
    pinned: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, data: dict[str, Any]) -> ScenarioView:
        """Take what can be read of a scenario document, part by part."""
        view = cls()
        horizon = _parse(wire.HorizonDoc, data.get("horizon"), ("horizon",))
        view.horizon = horizon[0][1] if horizon else None
        travel = data.get("travel_minutes")
        if isinstance(travel, dict):
            view.travel = {k: v for k, v in travel.items() if isinstance(v, dict)}
        top = {
            "areas": wire.AreaDoc,
            "venues": wire.VenueDoc,
            "staff": wire.StaffDoc,
            "participants": wire.ParticipantDoc,
            "groups": wire.GroupDoc,
            "guidance": wire.GuidanceDoc,
            "interpreters": wire.InterpreterDoc,
        }
        for name, model in top.items():
            view.lists[name] = _parse_list(model, data.get(name), (name,))
        view.lists["children"] = [
            (child_path, child)
            for path, participant in view.lists["participants"]
            for child_path, child in _children(participant, path)
        ]
        view.lists["partners"], view.lists["carers"] = _partners(data.get("partners"))
        view.ids = _raw_ids(data)
        for part in ("locked", "previous"):
            items = data.get(part)
            items = items if isinstance(items, dict) else {}
            view.lists[f"{part}.sessions"] = _parse_list(
                wire.SessionDoc, items.get("sessions"), (part, "sessions")
            )
            view.lists[f"{part}.visits"] = _parse_list(
                wire.VisitDoc, items.get("visits"), (part, "visits")
            )
        pinned = data.get("pinned")
        view.pinned = [p for p in pinned if isinstance(p, str)] if isinstance(pinned, list) else []
        return view

    def known(self, kind: str) -> set[str]:
        return {value for _, value in self.ids.get(kind, [])}


def _dicts(raw: object, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                yield (*path, i), item


def _raw_ids(data: dict[str, Any]) -> dict[str, list[tuple[Path, str]]]:
    """The readable ids of every kind, with their paths, in document order."""
    found: dict[str, list[tuple[Path, str]]] = {kind: [] for kind in ID_KINDS}

    def take(kind: str, path: Path, item: dict[str, Any]) -> None:
        if isinstance(item.get("id"), str):
            found[kind].append((path, item["id"]))

    for kind in ID_KINDS:
        for path, item in _dicts(data.get(kind), (kind,)):
            take(kind, path, item)
    for path, participant in _dicts(data.get("participants"), ("participants",)):
        for child_path, child in _dicts(participant.get("children"), (*path, "children")):
            take("children", child_path, child)
    for path, partner in _dicts(data.get("partners"), ("partners",)):
        for carer_path, carer in _dicts(partner.get("carers"), (*path, "carers")):
            take("carers", carer_path, carer)
    return found


def _children(participant: wire.ParticipantDoc, path: Path) -> Iterator[Entry]:
    for i, child in enumerate(participant.children):
        yield (*path, "children", i), child


def _partners(raw: object) -> tuple[list[Entry], list[Entry]]:
    """Partners and carers; a partner with one broken carer still counts, as do its others."""
    partners: list[Entry] = []
    carers: list[Entry] = []
    if not isinstance(raw, list):
        return partners, carers
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        partners += _parse(wire.PartnerDoc, {**item, "carers": []}, ("partners", i))
        carers += _parse_list(wire.CarerDoc, item.get("carers"), ("partners", i, "carers"))
    return partners, carers


ID_KINDS = (
    "areas", "venues", "staff", "partners", "carers", "interpreters",
    "participants", "children", "groups", "guidance",
)  # fmt: skip

KIND_NOUN = {
    "areas": "area",
    "venues": "venue",
    "staff": "staff member",
    "carers": "carer",
    "interpreters": "interpreter",
    "participants": "participant",
    "groups": "group",
    "guidance": "guidance need",
}


class _Checker:
    def __init__(self, view: ScenarioView, today: dt.date):
        self.view = view
        self.today = today
        self.problems: list[Problem] = []
        self.known = {kind: view.known(kind) for kind in ID_KINDS}

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(Problem(format_path(path), message))

    def ref(self, path: Path, value: str | None, kind: str) -> None:
        if value is not None and value not in self.known[kind]:
            self.fail(path, f'no {KIND_NOUN[kind]} "{value}"')

    def refs(self, path: Path, values: list[str] | None, kind: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values or []):
            self.ref((*path, i), value, kind)
            if value in seen:
                self.fail((*path, i), f'"{value}" is listed twice')
            seen.add(value)

    def entries(self, kind: str) -> list[Entry]:
        return self.view.lists.get(kind, [])


def check_references(view: ScenarioView, today: dt.date) -> list[Problem]:
    """Every problem of the document as a whole, in document order."""
    checker = _Checker(view, today)
    for check in (
        _unique_ids,
        _horizon,
        _travel_matrix,
        _places,
        _people,
        _groups,
        _guidance,
        _plan_items,
    ):
        check(checker)
    return checker.problems


def _unique_ids(c: _Checker) -> None:
    """Every id is unique across all kinds."""
    first: dict[str, Path] = {}
    for kind in ID_KINDS:
        for path, value in c.view.ids.get(kind, []):
            if value in first:
                where = format_path(first[value])
                c.fail((*path, "id"), f'id "{value}" is already used by {where}')
            else:
                first[value] = path


def _horizon(c: _Checker) -> None:
    """The horizon is whole ISO weeks, Monday to Sunday."""
    horizon = c.view.horizon
    if horizon is None:
        return
    start, end = dt.date.fromisoformat(horizon.start), dt.date.fromisoformat(horizon.end)
    if end < start:
        c.fail(("horizon", "end"), f"the horizon ends ({end}) before it starts ({start})")
        return
    if start.weekday() != 0:
        c.fail(("horizon", "start"), f"{start} is a {start:%A}; a horizon starts on a Monday")
    if end.weekday() != 6:
        c.fail(("horizon", "end"), f"{end} is a {end:%A}; a horizon ends on a Sunday")


def _travel_matrix(c: _Checker) -> None:
    """Every ordered pair of areas, the diagonal included, has a travel time."""
    matrix = c.view.travel
    if matrix is None:
        return
    areas = [area.id for _, area in c.entries("areas")]
    for origin, row in matrix.items():
        if origin not in c.known["areas"]:
            c.fail(("travel_minutes", origin), f'no area "{origin}"')
        for target in row:
            if target not in c.known["areas"]:
                c.fail(("travel_minutes", origin, target), f'no area "{target}"')
    for origin in areas:
        row = matrix.get(origin)
        if row is None:
            c.fail(("travel_minutes",), f'no travel times from area "{origin}"')
            continue
        for target in areas:
            if target not in row:
                c.fail(("travel_minutes", origin), f'no travel time to area "{target}"')


def _places(c: _Checker) -> None:
    """Venues and interpreters lie in known areas."""
    for path, venue in c.entries("venues"):
        c.ref((*path, "area"), venue.area, "areas")
    for path, interpreter in c.entries("interpreters"):
        c.refs((*path, "areas"), interpreter.areas, "areas")
        if not interpreter.remote and not interpreter.areas:
            c.fail((*path, "areas"), "an on-site interpreter needs at least one area")


def _people(c: _Checker) -> None:
    """Staff, carers and participants live and work in known areas; children are born."""
    for path, member in c.entries("staff"):
        c.ref((*path, "base_area"), member.base_area, "areas")
    for path, carer in c.entries("carers"):
        c.refs((*path, "areas"), carer.areas, "areas")
    for path, participant in c.entries("participants"):
        c.ref((*path, "area"), participant.area, "areas")
    for path, child in c.entries("children"):
        born = dt.date.fromisoformat(child.birth_date)
        if born > c.today:
            c.fail((*path, "birth_date"), f"{born} is in the future (today is {c.today})")


def _groups(c: _Checker) -> None:
    """A group's venues, members, facilitators and carers exist."""
    for path, group in c.entries("groups"):
        c.refs((*path, "venues"), group.venues, "venues")
        c.refs((*path, "members"), group.members, "participants")
        c.refs((*path, "facilitator_pool"), group.facilitator_pool, "staff")
        c.refs((*path, "preferred_carers"), group.preferred_carers, "carers")
        if group.language in group.interpreting:
            c.fail((*path, "interpreting"), f'the group already speaks "{group.language}"')


def _guidance(c: _Checker) -> None:
    """A need belongs to a known participant, place and staff."""
    for path, need in c.entries("guidance"):
        c.ref((*path, "participant"), need.participant, "participants")
        if need.place != HOME:
            c.ref((*path, "place"), need.place, "venues")
        c.refs((*path, "staff"), need.staff, "staff")
        c.ref((*path, "preferred_staff"), need.preferred_staff, "staff")
        allowed = need.staff
        preferred = need.preferred_staff
        if allowed is not None and preferred is not None and preferred not in allowed:
            c.fail((*path, "preferred_staff"), f'"{preferred}" is not among the need\'s staff')


def _plan_items(c: _Checker) -> None:
    """Locked and previous items name known groups, needs, places and people."""
    need_owner = {need.id: need.participant for _, need in c.entries("guidance")}
    for part in ("locked", "previous"):
        for path, session in c.entries(f"{part}.sessions"):
            c.ref((*path, "group"), session.group, "groups")
            c.ref((*path, "venue"), session.venue, "venues")
            c.refs((*path, "facilitators"), session.facilitators, "staff")
            c.refs((*path, "carers"), session.carers, "carers")
            c.refs((*path, "interpreters"), session.interpreters, "interpreters")
            _ordered(c, path, session.start, session.end)
        for path, visit in c.entries(f"{part}.visits"):
            c.ref((*path, "need"), visit.need, "guidance")
            c.ref((*path, "participant"), visit.participant, "participants")
            owner = need_owner.get(visit.need)
            if owner is not None and owner != visit.participant:
                c.fail((*path, "participant"), f'need "{visit.need}" belongs to "{owner}"')
            c.ref((*path, "staff"), visit.staff, "staff")
            c.ref((*path, "interpreter"), visit.interpreter, "interpreters")
            c.ref((*path, "area"), visit.area, "areas")
            if visit.place != HOME:
                c.ref((*path, "place"), visit.place, "venues")
            _ordered(c, path, visit.start, visit.end)
    previous = {item.id for _, item in c.entries("previous.sessions")} | {
        item.id for _, item in c.entries("previous.visits")
    }
    for index, ref in enumerate(c.view.pinned):
        if ref not in previous:
            c.fail(("pinned", index), f'"{ref}" is not an item of `previous`')


def _ordered(c: _Checker, path: Path, start: str, end: str) -> None:
    if dt.datetime.fromisoformat(end) <= dt.datetime.fromisoformat(start):
        c.fail((*path, "end"), f"ends ({end}) before it starts ({start})")
