"""Weeks in URLs, commands and jobs: canonical ISO weeks of 2000-2100, anything else refused."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.domain.timeparts import parse_week


def test_a_canonical_week_gives_its_monday_and_sunday() -> None:
    assert parse_week("2026-W49") == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
    assert parse_week("2020-W53")[0] == dt.date(2020, 12, 28)


@pytest.mark.parametrize(
    ("week", "says"),
    [
        ("9999-W52", "not a week of the years 2000-2100"),  # its Sunday overflowed `date`
        ("1999-W52", "not a week of the years 2000-2100"),
        ("2026-W5", "not an ISO week like 2026-W49"),
        ("2025-W53", "not an ISO week like 2026-W49"),
        ("next week", "not an ISO week like 2026-W49"),
    ],
)
def test_other_weeks_are_refused_in_words(week: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_week(week)
