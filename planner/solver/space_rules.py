"""The rules that judge one item alone, as the candidate space applies them.

H2 (open days, nothing in the past), H3 (the slot grid inside the windows, venues' open
hours), H4 (the venue's seats and childcare room) and H9's count of children and carers
for one group on one date. Rules between items are constraints in `planner.solver.rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from planner.domain import Group, Scenario, Venue
from planner.domain.childcare import carers_needed, group_headcount
from planner.domain.timeparts import WeeklyWindows, public_holidays
from planner.solver.space_types import Children, Item, Space
from planner.solver.timeline import inside


def h2_open_days(scenario: Scenario) -> list[dt.date]:
    """H2 Calendar: nothing on closed dates, public holidays, or outside the horizon."""
    dates = scenario.horizon.dates()
    public = public_holidays(scenario.country, dates[0].year, dates[-1].year)
    closed = set(scenario.closed_dates)
    return [d for d in dates if d not in closed and d not in public]


def h2_not_before(space: Space) -> int:
    """H2 Calendar, in a re-plan in the middle of a week: nothing starts in the past."""
    moment = space.scenario.not_before
    return -(10**9) if moment is None else space.timeline.minutes(moment)


def counted_children(space: Space, group: Group, day: dt.date) -> Children:
    """H9 Childcare: the members' children counted on a date, and the carers they need."""
    key = (group.id, day)
    if key in space._children_cache:
        return space._children_cache[key]
    rules = space.scenario.settings.childcare
    count = group_headcount(group, space.participants, day, rules)
    carers = carers_needed(rules, group.childcare, count)
    found = Children(count.under_3, count.from_3, count.infants, carers)
    space._children_cache[key] = found
    return found


def seats_needed(group: Group, children: Children) -> int:
    """H4 Venue: the seats a session takes before on-site interpreters are counted."""
    counted = children.under_3 + children.from_3
    return len(group.members) + group.facilitators + (0 if group.childcare else counted)


def h3_window_starts(
    space: Space, windows: WeeklyWindows, day: dt.date, duration: int
) -> Iterator[int]:
    """H3 Windows: the starts on the slot grid at which the item lies inside its windows."""
    slot = space.scenario.settings.slot_minutes
    for r in windows.ranges_on(day):
        first = -(-r.start // slot) * slot
        yield from (s for s in range(first, r.end - duration + 1, slot))


def h3_venue_open(space: Space, venue: Venue, day: dt.date, start: int, end: int) -> bool:
    """H3 Windows: what is held at a venue lies inside its open hours, outside closures."""
    return inside(space.free(venue, day), start, end)


def h4_venue_fits(space: Space, group: Group, venue: Venue, children: Children) -> bool:
    """H4 Venue: room for members, facilitators (+ children without childcare), childcare room.

    On-site interpreters take seats too: where none is left for them, only remote ones may
    interpret (`on_site_seats`).
    """
    counted = children.under_3 + children.from_3
    if venue.capacity < seats_needed(group, children):
        return False
    if group.childcare and counted:
        return venue.childcare_room and venue.childcare_capacity >= counted
    return True


def on_site_seats(space: Space, item: Item, k: int) -> int:
    """H4 Venue: how many on-site interpreters an option's venue still seats."""
    option = item.options[k]
    group = space.groups[item.owner]
    venue = space.venues[option.venue]
    return venue.capacity - seats_needed(group, item.children[option.day])
