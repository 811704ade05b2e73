"""The candidate space: what each demanded item may be, before the solver chooses.

For every demanded session and visit this lists its options (date, start, venue) and, per
role, the people who may take it with the options at which each is free. The filters are
the rules that judge one item alone (H2 calendar, H3 windows, H4 venue fit, H6
availability, and the static parts of H8-H10); rules between items are constraints in
`planner.solver.rules`. Locked items get exactly their locked option and people: H2, H3
and H6 do not judge them (H11).

Here each item's options are laid out and locked items pinned; the types are in
`space_types`, the one-item rules in `space_rules`, who may take an item in `space_people`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from planner.domain import HOME, Group, Scenario, Session, Visit
from planner.domain.childcare import partners_of_carers
from planner.domain.timeparts import MINUTES_PER_DAY, TimeRange, WeeklyWindows, iso_week
from planner.solver.optionset import OptionSet
from planner.solver.space_people import PeopleIndex, session_people, visit_people
from planner.solver.space_rules import (
    counted_children,
    h2_not_before,
    h2_open_days,
    h3_venue_open,
    h3_window_starts,
    h4_venue_fits,
    on_site_seats,
    seats_needed,
)
from planner.solver.space_types import Block, Children, Item, Option, Space
from planner.solver.timeline import Timeline, inside

# The candidate space's types and one-item rules are taken from here by the solver.
__all__ = [
    "DEFAULT_VISIT_WINDOWS",
    "Block",
    "Children",
    "Item",
    "Option",
    "Space",
    "build_space",
    "counted_children",
    "h2_not_before",
    "h2_open_days",
    "h3_venue_open",
    "h3_window_starts",
    "h4_venue_fits",
    "item_space",
    "on_site_seats",
    "seats_needed",
]

DEFAULT_VISIT_WINDOWS = WeeklyWindows(
    {day: (TimeRange(9 * 60, 16 * 60),) for day in ("mon", "tue", "wed", "thu", "fri")}
)


def build_space(scenario: Scenario) -> Space:
    """Every demanded item with its options and the people free for it."""
    space = _indexed(scenario)
    space.items = list(_demand(scenario))
    _attach_plan_items(space)
    who = PeopleIndex.of(space)
    # Items of one owner and week are alike but for locks: they share options and people.
    alike: dict[tuple[str, str], Item] = {}
    for item in space.items:
        if item.locked is not None:
            if item.kind == "session":
                _locked_session(space, item, space.groups[item.owner])
            else:
                _locked_visit(space, item)
            continue
        twin = alike.get((item.owner, item.week))
        if twin is not None:
            item.options, item.blocks, item.children = twin.options, twin.blocks, twin.children
            item.people, item.never_free = twin.people, twin.never_free
            continue
        alike[(item.owner, item.week)] = item
        if item.kind == "session":
            _session_space(space, item, who)
        else:
            _visit_space(space, item, who)
    return space


def item_space(scenario: Scenario, item_id: str) -> tuple[Space, Item] | None:
    """One demanded item's options and people alone, as `build_space` would give them.

    A hand edit asks where one item could go; building every item's space for that would
    cost a large week seconds. None when the scenario does not demand the item.
    """
    space = _indexed(scenario)
    item = next((i for i in _demand(scenario) if i.id == item_id), None)
    if item is None:
        return None
    space.items = [item]
    _attach_plan_items(space)
    who = PeopleIndex.of(space)
    if item.locked is not None and item.kind == "session":
        _locked_session(space, item, space.groups[item.owner])
    elif item.locked is not None:
        _locked_visit(space, item)
    elif item.kind == "session":
        _session_space(space, item, who)
    else:
        _visit_space(space, item, who)
    return space, item


def _indexed(scenario: Scenario) -> Space:
    """The scenario indexed, with no items yet."""
    carers = {c.id: c for c in scenario.carers()}
    space = Space(
        scenario=scenario,
        timeline=Timeline.of(scenario.timezone, scenario.horizon),
        open_days=h2_open_days(scenario),
        items=[],
        staff={s.id: s for s in scenario.staff},
        carers=carers,
        partner_of=partners_of_carers(scenario),
        interpreters={i.id: i for i in scenario.interpreters},
        participants={p.id: p for p in scenario.participants},
        venues={v.id: v for v in scenario.venues},
        groups={g.id: g for g in scenario.groups},
        needs={n.id: n for n in scenario.guidance},
    )
    return space


def _weeks(scenario: Scenario) -> list[str]:
    return sorted({iso_week(day) for day in scenario.horizon.dates()})


def _demand(scenario: Scenario) -> Iterator[Item]:
    """H1 Demand: sessions_per_week sessions and visits_per_week visits in every ISO week."""
    for week in _weeks(scenario):
        for group in scenario.groups:
            for n in range(1, group.sessions_per_week + 1):
                yield Item(f"{group.id}/{week}/{n}", "session", group.id, week, n,
                           group.duration_minutes)  # fmt: skip
        for need in scenario.guidance:
            for n in range(1, need.visits_per_week + 1):
                yield Item(f"{need.id}/{week}/{n}", "visit", need.id, week, n,
                           need.duration_minutes, place_fixed=need.place)  # fmt: skip


def _attach_plan_items(space: Space) -> None:
    """Match locked and previous items to demanded ones (spec: "Ids that last")."""
    by_id = {item.id: item for item in space.items}
    by_owner = {(item.owner, item.n): item for item in reversed(space.items)}
    locked = space.scenario.locked
    for plan_item in (*locked.sessions, *locked.visits):
        if plan_item.id in by_id:
            by_id[plan_item.id].locked = plan_item
    previous = space.scenario.previous
    for plan_item in (*previous.sessions, *previous.visits):
        owner = plan_item.group if isinstance(plan_item, Session) else plan_item.need
        item = by_id.get(plan_item.id)
        if item is None:
            n = plan_item.id.rsplit("/", 1)[-1]
            item = by_owner.get((owner, int(n))) if n.isdigit() else None
        if item is not None and item.previous is None:
            item.previous = plan_item


def _session_space(space: Space, item: Item, who: PeopleIndex) -> None:
    group = space.groups[item.owner]
    buffer = space.scenario.settings.childcare.buffer_minutes
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        children = counted_children(space, group, day)
        item.children[day] = children
        pad = buffer if children.carers else 0
        starts = list(h3_window_starts(space, group.windows, day, item.duration))
        for venue_id in group.venues:
            venue = space.venues[venue_id]
            if not h4_venue_fits(space, group, venue, children):
                continue
            ranges = space.free(venue, day)
            _add_block(space, item, day, starts, venue_id, venue.area,
                       lambda start, end, ranges=ranges, pad=pad: inside(
                           ranges, start - pad, end + pad))  # fmt: skip
    session_people(space, item, group, who)


def _add_block(
    space: Space,
    item: Item,
    day: dt.date,
    starts: list[int],
    venue: str | None,
    area: str,
    fits: Callable[[int, int], bool] | None = None,
) -> None:
    """Options at the given clock starts of one day and place (where `fits`), as one block."""
    first = len(item.options)
    kept = []
    even = space.timeline.is_even(day)
    earliest = h2_not_before(space)
    for start in starts:
        t0 = space.timeline.real_minute(day, start)
        if t0 is None or start + item.duration > MINUTES_PER_DAY or t0 < earliest:
            continue
        if even:
            end = start + item.duration
        else:
            end_day, end = space.timeline.local(t0 + item.duration)
            if end_day != day:
                continue
        if fits is not None and not fits(start, end):
            continue
        item.options.append(Option(day, start, end, venue, area, t0, t0 + item.duration))
        kept.append(start)
    if kept:
        item.blocks.append(Block(day, venue, area, first, len(item.options), tuple(kept)))


def _visit_space(space: Space, item: Item, who: PeopleIndex) -> None:
    need = space.needs[item.owner]
    participant = space.participants[need.participant]
    windows = need.windows or participant.available or DEFAULT_VISIT_WINDOWS
    venue = None if need.at_home else space.venues[need.place]
    area = participant.area if venue is None else venue.area
    for day in space.open_days:
        if iso_week(day) != item.week:
            continue
        starts = list(h3_window_starts(space, windows, day, item.duration))
        fits = None
        if venue is not None:
            ranges = space.free(venue, day)
            fits = lambda start, end, ranges=ranges: inside(ranges, start, end)  # noqa: E731
        _add_block(space, item, day, starts, venue and venue.id, area, fits)
    visit_people(space, item, need, participant, who)


def _locked_option(space: Space, start: dt.datetime, end: dt.datetime, venue, area) -> Option:
    t0, t1 = space.timeline.minutes(start), space.timeline.minutes(end)
    day, clock = space.timeline.local(t0)
    return Option(day, clock, space.timeline.local(t1)[1], venue, area, t0, t1)


def _locked_block(item: Item) -> None:
    o = item.options[0]
    item.blocks = [Block(o.day, o.venue, o.area, 0, 1, (o.start,))]


def _locked_session(space: Space, item: Item, group: Group) -> None:
    session = item.locked
    assert isinstance(session, Session)
    venue = space.venues[session.venue]
    item.options = [_locked_option(space, session.start, session.end, venue.id, venue.area)]
    _locked_block(item)
    item.children = {item.options[0].day: counted_children(space, group, item.options[0].day)}
    only = OptionSet(1)
    item.people["facilitator"] = {s: only for s in session.facilitators}
    item.people["carer"] = {c: only for c in session.carers}
    languages = list(group.interpreting)
    for interpreter_id in session.interpreters:
        speaks = set(space.interpreters[interpreter_id].languages)
        language = next((lang for lang in languages if lang in speaks), None)
        if language is not None:
            languages.remove(language)
            item.role(f"interpreter:{language}")[interpreter_id] = only


def _locked_visit(space: Space, item: Item) -> None:
    visit = item.locked
    assert isinstance(visit, Visit)
    venue = None if visit.place == HOME else visit.place
    item.options = [_locked_option(space, visit.start, visit.end, venue, visit.area)]
    _locked_block(item)
    only = OptionSet(1)
    item.people["guide"] = {visit.staff: only}
    item.people["interpreter"] = {visit.interpreter: only} if visit.interpreter else {}
