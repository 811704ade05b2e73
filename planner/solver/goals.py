"""The soft goals: each returns its penalty in its own unit; `objective` weighs them."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ortools.sat.python import cp_model

from planner.domain import Session
from planner.solver.model import Model

LinearExpr = cp_model.LinearExprT


def unplaced(m: Model) -> LinearExpr:
    """Each demanded item not placed."""
    return sum(1 - m.placed[item.id] for item in m.space.items)


def continuity(m: Model) -> LinearExpr:
    """Each visit not by its need's preferred staff; each shift of a non-preferred carer."""
    terms: list[LinearExpr] = []
    for item in m.items("visit"):
        preferred = m.space.needs[item.owner].preferred_staff
        if preferred is not None:
            by_preferred = m.assign.get((item.id, "guide", preferred), 0)
            terms.append(m.placed[item.id] - by_preferred)
    for item in m.items("session"):
        preferred = m.space.groups[item.owner].preferred_carers
        if preferred is not None:
            terms += [lit for _, c, lit in m.people_of(item, "carer") if c not in preferred]
    return sum(terms)


def stability(m: Model) -> LinearExpr:
    """Each previous item whose counterpart moved, changed people or is not placed."""
    previous = m.space.scenario.previous
    matched = [item for item in m.space.items if item.previous is not None]
    lost = len(previous.sessions) + len(previous.visits) - len(matched)
    return lost + sum(1 - _kept(m, item) for item in matched)


def _kept(m: Model, item) -> cp_model.IntVar:
    """A literal that is true only if the item keeps its previous weekday, time, place, people."""
    before = item.previous
    zone = m.space.timeline.zone
    start = before.start.astimezone(zone)
    clock = start.hour * 60 + start.minute
    if isinstance(before, Session):
        place, people = before.venue, {*before.facilitators, *before.carers, *before.interpreters}
    else:
        place = before.place if before.place != "home" else None
        people = {before.staff} | ({before.interpreter} if before.interpreter else set())
    same = [
        m.choose[item.id][k]
        for k, o in enumerate(item.options)
        if o.day.weekday() == start.weekday() and o.start == clock and o.venue == place
    ]
    kept = m.bool(f"kept[{item.id}]")
    if not same or any((p, item.id) not in m.present for p in people):
        m.cp.add(kept == 0)
        return kept
    m.cp.add(sum(same) >= 1).only_enforce_if(kept)
    m.cp.add_bool_and([m.present[(p, item.id)] for p in people]).only_enforce_if(kept)
    everyone = [lit for (p, i), lit in m.present.items() if i == item.id]
    m.cp.add(sum(everyone) == len(people)).only_enforce_if(kept)
    return kept


def travel(m: Model) -> LinearExpr:
    """Minutes travelled by staff (from and to base too), carers and on-site interpreters."""
    return sum(lit * minutes for tour in m.tours for lit, minutes in tour.travel)


def fairness(m: Model) -> LinearExpr:
    """Each partner's distance from its share of shifts, plus the most shifts of one carer.

    A neighbourhood's model counts the shifts held fixed outside it as constants
    (`Space.outside_shifts`), so that it weighs fairness over the whole week.
    """
    outside: dict[str, int] = {}
    for (carer, _week), count in m.space.outside_shifts.items():
        outside[carer] = outside.get(carer, 0) + count
    shifts_of: dict[str, list] = {carer: [] for carer in m.space.carers}
    for (_item, role, person), lit in m.assign.items():
        if role == "carer":
            shifts_of[person].append(lit)
    fixed = sum(outside.values())
    total = sum(lit for lits in shifts_of.values() for lit in lits) + fixed
    count = sum(len(lits) for lits in shifts_of.values()) + fixed
    terms: list[LinearExpr] = []
    for partner in m.space.scenario.partners:
        if partner.share is None:
            continue
        share = Fraction(str(partner.share))
        own = sum(lit for c in partner.carers for lit in shifts_of[c.id])
        own += sum(outside.get(c.id, 0) for c in partner.carers)
        # |own - share·total| rounded up: z·q >= ±(q·own - p·total) with share = p/q
        z = m.cp.new_int_var(0, count, f"unfair[{partner.id}]")
        difference = share.denominator * own - share.numerator * total
        m.cp.add(z * share.denominator >= difference)
        m.cp.add(z * share.denominator >= -difference)
        terms.append(z)
    most = m.cp.new_int_var(0, count, "most_shifts")
    for carer, lits in shifts_of.items():
        if lits or outside.get(carer):
            m.cp.add(most >= sum(lits) + outside.get(carer, 0))
    terms.append(most)
    return sum(terms)


SOFT_GOALS: dict[str, Callable[[Model], LinearExpr]] = {
    "unplaced": unplaced,
    "continuity": continuity,
    "stability": stability,
    "travel": travel,
    "fairness": fairness,
}


def scale_of(weights: dict[str, float]) -> int:
    """The smallest power of ten that makes every weight whole (CP-SAT wants integers)."""
    scale = 1
    while any(abs(w * scale - round(w * scale)) > 1e-9 for w in weights.values()):
        scale *= 10
        if scale > 10**6:
            break
    return scale


def add_objective(m: Model) -> int:
    """Minimise the weighted soft goals; returns the factor the weights were scaled by."""
    weights = {name: getattr(m.space.scenario.settings.weights, name) for name in SOFT_GOALS}
    scale = scale_of(weights)
    for name, goal in SOFT_GOALS.items():
        m.terms[name] = goal(m)
    m.cp.minimize(sum(round(weights[n] * scale) * m.terms[n] for n in SOFT_GOALS))
    return scale
