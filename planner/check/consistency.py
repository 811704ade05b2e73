"""What is plainly wrong in a plan before any rule: references to nothing, shifts
named after another session, items that disagree with their own ids.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from planner.check.context import (
    CheckContext,
    Violation,
    place_text,
)
from planner.domain import (
    HOME,
)


def _unknown(
    ref: str, noun: str, ids: Iterable[str | None], known: Collection[str]
) -> Iterator[Violation]:
    for value in ids:
        if value is not None and value not in known:
            yield Violation("plan", ref, f"there is no {noun} {value} in the scenario")


def plan_consistency(ctx: CheckContext) -> Iterator[Violation]:
    """The plan names only what its scenario holds and agrees with itself."""
    plan, scenario = ctx.plan, ctx.scenario
    if plan.horizon != scenario.horizon:
        text = (
            f"the plan covers {plan.horizon.start}..{plan.horizon.end}, the scenario "
            f"{scenario.horizon.start}..{scenario.horizon.end}"
        )
        yield Violation("plan", "horizon", text)
    yield from _sessions_consistent(ctx)
    yield from _shifts_consistent(ctx)
    yield from _visits_consistent(ctx)
    travellers = ctx.staff.keys() | ctx.carers.keys() | ctx.interpreters.keys()
    for leg in plan.travel:
        yield from _unknown(leg.person, "person who travels", [leg.person], travellers)
        yield from _unknown(leg.person, "area", [leg.from_area, leg.to_area], ctx.areas)


def _sessions_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for s in ctx.plan.sessions:
        yield from _unknown(s.id, "group", [s.group], ctx.groups)
        yield from _unknown(s.id, "venue", [s.venue], ctx.venues)
        yield from _unknown(s.id, "staff member", s.facilitators, ctx.staff)
        yield from _unknown(s.id, "carer", s.carers, ctx.carers)
        yield from _unknown(s.id, "interpreter", s.interpreters, ctx.interpreters)
        counted = ctx.counted[s.id]
        given = (s.children.under_3, s.children.from_3)
        if counted is not None and given != (counted.under_3, counted.from_3):
            text = (
                f"{s.id} gives {given[0]} children under 3 and {given[1]} from 3, but "
                f"{counted.under_3} and {counted.from_3} are counted"
            )
            yield Violation("plan", s.id, text)
        listed = sorted(s.carers)
        with_shifts = sorted(shift.carer for shift in ctx.shifts_of.get(s.id, []))
        if listed != with_shifts:
            text = (
                f"{s.id} lists carers {', '.join(listed) or 'none'} but has shifts for "
                f"{', '.join(with_shifts) or 'none'}"
            )
            yield Violation("plan", s.id, text)


def _shifts_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for shift in ctx.plan.shifts:
        yield from _unknown(shift.id, "carer", [shift.carer], ctx.carers)
        yield from _unknown(shift.id, "venue", [shift.venue], ctx.venues)
        partner = ctx.partner_of.get(shift.carer)
        if partner is not None and shift.partner != partner:
            text = f"{shift.id} names partner {shift.partner}; {shift.carer} comes from {partner}"
            yield Violation("plan", shift.id, text)
        if shift.id != f"{shift.session}/{shift.carer}":
            text = f"{shift.id} is not named {shift.session}/{shift.carer}"
            yield Violation("plan", shift.id, text)
        session = ctx.sessions.get(shift.session)
        if session is None:
            yield Violation("plan", shift.id, f"there is no session {shift.session} in the plan")
        elif shift.venue != session.venue:
            text = f"{shift.id} is at {shift.venue}, but its session is at {session.venue}"
            yield Violation("plan", shift.id, text)


def _visits_consistent(ctx: CheckContext) -> Iterator[Violation]:
    for v in ctx.plan.visits:
        yield from _unknown(v.id, "guidance need", [v.need], ctx.needs)
        yield from _unknown(v.id, "participant", [v.participant], ctx.participants)
        yield from _unknown(v.id, "staff member", [v.staff], ctx.staff)
        yield from _unknown(v.id, "interpreter", [v.interpreter], ctx.interpreters)
        yield from _unknown(v.id, "venue", [v.place] if v.place != HOME else [], ctx.venues)
        need = ctx.needs.get(v.need)
        if need is not None and need.participant != v.participant:
            text = f"{v.id} is for {v.participant}, but need {need.id} is {need.participant}'s"
            yield Violation("plan", v.id, text)
        if need is not None and need.place != v.place:
            text = f"{v.id} is at {v.place}, but need {need.id} is met at {need.place}"
            yield Violation("plan", v.id, text)
        item = ctx.visit_items[v.id]
        if item.area is not None and v.area != item.area:
            text = f"{v.id} gives area {v.area}, but {place_text(item.place)} is in {item.area}"
            yield Violation("plan", v.id, text)
