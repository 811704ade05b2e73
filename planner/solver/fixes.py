"""Changes to the master data that would place an item, tried before they are offered.

A fix is a plain JSON value (`{"kind": "venue", "group": ..., "venue": ...}`) so that a plan
can carry it in a reason's `args`. `apply_fix` makes the changed scenario; `fits_alone`
answers whether the item could then be placed in its week with nothing else planned: the
candidate space of its one owner and the constructive heuristic, not a week's solve. Fixes
for items that lost to the plan's other items are tried in the finished plan instead
(`plan_fixes`); they use the same `apply_fix`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from planner.domain import Carer, Horizon, Interpreter, PlanItems, Scenario
from planner.domain.timeparts import TimeRange, WeeklyWindows, merge_ranges, week_dates
from planner.solver.heuristic import construct
from planner.solver.space import DEFAULT_VISIT_WINDOWS, Item, build_space

Fix = dict[str, Any]
NEW_INTERPRETER = "fix-interpreter"
NEW_CARER = "fix-carer"


def fits_alone(scenario: Scenario, item: Item) -> bool:
    """Whether the item is placed when it is the only thing planned in its week.

    Its owner's other items of the week are left out too: what they take (a day each, H1)
    is the plan's doing, not the master data's.
    """
    monday, sunday = week_dates(item.week)
    groups = tuple(replace(g, sessions_per_week=1) for g in scenario.groups if g.id == item.owner)
    needs = tuple(replace(n, visits_per_week=1) for n in scenario.guidance if n.id == item.owner)
    alone = replace(
        scenario,
        horizon=Horizon(max(monday, scenario.horizon.start), min(sunday, scenario.horizon.end)),
        groups=groups,
        guidance=needs,
        locked=PlanItems(),
        previous=PlanItems(),
        pinned=frozenset(),
    )
    return f"{item.owner}/{item.week}/1" in construct(build_space(alone))


def first_fix(scenario: Scenario, item: Item, candidates: Iterable[Fix]) -> Fix | None:
    """The first candidate fix with which the item fits alone (a handful are tried at most)."""
    for tried, fix in enumerate(candidates):
        if tried >= MAX_TRIES:
            break
        if fits_alone(apply_fix(scenario, fix), item):
            return fix
    return None


MAX_TRIES = 6  # each try builds one owner's candidate space


def apply_fix(scenario: Scenario, fix: Fix) -> Scenario:
    """The scenario with the fix made."""
    kind = fix["kind"]
    if kind == "venue":
        return _change_group(
            scenario, fix["group"], lambda g: {"venues": (*g.venues, fix["venue"])}
        )
    if kind == "weekday":
        return _add_weekday(scenario, fix)
    if kind == "allow_staff":
        return _allow_staff(scenario, fix["owner"], fix["staff"])
    if kind == "new_interpreter":
        new = Interpreter(
            id=NEW_INTERPRETER,
            name="New interpreter",
            languages=tuple(fix["languages"]),
            remote=True,
            available=WeeklyWindows.parse(fix["windows"]),
        )
        return replace(scenario, interpreters=(*scenario.interpreters, new))
    if kind == "interpreter_area":
        interpreters = tuple(
            replace(i, areas=(*i.areas, fix["area"])) if i.id == fix["interpreter"] else i
            for i in scenario.interpreters
        )
        return replace(scenario, interpreters=interpreters)
    if kind == "carer_area":
        return _change_carers(scenario, fix["carer"], lambda c: {"areas": (*c.areas, fix["area"])})
    if kind == "new_carer":
        return _new_carer(scenario, fix)
    if kind == "carer_shifts":
        for carer, most in fix["shifts"].items():
            scenario = _change_carers(scenario, carer, lambda c, n=most: {"max_shifts_per_week": n})
        return scenario
    if kind in ("staff_hours", "staff_day"):
        field = "hours_per_week" if kind == "staff_hours" else "max_hours_per_day"
        staff = tuple(
            replace(s, **{field: fix[field]}) if s.id == fix["staff"] else s for s in scenario.staff
        )
        return replace(scenario, staff=staff)
    if kind == "window":
        return _add_window(scenario, fix)
    raise ValueError(f"unknown fix kind {kind!r}")


def _change_group(scenario: Scenario, group_id: str, change) -> Scenario:
    groups = tuple(replace(g, **change(g)) if g.id == group_id else g for g in scenario.groups)
    return replace(scenario, groups=groups)


def _add_weekday(scenario: Scenario, fix: Fix) -> Scenario:
    def widened(windows: WeeklyWindows) -> WeeklyWindows:
        return WeeklyWindows({**windows.days, fix["weekday"]: windows.days[fix["like"]]})

    return _change_group(scenario, fix["owner"], lambda g: {"windows": widened(g.windows)})


def _add_window(scenario: Scenario, fix: Fix) -> Scenario:
    """The owner's times (a group's windows, a need's, else those its visits keep to now)
    with one more range on a weekday."""
    added = TimeRange.parse(fix["range"])

    def widened(windows: WeeklyWindows) -> WeeklyWindows:
        day = fix["weekday"]
        ranges = tuple(merge_ranges([*windows.days.get(day, ()), added]))
        return WeeklyWindows({**windows.days, day: ranges})

    if any(g.id == fix["owner"] for g in scenario.groups):
        return _change_group(scenario, fix["owner"], lambda g: {"windows": widened(g.windows)})
    available = {p.id: p.available for p in scenario.participants}
    needs = tuple(
        replace(
            n, windows=widened(n.windows or available.get(n.participant) or DEFAULT_VISIT_WINDOWS)
        )
        if n.id == fix["owner"]
        else n
        for n in scenario.guidance
    )
    return replace(scenario, guidance=needs)


def _allow_staff(scenario: Scenario, owner: str, staff: str) -> Scenario:
    groups = tuple(
        replace(g, facilitator_pool=(*g.facilitator_pool, staff))
        if g.id == owner and g.facilitator_pool is not None
        else g
        for g in scenario.groups
    )
    needs = tuple(
        replace(n, staff=(*n.staff, staff)) if n.id == owner and n.staff is not None else n
        for n in scenario.guidance
    )
    return replace(scenario, groups=groups, guidance=needs)


def _change_carers(scenario: Scenario, carer_id: str, change) -> Scenario:
    partners = tuple(
        replace(
            p, carers=tuple(replace(c, **change(c)) if c.id == carer_id else c for c in p.carers)
        )
        for p in scenario.partners
    )
    return replace(scenario, partners=partners)


def _new_carer(scenario: Scenario, fix: Fix) -> Scenario:
    new = Carer(
        id=NEW_CARER,
        name="New carer",
        areas=(fix["area"],),
        available=WeeklyWindows.parse(fix["windows"]),
        max_shifts_per_week=5,
        infants=bool(fix.get("infants")),
    )
    partners = tuple(
        replace(p, carers=(*p.carers, new)) if p.id == fix["partner"] else p
        for p in scenario.partners
    )
    return replace(scenario, partners=partners)
