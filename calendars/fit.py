"""Whether a plan file fits its scenario file well enough to be put into feeds.

Feeds from files alone (`kotoplan feeds SCENARIO PLAN`) must refuse a plan of another
scenario: every id an item names has to be in the scenario, or its event cannot be worded,
and every shift has to be the one its session's carer gets (`planner.domain.childcare`), or a
shift naming the wrong partner would reach another organisation's feed. Whether the plan
keeps the rules is the checker's question, not the feeds'.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from planner.domain import HOME, Plan, Scenario
from planner.domain.childcare import partners_of_carers, shifts_of


def _unknown(
    ref: str, noun: str, ids: Iterable[str | None], known: Collection[str]
) -> Iterator[str]:
    for value in ids:
        if value is not None and value not in known:
            yield f"{ref}: there is no {noun} {value} in the scenario"


def misfits(scenario: Scenario, plan: Plan) -> list[str]:
    """Why the plan cannot be put into feeds beside this scenario, one line a fault."""
    groups = {g.id for g in scenario.groups}
    venues = {v.id for v in scenario.venues}
    staff = {m.id for m in scenario.staff}
    interpreters = {i.id for i in scenario.interpreters}
    partner_of = partners_of_carers(scenario)
    areas = {a.id for a in scenario.areas}
    needs = {n.id: n for n in scenario.guidance}
    found: list[str] = []
    if plan.horizon != scenario.horizon:
        found.append("horizon: the plan covers other dates than the scenario")
    for s in plan.sessions:
        found += _unknown(s.id, "group", [s.group], groups)
        found += _unknown(s.id, "venue", [s.venue], venues)
        found += _unknown(s.id, "staff member", s.facilitators, staff)
        found += _unknown(s.id, "carer", s.carers, partner_of)
        found += _unknown(s.id, "interpreter", s.interpreters, interpreters)
    derived = {
        shift.id: shift
        for session in plan.sessions
        for shift in shifts_of(session, partner_of, scenario.settings.childcare)
    }
    given = {shift.id: shift for shift in plan.shifts}
    for shift_id in sorted(given.keys() | derived.keys()):
        if given.get(shift_id) != derived.get(shift_id):
            found.append(f"{shift_id}: not the shift its session's carer gets")
    for v in plan.visits:
        need = needs.get(v.need)
        found += _unknown(v.id, "guidance need", [v.need], needs)
        if need is not None and (need.participant, need.place) != (v.participant, v.place):
            found.append(f"{v.id}: not a visit of need {need.id}")
        found += _unknown(v.id, "staff member", [v.staff], staff)
        found += _unknown(v.id, "interpreter", [v.interpreter], interpreters)
        found += _unknown(v.id, "venue", [v.place] if v.place != HOME else [], venues)
        found += _unknown(v.id, "area", [v.area], areas)
    people = staff | interpreters | partner_of.keys()
    for leg in plan.travel:
        found += _unknown(leg.person, "person who travels", [leg.person], people)
        found += _unknown(leg.person, "area", [leg.from_area, leg.to_area], areas)
    return found
