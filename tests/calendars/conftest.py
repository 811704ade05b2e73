"""Fixtures of the calendar tests: the demo week planned once, and feed settings."""

from __future__ import annotations

import datetime as dt

import pytest

from calendars import FeedSettings, Reader, Version, all_readers, build_feed
from planner.demo import demo_document
from planner.domain import Plan, Scenario
from planner.formats.scenario import load_scenario
from planner.solver import SolveOptions, solve

SETTINGS = FeedSettings(
    domain="kotoplan.example.org", base_url="https://kotoplan.example.org", secret="test-secret"
)
# The demo week is 2026-W49; its plan is published on the Friday before.
PUBLISHED = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def demo() -> Scenario:
    return load_scenario(demo_document(), today=dt.date(2026, 11, 27))


@pytest.fixture(scope="session")
def demo_plan(demo: Scenario) -> Plan:
    """The demo week planned once for the whole test run, the same plan every run."""
    plan = solve(demo, SolveOptions(time_limit=2, workers=1, deterministic=True))
    assert plan.status in {"optimal", "feasible"} and plan.sessions and plan.visits
    return plan


@pytest.fixture(scope="session")
def demo_feeds(demo: Scenario, demo_plan: Plan) -> dict[Reader, bytes]:
    """Every reader's feed of the demo week, with the default settings."""
    week = [Version(PUBLISHED, demo, demo_plan)]
    return {r: build_feed(r, [week], SETTINGS, "fi", PUBLISHED) for r in all_readers(demo)}
