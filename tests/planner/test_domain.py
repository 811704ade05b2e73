"""The domain's own arithmetic: a child's age in completed years, a horizon's dates."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.domain import Child, Horizon

BORN = dt.date(2023, 12, 2)


@pytest.mark.parametrize(
    ("date", "age"),
    [
        (dt.date(2023, 12, 1), None),
        (BORN, 0),
        (dt.date(2024, 12, 1), 0),
        (dt.date(2024, 12, 2), 1),
        (dt.date(2026, 12, 1), 2),
        (dt.date(2026, 12, 2), 3),
        (dt.date(2027, 1, 1), 3),
    ],
    ids=[
        "day-before-birth",
        "birth-day",
        "day-before-first-birthday",
        "first-birthday",
        "day-before-third-birthday",
        "third-birthday",
        "new-year-after",
    ],
)
def test_child_age_in_completed_years(date: dt.date, age: int | None) -> None:
    assert Child("ch-1", BORN).age_on(date) == age


def test_child_not_yet_born_has_no_age() -> None:
    unborn = Child("ch-2", dt.date(2027, 3, 1))

    assert unborn.age_on(dt.date(2026, 12, 2)) is None


def test_horizon_dates_include_both_ends() -> None:
    horizon = Horizon(dt.date(2026, 12, 28), dt.date(2027, 1, 3))

    dates = horizon.dates()

    assert (dates[0], dates[-1], len(dates)) == (dt.date(2026, 12, 28), dt.date(2027, 1, 3), 7)
