"""The CP-SAT model's variables, named after domain ids, and the builder that holds them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.solver.space import Item, Space

Literal = cp_model.IntVar


@dataclass
class Model:
    """The model under construction: the space, the CP-SAT model and every variable.

    Variable names carry ids only, never a person's name (CP-SAT may print them).
    """

    space: Space
    cp: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    choose: dict[str, list[Literal]] = field(default_factory=dict)  # item -> option literals
    placed: dict[str, Literal] = field(default_factory=dict)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)
    end: dict[str, cp_model.IntVar] = field(default_factory=dict)
    on_day: dict[tuple[str, dt.date], Literal] = field(default_factory=dict)
    at_place: dict[str, dict[str, Literal]] = field(default_factory=dict)  # item -> place -> lit
    assign: dict[tuple[str, str, str], Literal] = field(default_factory=dict)  # item, role, who
    present: dict[tuple[str, str], Literal] = field(default_factory=dict)  # (who, item)
    tours: list = field(default_factory=list)  # planner.solver.tours.Tour, one per traveller
    # Soft goals' terms, filled by the goals: name -> linear expression
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)

    def bool(self, name: str) -> Literal:
        return self.cp.new_bool_var(name)

    def items(self, kind: str | None = None) -> list[Item]:
        return [i for i in self.space.items if kind is None or i.kind == kind]

    def people_of(self, item: Item, prefix: str) -> list[tuple[str, str, Literal]]:
        """(role, person, literal) of the item's assignments whose role starts with `prefix`."""
        return [
            (role, person, self.assign[(item.id, role, person)])
            for role, people in item.people.items()
            if role.startswith(prefix)
            for person in people
        ]

    def horizon_minutes(self) -> int:
        return self.space.timeline.minutes(
            dt.datetime.combine(
                self.space.scenario.horizon.end + dt.timedelta(days=1),
                dt.time(),
                tzinfo=self.space.timeline.zone,
            )
        )


def place_of(item: Item, option_index: int) -> str:
    """Where an option puts the item: a venue id, or "home:<participant>" (same for travel)."""
    option = item.options[option_index]
    return option.venue if option.venue is not None else f"home:{item.owner}"


def add_variables(m: Model) -> None:
    """The choice of option, time, day, place and people of every item."""
    horizon = m.horizon_minutes()
    for item in m.space.items:
        m.choose[item.id] = [m.bool(f"x[{item.id}#{k}]") for k in range(len(item.options))]
        m.placed[item.id] = m.bool(f"placed[{item.id}]")
        m.cp.add(sum(m.choose[item.id]) == m.placed[item.id])
        m.start[item.id] = m.cp.new_int_var(0, horizon, f"start[{item.id}]")
        m.end[item.id] = m.cp.new_int_var(0, horizon, f"end[{item.id}]")
        m.cp.add(
            m.start[item.id]
            == sum(lit * o.t0 for lit, o in zip(m.choose[item.id], item.options, strict=True))
        )
        m.cp.add(
            m.end[item.id]
            == sum(lit * o.t1 for lit, o in zip(m.choose[item.id], item.options, strict=True))
        )
        days: dict[dt.date, list[Literal]] = defaultdict(list)
        places: dict[str, list[Literal]] = defaultdict(list)
        for k, (lit, option) in enumerate(zip(m.choose[item.id], item.options, strict=True)):
            days[option.day].append(lit)
            places[place_of(item, k)].append(lit)
        for day, lits in days.items():
            m.on_day[(item.id, day)] = _sum_literal(m, lits, f"day[{item.id}@{day}]")
        m.at_place[item.id] = {
            place: _sum_literal(m, lits, f"at[{item.id}@{place}]") for place, lits in places.items()
        }
        for role, people in item.people.items():
            for person in people:
                m.assign[(item.id, role, person)] = m.bool(f"{role}[{item.id}]={person}")
        by_person: dict[str, list[Literal]] = defaultdict(list)
        for role, people in item.people.items():
            for person in people:
                by_person[person].append(m.assign[(item.id, role, person)])
        for person, lits in by_person.items():
            m.present[(person, item.id)] = _sum_literal(m, lits, f"in[{item.id}]={person}")


def _sum_literal(m: Model, lits: list[Literal], name: str) -> Literal:
    """A literal equal to a sum of literals that is at most one."""
    if len(lits) == 1:
        return lits[0]
    literal = m.bool(name)
    m.cp.add(sum(lits) == literal)
    return literal
