"""Converters between JSON values and domain values shared by scenarios and plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from planner.domain import ChildCounts, Session, Visit
from planner.domain.timeparts import Period, WeeklyWindows
from planner.formats import wire
from planner.formats.problems import Problem, format_path


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."


def problems_from(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as problems with JSON paths and plain sentences."""
    problems = []
    for item in error.errors(include_url=False):
        loc = [part for part in item["loc"] if part != "[key]"]
        kind, value = item["type"], item.get("input")
        if kind == "missing":
            message = "is required"
        elif kind == "extra_forbidden":
            message = "is not a known field"
        elif "[key]" in item["loc"]:
            message = f"key {_shown(value)} is not allowed here: {item['msg'].lower()}"
        elif kind == "string_pattern_mismatch":
            pattern = item.get("ctx", {}).get("pattern", "")
            hint = wire.PATTERN_HINTS.get(pattern, "is not in the expected form")
            message = f"{_shown(value)} {hint}"
        elif kind in {"date", "datetime", "time_range", "period", "timezone", "country"}:
            message = item["msg"]
        else:
            message = f"{item['msg'][0].lower()}{item['msg'][1:]} (got {_shown(value)})"
        problems.append(Problem(format_path(loc), message))
    return problems


def windows_in(data: dict[str, list[str]] | None) -> WeeklyWindows | None:
    return None if data is None else WeeklyWindows.parse(data)


def period_in(doc: wire.PeriodDoc) -> Period:
    if len(doc.start) == 10:
        return Period.days(dt.date.fromisoformat(doc.start), dt.date.fromisoformat(doc.end))
    return Period(dt.datetime.fromisoformat(doc.start), dt.datetime.fromisoformat(doc.end))


def periods_in(docs: list[wire.PeriodDoc]) -> tuple[Period, ...]:
    return tuple(period_in(doc) for doc in docs)


def period_docs(periods: tuple[Period, ...]) -> list[wire.PeriodDoc]:
    return [wire.PeriodDoc.model_construct(**period.to_json()) for period in periods]


def instant_in(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def instant_out(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def session_in(doc: wire.SessionDoc) -> Session:
    return Session(
        id=doc.id,
        group=doc.group,
        venue=doc.venue,
        start=instant_in(doc.start),
        end=instant_in(doc.end),
        facilitators=tuple(doc.facilitators),
        carers=tuple(doc.carers),
        interpreters=tuple(doc.interpreters),
        children=ChildCounts(doc.children.under_3, doc.children.from_3),
    )


def session_doc(session: Session) -> wire.SessionDoc:
    return wire.SessionDoc.model_construct(
        id=session.id,
        group=session.group,
        venue=session.venue,
        start=instant_out(session.start),
        end=instant_out(session.end),
        facilitators=list(session.facilitators),
        carers=list(session.carers),
        interpreters=list(session.interpreters),
        children=wire.ChildrenDoc.model_construct(
            under_3=session.children.under_3, from_3=session.children.from_3
        ),
    )


def session_out(session: Session) -> dict[str, Any]:
    """A session as the documents write it."""
    return session_doc(session).model_dump(mode="json")


def visit_in(doc: wire.VisitDoc) -> Visit:
    return Visit(
        id=doc.id,
        need=doc.need,
        participant=doc.participant,
        staff=doc.staff,
        interpreter=doc.interpreter,
        place=doc.place,
        area=doc.area,
        start=instant_in(doc.start),
        end=instant_in(doc.end),
    )


def visit_doc(visit: Visit) -> wire.VisitDoc:
    return wire.VisitDoc.model_construct(
        id=visit.id,
        need=visit.need,
        participant=visit.participant,
        staff=visit.staff,
        interpreter=visit.interpreter,
        place=visit.place,
        area=visit.area,
        start=instant_out(visit.start),
        end=instant_out(visit.end),
    )


def visit_out(visit: Visit) -> dict[str, Any]:
    """A visit as the documents write it (its `interpreter` null when it has none)."""
    return visit_doc(visit).model_dump(mode="json")
