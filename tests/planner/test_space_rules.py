"""The rules that judge one item alone, as the candidate space applies them (H2-H4, H9).

Each is tried on the builders' world, where g-1 (one member with a child under 3, one
facilitator, childcare) meets at v-hall (10 seats, a childcare room for 5).
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner.solver.space import build_space
from planner.solver.space_rules import (
    counted_children,
    h2_open_days,
    h3_window_starts,
    h4_venue_fits,
    on_site_seats,
    seats_needed,
)
from tests import builders as b

TUESDAY = dt.date(2026, 12, 1)


def test_h2_leaves_out_closed_dates_and_public_holidays() -> None:
    scenario = b.scenario(b.world(closed_dates=[TUESDAY.isoformat()]))
    days = h2_open_days(scenario)
    # 2026-W49 runs Monday 30 November to Sunday 6 December, Finland's Independence Day
    assert days == [dt.date(2026, 11, 30), *(dt.date(2026, 12, d) for d in (2, 3, 4, 5))]


@pytest.mark.parametrize(
    ("window", "duration", "first", "last"),
    [
        ("09:00-15:00", 120, "09:00", "13:00"),
        ("09:10-11:00", 60, "09:15", "10:00"),  # onto the 15-minute grid
        ("09:00-09:45", 60, None, None),  # too short for the item
    ],
    ids=["on-grid", "off-grid-start", "too-short"],
)
def test_h3_starts_lie_on_the_slot_grid_inside_the_window(window, duration, first, last) -> None:
    space = build_space(b.scenario(b.world()))
    windows = b.scenario(b.world(groups=[b.group(windows=b.windows(window))])).groups[0].windows
    starts = list(h3_window_starts(space, windows, TUESDAY, duration))
    if first is None:
        assert starts == []
        return
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (first, last)]
    assert starts == list(range(minutes[0], minutes[1] + 1, 15))


@pytest.mark.parametrize(
    ("venue", "fits"),
    [
        ({}, True),
        ({"capacity": 2}, True),  # the member and the facilitator; the child is in childcare
        ({"capacity": 1}, False),
        ({"childcare_room": False}, False),
        ({"childcare_capacity": 0}, False),
    ],
    ids=["roomy", "just-enough-seats", "too-few-seats", "no-childcare-room", "childcare-full"],
)
def test_h4_the_venue_seats_the_group_and_holds_its_children(venue, fits) -> None:
    space = build_space(b.scenario(b.world(venues=[b.venue(**venue)])))
    group = space.groups["g-1"]
    children = counted_children(space, group, TUESDAY)
    assert (children.under_3, children.carers) == (1, 1)
    assert seats_needed(group, children) == 2
    assert h4_venue_fits(space, group, space.venues["v-hall"], children) is fits


def test_h4_without_childcare_the_children_take_seats_too() -> None:
    space = build_space(b.scenario(b.world(groups=[b.group(childcare=False)])))
    group = space.groups["g-1"]
    assert seats_needed(group, counted_children(space, group, TUESDAY)) == 3


def test_on_site_interpreters_get_the_seats_the_session_leaves() -> None:
    space = build_space(b.scenario(b.world(venues=[b.venue(capacity=5)])))
    item = next(i for i in space.items if i.kind == "session")
    assert item.options
    assert {on_site_seats(space, item, k) for k in range(len(item.options))} == {5 - 2}
