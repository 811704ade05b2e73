"""Scenario documents: read, validate, convert to the domain and write back."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner import jsonlimits, wire
from planner.codec import (
    instant_in,
    instant_out,
    period_docs,
    periods_in,
    problems_from,
    session_doc,
    session_in,
    visit_doc,
    visit_in,
    windows_in,
)
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
from planner.jsonlimits import JsonLimitError
from planner.problems import DocumentBeyondLimits, InvalidDocument, Problem
from planner.references import ScenarioView, check_references
from planner.timeparts import WeeklyWindows

__all__ = [
    "check_passes",
    "dump_scenario",
    "load_scenario",
    "read_json",
    "scenario_from_doc",
    "scenario_to_doc",
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


def scenario_to_doc(scenario: Scenario) -> wire.ScenarioDoc:
    """The document of a scenario, as the wire models hold it.

    Built without validating (`model_construct`): writing out what the domain holds never
    refuses, and reading the document back validates it as any document is validated.
    """
    s = scenario.settings
    return wire.ScenarioDoc.model_construct(
        format=wire.SCENARIO_FORMAT,
        name=scenario.name,
        timezone=scenario.timezone,
        country=scenario.country,
        horizon=wire.HorizonDoc.model_construct(
            start=scenario.horizon.start.isoformat(), end=scenario.horizon.end.isoformat()
        ),
        closed_dates=[d.isoformat() for d in scenario.closed_dates],
        settings=wire.SettingsDoc.model_construct(
            slot_minutes=s.slot_minutes,
            childcare=wire.ChildcareDoc.model_construct(
                children_per_carer=s.childcare.children_per_carer,
                under_3_weight=float(s.childcare.under_3_weight),
                max_age=s.childcare.max_age,
                buffer_minutes=s.childcare.buffer_minutes,
                min_carers=s.childcare.min_carers,
            ),
            weights=wire.WeightsDoc.model_construct(
                **{key: getattr(s.weights, key) for key in wire.WeightsDoc.model_fields}
            ),
            time_limit_seconds=s.time_limit_seconds,
        ),
        areas=[
            wire.AreaDoc.model_construct(id=a.id, name=a.name, lat=a.lat, lon=a.lon)
            for a in scenario.areas
        ],  # fmt: skip
        travel_minutes={k: dict(v) for k, v in scenario.travel_minutes.items()},
        venues=[_venue_doc(v) for v in scenario.venues],
        staff=[_staff_doc(m) for m in scenario.staff],
        partners=[_partner_doc(p) for p in scenario.partners],
        participants=[_participant_doc(p) for p in scenario.participants],
        groups=[_group_doc(g) for g in scenario.groups],
        guidance=[_need_doc(n) for n in scenario.guidance],
        interpreters=[_interpreter_doc(i) for i in scenario.interpreters],
        locked=_items_doc(scenario.locked),
        previous=_items_doc(scenario.previous),
        pinned=sorted(scenario.pinned),
        not_before=None if scenario.not_before is None else instant_out(scenario.not_before),
    )


def _venue_doc(v: Venue) -> wire.VenueDoc:
    return wire.VenueDoc.model_construct(
        id=v.id,
        name=v.name,
        area=v.area,
        address=v.address,
        capacity=v.capacity,
        rooms=v.rooms,
        childcare_room=v.childcare_room,
        childcare_capacity=v.childcare_capacity,
        open=v.open.to_json(),
        closed=period_docs(v.closed),
    )


def _staff_doc(m: StaffMember) -> wire.StaffDoc:
    return wire.StaffDoc.model_construct(
        id=m.id,
        name=m.name,
        base_area=m.base_area,
        languages=list(m.languages),
        roles=[str(r) for r in m.roles],
        hours_per_week=m.hours_per_week,
        max_hours_per_day=m.max_hours_per_day,
        available=m.available.to_json(),
        absent=period_docs(m.absent),
        email=m.email,
    )


def _carer_doc(c: Carer) -> wire.CarerDoc:
    return wire.CarerDoc.model_construct(
        id=c.id,
        name=c.name,
        areas=list(c.areas),
        available=c.available.to_json(),
        absent=period_docs(c.absent),
        max_shifts_per_week=c.max_shifts_per_week,
        infants=c.infants,
        email=c.email,
    )


def _partner_doc(p: Partner) -> wire.PartnerDoc:
    return wire.PartnerDoc.model_construct(
        id=p.id,
        name=p.name,
        email=p.email,
        share=p.share,
        carers=[_carer_doc(c) for c in p.carers],
    )


def _participant_doc(p: Participant) -> wire.ParticipantDoc:
    return wire.ParticipantDoc.model_construct(
        id=p.id,
        name=p.name,
        area=p.area,
        address=p.address,
        languages=list(p.languages),
        available=None if p.available is None else p.available.to_json(),
        children=[
            wire.ChildDoc.model_construct(
                id=c.id, birth_date=c.birth_date.isoformat(), in_daycare=c.in_daycare
            )
            for c in p.children
        ],
    )


def _group_doc(g: Group) -> wire.GroupDoc:
    return wire.GroupDoc.model_construct(
        id=g.id,
        name=g.name,
        theme=str(g.theme),
        venues=list(g.venues),
        language=g.language,
        interpreting=list(g.interpreting),
        members=list(g.members),
        sessions_per_week=g.sessions_per_week,
        duration_minutes=g.duration_minutes,
        windows=g.windows.to_json(),
        facilitators=g.facilitators,
        facilitator_pool=_list(g.facilitator_pool),
        childcare=g.childcare,
        preferred_carers=_list(g.preferred_carers),
    )


def _need_doc(n: GuidanceNeed) -> wire.GuidanceDoc:
    return wire.GuidanceDoc.model_construct(
        id=n.id,
        participant=n.participant,
        visits_per_week=n.visits_per_week,
        duration_minutes=n.duration_minutes,
        place=n.place,
        staff=_list(n.staff),
        preferred_staff=n.preferred_staff,
        windows=None if n.windows is None else n.windows.to_json(),
    )


def _interpreter_doc(i: Interpreter) -> wire.InterpreterDoc:
    return wire.InterpreterDoc.model_construct(
        id=i.id,
        name=i.name,
        languages=list(i.languages),
        remote=i.remote,
        areas=list(i.areas),
        available=i.available.to_json(),
        absent=period_docs(i.absent),
    )


def _items_doc(items: PlanItems) -> wire.ItemsDoc:
    return wire.ItemsDoc.model_construct(
        sessions=[session_doc(s) for s in items.sessions],
        visits=[visit_doc(v) for v in items.visits],
    )


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)
