"""Scenario documents: read, validate, convert to the domain and write back.

Writing builds the wire models' document of the domain (`planner.formats.scenario_doc`) and
dumps it, so the shape is the one the reader validates.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.domain import (
    Area,
    Carer,
    Child,
    ChildcareSettings,
    Group,
    GuidanceNeed,
    Horizon,
    Interpreter,
    Participant,
    Partner,
    PlanItems,
    Role,
    Scenario,
    Settings,
    StaffMember,
    Theme,
    Venue,
    Weights,
)
from planner.domain.timeparts import WeeklyWindows
from planner.formats import jsonlimits, wire
from planner.formats.codec import (
    instant_in,
    periods_in,
    problems_from,
    session_in,
    visit_in,
    windows_in,
)
from planner.formats.jsonlimits import JsonLimitError
from planner.formats.problems import DocumentBeyondLimits, InvalidDocument, Problem
from planner.formats.references import ScenarioView, check_references
from planner.formats.scenario_doc import scenario_to_doc

__all__ = [
    "check_passes",
    "dump_scenario",
    "load_scenario",
    "read_json",
    "scenario_from_doc",
    "validate_scenario",
]


def read_json(path: str | Path, kind: str) -> Any:
    """The JSON value of a file; a file that is not JSON is an `InvalidDocument`.

    A file beyond `jsonlimits` (over 20 MB, nested too deep, a number too long) is a
    `DocumentBeyondLimits`, refused before its text is parsed or, for size, read.
    """
    try:
        text = jsonlimits.read_text(path)
    except JsonLimitError as error:
        raise DocumentBeyondLimits(kind, Problem(str(path), str(error))) from None
    except OSError as error:
        raise InvalidDocument(kind, [Problem(str(path), error.strerror or str(error))]) from None
    except UnicodeDecodeError:
        raise InvalidDocument(kind, [Problem(str(path), "is not UTF-8 text")]) from None
    try:
        return jsonlimits.loads(text)
    except JsonLimitError as error:
        raise DocumentBeyondLimits(kind, Problem(str(path), str(error))) from None
    except json.JSONDecodeError as error:
        where = f"{path}:{error.lineno}:{error.colno}"
        raise InvalidDocument(kind, [Problem(where, f"is not JSON: {error.msg}")]) from None


def validate_scenario(
    data: object, today: dt.date | None = None
) -> tuple[wire.ScenarioDoc | None, list[Problem]]:
    """The parsed document, or None, and every problem found in it at once."""
    if not isinstance(data, dict):
        return None, [Problem("(document)", "a scenario is a JSON object")]
    doc, error, references = check_passes(data, today)
    problems = (problems_from(error) if error else []) + references
    return (doc if not problems else None), problems


def check_passes(
    data: dict[str, Any], today: dt.date | None = None
) -> tuple[wire.ScenarioDoc | None, ValidationError | None, list[Problem]]:
    """The two passes that judge a scenario: the wire models field by field (the document
    or their error), then the references and ids of the whole document."""
    doc, error = None, None
    try:
        doc = wire.ScenarioDoc.model_validate(data)
    except ValidationError as failed:
        error = failed
    return doc, error, check_references(ScenarioView.of(data), today or dt.date.today())


def load_scenario(data: object, today: dt.date | None = None) -> Scenario:
    """The domain scenario of a JSON value; raises `InvalidDocument` with every problem."""
    doc, problems = validate_scenario(data, today)
    if doc is None:
        raise InvalidDocument("scenario", problems)
    return scenario_from_doc(doc)


def scenario_from_doc(doc: wire.ScenarioDoc) -> Scenario:
    """The domain scenario of a validated document."""
    childcare = doc.settings.childcare
    return Scenario(
        name=doc.name,
        timezone=doc.timezone,
        country=doc.country,
        horizon=Horizon(
            dt.date.fromisoformat(doc.horizon.start), dt.date.fromisoformat(doc.horizon.end)
        ),
        closed_dates=tuple(dt.date.fromisoformat(d) for d in doc.closed_dates),
        settings=Settings(
            slot_minutes=doc.settings.slot_minutes,
            childcare=ChildcareSettings(
                children_per_carer=childcare.children_per_carer,
                under_3_weight=Fraction(str(childcare.under_3_weight)),
                max_age=childcare.max_age,
                buffer_minutes=childcare.buffer_minutes,
                min_carers=childcare.min_carers,
            ),
            weights=Weights(**doc.settings.weights.model_dump()),
            time_limit_seconds=doc.settings.time_limit_seconds,
        ),
        areas=tuple(Area(a.id, a.name, a.lat, a.lon) for a in doc.areas),
        travel_minutes={k: dict(v) for k, v in doc.travel_minutes.items()},
        venues=tuple(_venue(v) for v in doc.venues),
        staff=tuple(_staff(s) for s in doc.staff),
        partners=tuple(_partner(p) for p in doc.partners),
        participants=tuple(_participant(p) for p in doc.participants),
        groups=tuple(_group(g) for g in doc.groups),
        guidance=tuple(_need(n) for n in doc.guidance),
        interpreters=tuple(_interpreter(i) for i in doc.interpreters),
        locked=_items(doc.locked),
        previous=_items(doc.previous),
        pinned=frozenset(doc.pinned),
        not_before=None if doc.not_before is None else instant_in(doc.not_before),
    )


def _venue(v: wire.VenueDoc) -> Venue:
    return Venue(
        id=v.id,
        name=v.name,
        area=v.area,
        address=v.address,
        capacity=v.capacity,
        rooms=v.rooms,
        childcare_room=v.childcare_room,
        childcare_capacity=v.childcare_capacity,
        open=WeeklyWindows.parse(v.open),
        closed=periods_in(v.closed),
    )


def _staff(s: wire.StaffDoc) -> StaffMember:
    return StaffMember(
        id=s.id,
        name=s.name,
        base_area=s.base_area,
        languages=tuple(s.languages),
        roles=tuple(Role(r) for r in s.roles),
        hours_per_week=s.hours_per_week,
        max_hours_per_day=s.max_hours_per_day,
        available=WeeklyWindows.parse(s.available),
        absent=periods_in(s.absent),
        email=s.email,
    )


def _partner(p: wire.PartnerDoc) -> Partner:
    carers = tuple(
        Carer(
            id=c.id,
            name=c.name,
            areas=tuple(c.areas),
            available=WeeklyWindows.parse(c.available),
            absent=periods_in(c.absent),
            max_shifts_per_week=c.max_shifts_per_week,
            infants=c.infants,
            email=c.email,
        )
        for c in p.carers
    )
    return Partner(id=p.id, name=p.name, email=p.email, share=p.share, carers=carers)


def _participant(p: wire.ParticipantDoc) -> Participant:
    return Participant(
        id=p.id,
        name=p.name,
        area=p.area,
        address=p.address,
        languages=tuple(p.languages),
        available=windows_in(p.available),
        children=tuple(
            Child(c.id, dt.date.fromisoformat(c.birth_date), c.in_daycare) for c in p.children
        ),
    )


def _group(g: wire.GroupDoc) -> Group:
    return Group(
        id=g.id,
        name=g.name,
        theme=Theme(g.theme),
        venues=tuple(g.venues),
        language=g.language,
        interpreting=tuple(g.interpreting),
        members=tuple(g.members),
        sessions_per_week=g.sessions_per_week,
        duration_minutes=g.duration_minutes,
        windows=WeeklyWindows.parse(g.windows),
        facilitators=g.facilitators,
        facilitator_pool=None if g.facilitator_pool is None else tuple(g.facilitator_pool),
        childcare=g.childcare,
        preferred_carers=None if g.preferred_carers is None else tuple(g.preferred_carers),
    )


def _need(n: wire.GuidanceDoc) -> GuidanceNeed:
    return GuidanceNeed(
        id=n.id,
        participant=n.participant,
        visits_per_week=n.visits_per_week,
        duration_minutes=n.duration_minutes,
        place=n.place,
        staff=None if n.staff is None else tuple(n.staff),
        preferred_staff=n.preferred_staff,
        windows=windows_in(n.windows),
    )


def _interpreter(i: wire.InterpreterDoc) -> Interpreter:
    return Interpreter(
        id=i.id,
        name=i.name,
        languages=tuple(i.languages),
        remote=i.remote,
        areas=tuple(i.areas),
        available=WeeklyWindows.parse(i.available),
        absent=periods_in(i.absent),
    )


def _items(doc: wire.ItemsDoc) -> PlanItems:
    return PlanItems(
        sessions=tuple(session_in(s) for s in doc.sessions),
        visits=tuple(visit_in(v) for v in doc.visits),
    )


def dump_scenario(scenario: Scenario) -> dict[str, Any]:
    """The JSON value of a scenario, every default written out (see `wire.written`)."""
    return scenario_to_doc(scenario).model_dump(mode="json")
