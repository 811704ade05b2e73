"""Plan documents: read, validate, convert to the domain and write back."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from typing import Any

from pydantic import ValidationError

from planner.domain import Change, Horizon, Plan, PlanError, Reason, Shift, TravelLeg, Unplaced
from planner.formats import wire
from planner.formats.codec import (
    instant_in,
    instant_out,
    problems_from,
    session_doc,
    session_in,
    visit_doc,
    visit_in,
)
from planner.formats.problems import InvalidDocument, Problem, format_path


def validate_plan(data: object) -> tuple[wire.PlanDoc | None, list[Problem]]:
    """The parsed plan document, or None, and every problem found in it."""
    if not isinstance(data, dict):
        return None, [Problem("(document)", "a plan is a JSON object")]
    try:
        doc = wire.PlanDoc.model_validate(data)
    except ValidationError as error:
        return None, problems_from(error)
    problems = _plan_consistency(doc)
    return (doc if not problems else None), problems


def _plan_consistency(doc: wire.PlanDoc) -> list[Problem]:
    """Item ids are unique, shifts belong to sessions, items end after they start."""
    problems: list[Problem] = []
    for kind in ("sessions", "shifts", "visits", "unplaced"):
        items = getattr(doc, kind)
        counts = Counter(item.id if kind != "unplaced" else item.ref for item in items)
        for i, item in enumerate(items):
            key = item.id if kind != "unplaced" else item.ref
            if counts[key] > 1:
                problems.append(Problem(format_path((kind, i)), f'"{key}" appears twice'))
    sessions = {s.id for s in doc.sessions}
    for i, shift in enumerate(doc.shifts):
        if shift.session not in sessions:
            path = format_path(("shifts", i, "session"))
            problems.append(Problem(path, f'no session "{shift.session}" in the plan'))
    for kind in ("sessions", "shifts", "visits", "travel"):
        for i, item in enumerate(getattr(doc, kind)):
            if dt.datetime.fromisoformat(item.end) <= dt.datetime.fromisoformat(item.start):
                path = format_path((kind, i, "end"))
                problems.append(Problem(path, f"ends ({item.end}) before it starts"))
    if doc.objective is not None and doc.cost:
        total = sum(doc.cost.values())
        if abs(total - doc.objective) > 1e-6 * max(1.0, abs(doc.objective)):
            message = f"the costs sum to {total:g}, not to the objective {doc.objective:g}"
            problems.append(Problem("cost", message))
    if doc.status == "failed" and not doc.errors:
        problems.append(Problem("errors", "a failed plan says why in at least one error"))
    return problems


def load_plan(data: object) -> Plan:
    """The domain plan of a JSON value; raises `InvalidDocument` with every problem."""
    doc, problems = validate_plan(data)
    if doc is None:
        raise InvalidDocument("plan", problems)
    return Plan(
        scenario=doc.scenario,
        horizon=Horizon(
            dt.date.fromisoformat(doc.horizon.start), dt.date.fromisoformat(doc.horizon.end)
        ),
        status=doc.status,
        errors=tuple(PlanError(e.ref, e.rule, e.text) for e in doc.errors),
        objective=doc.objective,
        bound=doc.bound,
        cost=dict(doc.cost),
        stats=dict(doc.stats),
        sessions=tuple(session_in(s) for s in doc.sessions),
        shifts=tuple(
            Shift(
                s.id, s.carer, s.partner, s.session, s.venue, instant_in(s.start), instant_in(s.end)
            )
            for s in doc.shifts
        ),
        visits=tuple(visit_in(v) for v in doc.visits),
        travel=tuple(
            TravelLeg(t.person, t.from_area, t.to_area, instant_in(t.start), instant_in(t.end))
            for t in doc.travel
        ),
        unplaced=tuple(
            Unplaced(u.ref, u.kind, tuple(_reason_in(r) for r in u.reasons)) for u in doc.unplaced
        ),
        changes=tuple(Change(c.ref, c.change, c.text) for c in doc.changes),
        dropped_pins=tuple(PlanError(e.ref, e.rule, e.text) for e in doc.dropped_pins),
    )


def dump_plan(plan: Plan) -> dict[str, Any]:
    """The JSON value of a plan (see `wire.written` for what is left out)."""
    return plan_to_doc(plan).model_dump(mode="json")


def plan_to_doc(plan: Plan) -> wire.PlanDoc:
    """The document of a plan, as the wire models hold it (built without validating)."""
    return wire.PlanDoc.model_construct(
        format=wire.PLAN_FORMAT,
        scenario=plan.scenario,
        horizon=wire.HorizonDoc.model_construct(
            start=plan.horizon.start.isoformat(), end=plan.horizon.end.isoformat()
        ),
        status=plan.status,
        errors=[_error_doc(e) for e in plan.errors],
        objective=plan.objective,
        bound=plan.bound,
        cost=dict(plan.cost),
        stats=wire.StatsDoc.model_construct(**plan.stats),
        sessions=[session_doc(s) for s in plan.sessions],
        shifts=[
            wire.ShiftDoc.model_construct(
                id=s.id,
                carer=s.carer,
                partner=s.partner,
                session=s.session,
                venue=s.venue,
                start=instant_out(s.start),
                end=instant_out(s.end),
            )
            for s in plan.shifts
        ],
        visits=[visit_doc(v) for v in plan.visits],
        travel=[
            wire.TravelDoc.model_construct(
                person=t.person,
                from_area=t.from_area,
                to_area=t.to_area,
                start=instant_out(t.start),
                end=instant_out(t.end),
            )
            for t in plan.travel
        ],
        unplaced=[
            wire.UnplacedDoc.model_construct(
                ref=u.ref, kind=u.kind, reasons=[_reason_doc(r) for r in u.reasons]
            )
            for u in plan.unplaced
        ],
        changes=[
            wire.ChangeDoc.model_construct(ref=c.ref, change=c.change, text=c.text)
            for c in plan.changes
        ],
        dropped_pins=[_error_doc(e) for e in plan.dropped_pins],
    )


def _error_doc(error: PlanError) -> wire.PlanErrorDoc:
    return wire.PlanErrorDoc.model_construct(ref=error.ref, rule=error.rule, text=error.text)


def _reason_in(doc: wire.ReasonDoc) -> Reason:
    """A reason; plans written before `code` and `args` existed have neither."""
    return Reason(doc.rule, doc.text, doc.code, dict(doc.args or {}))


def _reason_doc(reason: Reason) -> wire.ReasonDoc:
    """`code` and `args` are written only when there are some: old readers see {rule, text}."""
    return wire.ReasonDoc.model_construct(
        rule=reason.rule,
        text=reason.text,
        code=reason.code,
        args=copy.deepcopy(dict(reason.args)) if reason.args else None,
    )
