"""The generator's shared parts: ids, dates, reach and items a week, and a pinned document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

import pytest

from planner.demo.generate import generate_scenario
from planner.demo.generate.world import Cluster, World, weekly_demand, windows_on, within

MONDAY = dt.date(2026, 12, 7)


def _world(open_days: list[str]) -> World:
    world = World(random.Random(1), MONDAY, {})
    world.open_days = open_days
    world.travel = {
        "a-1": {"a-1": 10, "a-2": 25, "a-3": 40},
        "a-2": {"a-1": 25, "a-2": 10, "a-3": 31},
        "a-3": {"a-1": 40, "a-2": 31, "a-3": 15},
    }
    return world


def test_ids_count_per_prefix_and_dates_count_from_the_monday() -> None:
    world = _world([])
    assert [world.number("p"), world.number("p"), world.number("v")] == [1, 2, 1]
    assert world.date("mon") == "2026-12-07"
    assert world.date("sun") == "2026-12-13"


def test_within_keeps_the_areas_at_most_that_far() -> None:
    world = _world([])
    cluster = Cluster(["a-1", "a-2", "a-3"], {})
    assert within(world, cluster, "a-1", 30) == ["a-1", "a-2"]
    assert within(world, cluster, "a-3", 30) == ["a-3"]


@pytest.mark.parametrize(
    ("open_days", "wanted", "expected"),
    [
        pytest.param(["mon", "tue", "wed"], 2, 2, id="room-to-choose"),
        pytest.param(["mon", "tue"], 2, 1, id="one-day-left-free"),
        pytest.param(["mon"], 2, 1, id="at-least-one"),
        pytest.param([], 2, 1, id="no-open-day"),
    ],
)
def test_items_a_week_leave_a_choice_of_day(
    open_days: list[str], wanted: int, expected: int
) -> None:
    windows = windows_on(("mon", "tue", "wed"), "09:00-12:00")
    assert weekly_demand(_world(open_days), windows, wanted) == expected


# The digest of one generated document: a change of the generator that moves a single
# random draw changes it. Update it only for a change meant to change the output.
PINNED = "592ab384167242ad19471590e1dbe1ac7ad842f9d04bef7dd359910b47cf3cb0"


def test_the_generated_document_is_the_one_pinned() -> None:
    text = json.dumps(generate_scenario(1, 1, "2026-W50"), sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == PINNED
