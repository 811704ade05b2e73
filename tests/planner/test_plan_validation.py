"""Broken plan documents: each problem is reported at its JSON path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from planner.formats.plan import load_plan, validate_plan
from planner.formats.problems import InvalidDocument

Change = Callable[[dict[str, Any]], None]


def _shift_names_unplanned_session(plan: dict[str, Any]) -> None:
    plan["shifts"][1]["session"] = "g-kult/2026-W49/1"


def _duplicate_session_id(plan: dict[str, Any]) -> None:
    plan["sessions"][1]["id"] = "g-arki/2026-W49/1"


def _visit_ends_before_start(plan: dict[str, Any]) -> None:
    plan["visits"][0]["end"] = "2026-11-30T12:00:00+02:00"


def _visit_ends_as_it_starts(plan: dict[str, Any]) -> None:
    plan["visits"][0]["end"] = plan["visits"][0]["start"]


def _travel_ends_before_start(plan: dict[str, Any]) -> None:
    plan["travel"][0]["end"] = "2026-12-03T09:00:00+02:00"


def _failed_without_errors(plan: dict[str, Any]) -> None:
    plan["status"] = "failed"


def _bad_status(plan: dict[str, Any]) -> None:
    plan["status"] = "done"


def _unplaced_without_reasons(plan: dict[str, Any]) -> None:
    plan["unplaced"][0]["reasons"] = []


def _unplaced_twice(plan: dict[str, Any]) -> None:
    plan["unplaced"].append(dict(plan["unplaced"][0]))


def _missing_status(plan: dict[str, Any]) -> None:
    del plan["status"]


CASES: dict[str, tuple[Change, list[str]]] = {
    "shift-names-unplanned-session": (
        _shift_names_unplanned_session,
        ['shifts[1].session: no session "g-kult/2026-W49/1" in the plan'],
    ),
    "duplicate-session-id": (
        _duplicate_session_id,
        [
            'sessions[0]: "g-arki/2026-W49/1" appears twice',
            'sessions[1]: "g-arki/2026-W49/1" appears twice',
            # The shift of the renamed session has lost its session.
            'shifts[1].session: no session "g-koti/2026-W49/1" in the plan',
        ],
    ),
    "visit-ends-before-start": (
        _visit_ends_before_start,
        ["visits[0].end: ends (2026-11-30T12:00:00+02:00) before it starts"],
    ),
    "visit-ends-as-it-starts": (
        _visit_ends_as_it_starts,
        ["visits[0].end: ends (2026-11-30T13:00:00+02:00) before it starts"],
    ),
    "travel-ends-before-start": (
        _travel_ends_before_start,
        ["travel[0].end: ends (2026-12-03T09:00:00+02:00) before it starts"],
    ),
    "failed-without-errors": (
        _failed_without_errors,
        ["errors: a failed plan says why in at least one error"],
    ),
    "bad-status": (
        _bad_status,
        ["status: input should be 'optimal', 'feasible' or 'failed' (got \"done\")"],
    ),
    "unplaced-without-reasons": (
        _unplaced_without_reasons,
        ["unplaced[0].reasons: list should have at least 1 item after validation, not 0 (got [])"],
    ),
    "unplaced-twice": (
        _unplaced_twice,
        [
            'unplaced[0]: "n-2/2026-W49/1" appears twice',
            'unplaced[1]: "n-2/2026-W49/1" appears twice',
        ],
    ),
    "missing-status": (_missing_status, ["status: is required"]),
    "missing-solve-seconds": (
        lambda plan: plan["stats"].pop("solve_seconds"),
        ["stats.solve_seconds: is required"],
    ),
    "cost-not-summing-to-objective": (
        lambda plan: plan["cost"].update(travel=plan["cost"]["travel"] + 1),
        ["cost: the costs sum to 1062, not to the objective 1061"],
    ),
}


def test_tiny_plan_is_valid(tiny_plan: dict[str, Any]) -> None:
    doc, problems = validate_plan(tiny_plan)

    assert problems == []
    assert doc is not None


@pytest.mark.parametrize(("change", "expected"), list(CASES.values()), ids=list(CASES))
def test_broken_plan_reports_its_problems(
    tiny_plan: dict[str, Any], change: Change, expected: list[str]
) -> None:
    change(tiny_plan)

    doc, problems = validate_plan(tiny_plan)

    assert [str(p) for p in problems] == expected
    assert doc is None
    with pytest.raises(InvalidDocument) as raised:
        load_plan(tiny_plan)
    assert raised.value.kind == "plan"
    assert raised.value.problems == problems


def test_plan_that_is_not_an_object_is_invalid(tiny_plan: dict[str, Any]) -> None:
    _, problems = validate_plan([tiny_plan])

    assert [str(p) for p in problems] == ["(document): a plan is a JSON object"]
