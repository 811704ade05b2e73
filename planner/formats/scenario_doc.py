"""A domain scenario as the wire models' document: what `dump_scenario` writes.

Every field is given, as the domain holds it, in the models' terms (lists, ISO strings,
instants with their offset); what the written document leaves out, and how its numbers
look, is the models' own rule (`planner.formats.wire.written`, `wire.Number`).
"""

from __future__ import annotations

from planner.domain import (
    Carer,
    Group,
    GuidanceNeed,
    Interpreter,
    Participant,
    Partner,
    PlanItems,
    Scenario,
    StaffMember,
    Venue,
)
from planner.formats import wire
from planner.formats.codec import instant_out, period_docs, session_doc, visit_doc


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
