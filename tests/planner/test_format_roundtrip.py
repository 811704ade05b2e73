"""Scenarios and plans survive load and dump: only defaults are added, nothing else changes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from planner.formats.plan import dump_plan, load_plan
from planner.formats.problems import InvalidDocument, format_path
from planner.formats.problems import Path as JsonPath
from planner.formats.scenario import dump_scenario, load_scenario

TODAY = dt.date(2026, 11, 27)


def defaults_added(original: Any, written: Any, path: JsonPath = ()) -> dict[JsonPath, Any]:
    """The keys `written` adds to `original`, by path; fails where anything else differs.

    Numbers compare by value (30 == 30.0), but a bool is never a number.
    """
    where = format_path(path)
    if isinstance(original, dict):
        assert isinstance(written, dict), f"{where}: {written!r} is not an object"
        dropped = original.keys() - written.keys()
        assert not dropped, f"{where}: {sorted(dropped)} dropped"
        added = {(*path, key): written[key] for key in written.keys() - original.keys()}
        for key, value in original.items():
            added |= defaults_added(value, written[key], (*path, key))
        return added
    if isinstance(original, list):
        assert isinstance(written, list), f"{where}: {written!r} is not a list"
        assert len(written) == len(original), f"{where}: {len(written)} items, not {len(original)}"
        added = {}
        for i, (item, written_item) in enumerate(zip(original, written, strict=True)):
            added |= defaults_added(item, written_item, (*path, i))
        return added
    if isinstance(original, bool) or isinstance(written, bool):
        assert original is written, f"{where}: {written!r} is not {original!r}"
    elif isinstance(original, int | float):
        assert isinstance(written, int | float), f"{where}: {written!r} is not a number"
        assert written == original, f"{where}: {written!r} is not {original!r}"
    else:
        assert written == original, f"{where}: {written!r} is not {original!r}"
    return {}


def test_defaults_added_allows_new_keys_and_equal_numbers() -> None:
    added = defaults_added({"a": 30, "b": [{"c": 1.5}]}, {"a": 30.0, "b": [{"c": 1.5, "d": 0}]})

    assert added == {("b", 0, "d"): 0}


@pytest.mark.parametrize(
    ("original", "written"),
    [
        pytest.param({"a": 1, "b": 2}, {"a": 1}, id="dropped-key"),
        pytest.param({"a": "x"}, {"a": "y"}, id="changed-text"),
        pytest.param({"a": 30}, {"a": 30.5}, id="changed-number"),
        pytest.param({"a": True}, {"a": 1}, id="bool-is-not-a-number"),
        pytest.param({"a": 1}, {"a": "1"}, id="number-is-not-text"),
        pytest.param({"a": [1, 2]}, {"a": [1]}, id="shorter-list"),
        pytest.param({"a": None}, {"a": 0}, id="null-is-not-zero"),
    ],
)
def test_defaults_added_fails_on_any_other_change(original: Any, written: Any) -> None:
    with pytest.raises(AssertionError):
        defaults_added(original, written)


def test_scenario_dump_adds_only_defaults(tiny: dict[str, Any]) -> None:
    written = dump_scenario(load_scenario(tiny, today=TODAY))

    added = defaults_added(tiny, written)

    # The tiny scenario leaves out only `in_daycare`, for 7 of its 9 children.
    assert {format_path(path): value for path, value in added.items()} == {
        "participants[0].children[0].in_daycare": False,
        "participants[0].children[1].in_daycare": False,
        "participants[3].children[0].in_daycare": False,
        "participants[3].children[1].in_daycare": False,
        "participants[4].children[0].in_daycare": False,
        "participants[6].children[0].in_daycare": False,
        "participants[7].children[0].in_daycare": False,
    }


def test_scenario_dump_load_dump_is_a_fixed_point(tiny: dict[str, Any]) -> None:
    first = dump_scenario(load_scenario(tiny, today=TODAY))

    second = dump_scenario(load_scenario(first, today=TODAY))

    assert second == first
    assert json.loads(json.dumps(first)) == first


def test_scenario_survives_dump_in_the_domain(tiny: dict[str, Any]) -> None:
    scenario = load_scenario(tiny, today=TODAY)

    assert load_scenario(dump_scenario(scenario), today=TODAY) == scenario


def test_local_times_are_to_the_minute_so_a_dump_loses_nothing(tiny: dict[str, Any]) -> None:
    # Periods are local times to the minute (durations are whole minutes); seconds would be
    # lost on the way back out, so they are refused on the way in.
    tiny["venues"][0]["closed"] = [{"start": "2026-12-02T13:00:15", "end": "2026-12-02T13:00:45"}]

    with pytest.raises(InvalidDocument) as caught:
        load_scenario(tiny, today=TODAY)

    assert [str(p) for p in caught.value.problems] == [
        f'venues[0].closed[0].{end}: "2026-12-02T13:00:{s}" is not a date like "2026-12-01" '
        'or a local time like "2026-12-01T09:30"'
        for end, s in (("start", "15"), ("end", "45"))
    ]


MINIMAL_SCENARIO: dict[str, Any] = {
    "format": "kotoplan-scenario/1",
    "name": "Minimal",
    "horizon": {"start": "2026-11-30", "end": "2026-12-06"},
    "areas": [{"id": "kemi", "name": "Kemi"}],
    "travel_minutes": {"kemi": {"kemi": 10}},
    "venues": [
        {"id": "v-1", "name": "Venue", "area": "kemi", "address": "Street 1", "capacity": 5,
         "open": {"mon": ["08:00-24:00"]}},
    ],
    "staff": [
        {"id": "s-1", "name": "Staff", "base_area": "kemi", "languages": ["fi"],
         "roles": ["facilitator", "guide"], "hours_per_week": 37.5, "max_hours_per_day": 8,
         "available": {"mon": ["08:00-16:00"]}},
    ],
    "partners": [
        {"id": "par-1", "name": "Partner", "carers": [
            {"id": "c-1", "name": "Carer", "areas": ["kemi"], "available": {},
             "max_shifts_per_week": 2},
        ]},
    ],
    "participants": [
        {"id": "p-1", "name": "Participant", "area": "kemi", "address": "Street 2",
         "languages": ["ar"], "children": [{"id": "ch-1", "birth_date": "2025-01-20"}]},
    ],
    "groups": [
        {"id": "g-1", "name": "Group", "theme": "other", "venues": ["v-1"], "language": "fi",
         "members": ["p-1"], "sessions_per_week": 1, "duration_minutes": 60,
         "windows": {"mon": ["09:00-12:00"]}, "facilitators": 1, "childcare": False},
    ],
    "guidance": [
        {"id": "n-1", "participant": "p-1", "visits_per_week": 1, "duration_minutes": 45,
         "place": "home"},
    ],
    "interpreters": [
        {"id": "i-1", "name": "Interpreter", "languages": ["ar", "fi"], "remote": True,
         "available": {"mon": ["08:00-16:00"]}},
    ],
}  # fmt: skip


def test_minimal_scenario_dump_writes_the_spec_defaults() -> None:
    written = dump_scenario(load_scenario(MINIMAL_SCENARIO, today=TODAY))

    added = defaults_added(MINIMAL_SCENARIO, written)

    assert {format_path(path): value for path, value in added.items()} == {
        "timezone": "Europe/Helsinki",
        "country": "FI",
        "closed_dates": [],
        "settings": {
            "slot_minutes": 15,
            "childcare": {
                "children_per_carer": 7,
                "under_3_weight": 1.75,
                "max_age": 6,
                "buffer_minutes": 15,
                "min_carers": 1,
            },
            "weights": {
                "unplaced": 1000,
                "continuity": 10,
                "stability": 5,
                "travel": 1,
                "fairness": 1,
            },
            "time_limit_seconds": 10,
        },
        "venues[0].rooms": 1,
        "venues[0].childcare_room": False,
        "venues[0].childcare_capacity": 0,
        "venues[0].closed": [],
        "staff[0].absent": [],
        "partners[0].carers[0].absent": [],
        "partners[0].carers[0].infants": False,
        "participants[0].children[0].in_daycare": False,
        "groups[0].interpreting": [],
        "interpreters[0].areas": [],
        "interpreters[0].absent": [],
        "locked": {"sessions": [], "visits": []},
        "previous": {"sessions": [], "visits": []},
    }


def test_plan_round_trip_is_identity(tiny_plan: dict[str, Any]) -> None:
    written = dump_plan(load_plan(tiny_plan))

    assert written == tiny_plan
    assert defaults_added(tiny_plan, written) == {}
    assert json.loads(json.dumps(written)) == tiny_plan


def test_failed_plan_round_trip_is_identity(tiny_plan: dict[str, Any]) -> None:
    failed = {
        **tiny_plan,
        "status": "failed",
        "errors": [{"ref": "n-3/2026-W49/1", "rule": "H5", "text": "s-cecilia is elsewhere"}],
        "objective": None,
        "bound": None,
        "cost": {},
        "sessions": [],
        "shifts": [],
        "visits": [],
        "travel": [],
        "unplaced": [],
        "changes": [],
    }

    assert dump_plan(load_plan(failed)) == failed


def test_plan_dump_load_dump_is_a_fixed_point(tiny_plan: dict[str, Any]) -> None:
    first = dump_plan(load_plan(tiny_plan))

    assert dump_plan(load_plan(first)) == first


def test_minimal_plan_dump_writes_empty_parts() -> None:
    minimal = {
        "format": "kotoplan-plan/1",
        "scenario": "Minimal",
        "horizon": {"start": "2026-11-30", "end": "2026-12-06"},
        "status": "optimal",
        "stats": {"solve_seconds": 0.5},
    }

    added = defaults_added(minimal, dump_plan(load_plan(minimal)))

    assert {format_path(path): value for path, value in added.items()} == {
        "errors": [],
        "objective": None,
        "bound": None,
        "cost": {},
        "sessions": [],
        "shifts": [],
        "visits": [],
        "travel": [],
        "unplaced": [],
        "changes": [],
    }
