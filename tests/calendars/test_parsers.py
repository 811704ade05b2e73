"""Every feed reads the same in icalendar, ical and ical.js, and as the plan says, DST or not."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest

from calendars import Reader, Version, all_readers, build_feed
from calendars.audience import COORDINATOR, INTERPRETER, KINDS
from planner.check import check
from planner.domain import Plan, Scenario
from tests import builders as b
from tests.calendars.conftest import SETTINGS
from tests.calendars.parsers import (
    Times,
    ical_times,
    icalendar_times,
    icaljs_events,
    icaljs_times,
)

COORDINATOR_READER = Reader(COORDINATOR)


def planned_times(scenario: Scenario, plan: Plan, feed: bytes) -> Times:
    """What the coordinator's feed should hold: every item's instants, by UID."""
    domain = SETTINGS.domain
    items = [*plan.sessions, *plan.shifts, *plan.visits]
    times = {f"{i.id}@{domain}": (i.start.astimezone(dt.UTC), i.end.astimezone(dt.UTC))
             for i in items}  # fmt: skip
    legs = {(leg.start, leg.end) for leg in plan.travel}
    travel = {uid: t for uid, t in icalendar_times(feed).items() if uid.startswith("travel/")}
    assert {(s, e) for s, e in travel.values()} == {
        (s.astimezone(dt.UTC), e.astimezone(dt.UTC)) for s, e in legs
    }
    return times | travel


def test_every_demo_feed_reads_the_same_in_every_parser(
    demo_feeds: dict[Reader, bytes], tmp_path: Path
) -> None:
    paths = {}
    for reader, feed in demo_feeds.items():
        path = tmp_path / f"{reader.key}.ics"
        path.write_bytes(feed)
        paths[reader] = path
    by_icaljs = icaljs_events(list(paths.values()))
    for reader, feed in demo_feeds.items():
        by_icalendar = icalendar_times(feed)
        assert ical_times(feed) == by_icalendar, reader
        assert icaljs_times(by_icaljs[str(paths[reader])]) == by_icalendar, reader
        zones = {e["zone"] for e in by_icaljs[str(paths[reader])]}
        assert zones <= {"Europe/Helsinki"}, "ical.js must place times by the VTIMEZONE"


def test_the_coordinator_feed_holds_every_item_at_its_planned_time(
    demo: Scenario, demo_plan: Plan, demo_feeds: dict[Reader, bytes]
) -> None:
    feed = demo_feeds[COORDINATOR_READER]
    assert icalendar_times(feed) == planned_times(demo, demo_plan, feed)


# Sessions on each side of the daylight-saving changes ----------------------------------------

# (first week, the weekday before the change, the weekday after it): the clocks go forward
# on Sunday 2026-03-29 and back on Sunday 2026-10-25.
CHANGES = {
    "spring-forward": ("2026-W13", ("fri", "2026-W13"), ("mon", "2026-W14")),
    "fall-back": ("2026-W43", ("fri", "2026-W43"), ("mon", "2026-W44")),
}


def dst_world(first_week: str, before: tuple[str, str], after: tuple[str, str]) -> Any:
    """Two weeks around a change: a session and a visit on the last weekday before it and
    the first after it, all in the morning."""
    doc = b.world(first_week)
    doc["horizon"]["end"] = b.horizon(after[1])["end"]
    sessions, shifts, visits = [], [], []
    for weekday, week in (before, after):
        day = b.day(weekday, week)
        meeting = b.session(f"g-1/{week}/1", day, "10:00", "12:00", carers=["c-aada"], under_3=1)
        sessions.append(meeting)
        shifts.append(b.shift(meeting))
        visits.append(b.visit(f"n-1/{week}/1", day, "13:00", "14:00"))
    plan = b.plan_doc(sessions, shifts, visits, horizon=doc["horizon"])
    return doc, plan


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_times_on_each_side_of_a_dst_change_agree_in_every_parser(
    change: str, tmp_path: Path
) -> None:
    first_week, before, after = CHANGES[change]
    doc, plan_doc = dst_world(first_week, before, after)
    scenario, plan = b.scenario(doc), b.plan(plan_doc)
    assert check(scenario, plan) == []
    published = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    feed = build_feed(
        COORDINATOR_READER, [[Version(published, scenario, plan)]], SETTINGS, "fi", published
    )
    path = tmp_path / "coordinator.ics"
    path.write_bytes(feed)
    expected = planned_times(scenario, plan, feed)
    assert icalendar_times(feed) == expected
    assert ical_times(feed) == expected
    assert icaljs_times(icaljs_events([path])[str(path)]) == expected
    # The wall clock stays at 10:00 while the UTC hour moves by one.
    sessions = sorted(t for uid, t in expected.items() if uid.count("/") == 2 and "g-1" in uid)
    offsets = [start.hour for start, _ in sessions]
    assert abs(offsets[0] - offsets[1]) == 1
    assert b"DTSTART;TZID=Europe/Helsinki:" in feed and b"T100000\r\n" in feed


# Every reader's feed over two published versions of a clock-change week ----------------------


def two_versions_over_a_change(first_week: str, before: tuple[str, str], after: tuple[str, str]):
    """The DST world with an interpreter at every item, published twice: the second version
    moves the session after the change an hour earlier and drops the visit before it."""
    doc, first = dst_world(first_week, before, after)
    doc["interpreters"] = [b.interpreter("i-1")]
    for session in first["sessions"]:
        session["interpreters"] = ["i-1"]
    for visit in first["visits"]:
        visit["interpreter"] = "i-1"
    second = copy.deepcopy(first)
    moved = second["sessions"][1]
    b.move(moved, b.day(*after), "09:00", "11:00")
    second["shifts"] = [
        b.shift(moved) if shift["session"] == moved["id"] else shift for shift in second["shifts"]
    ]
    second["unplaced"] = [b.unplaced(second["visits"].pop(0)["id"], "visit")]
    scenario = b.scenario(doc)
    return scenario, b.plan(first), b.plan(second)


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_reader_over_two_versions_reads_the_same_in_every_parser(
    change: str, tmp_path: Path
) -> None:
    first_week, before, after = CHANGES[change]
    scenario, first, second = two_versions_over_a_change(first_week, before, after)
    assert check(scenario, first) == [] and check(scenario, second) == []
    t1, t2 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    versions = [[Version(t1, scenario, first), Version(t2, scenario, second)]]
    feeds = {r: build_feed(r, versions, SETTINGS, "fi", t2) for r in all_readers(scenario)}
    assert {r.kind for r in feeds} == set(KINDS)
    paths = {}
    for reader, feed in feeds.items():
        paths[reader] = tmp_path / f"{reader.key}.ics"
        paths[reader].write_bytes(feed)
    by_icaljs = icaljs_events(list(paths.values()))
    for reader, feed in feeds.items():
        expected = icalendar_times(feed)
        assert expected, reader
        assert ical_times(feed) == expected, reader
        assert icaljs_times(by_icaljs[str(paths[reader])]) == expected, reader
    # The interpreter's feed: the moved session updated, the dropped visit cancelled.
    calendar = icalendar.Calendar.from_ical(feeds[Reader(INTERPRETER, "i-1")])
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert int(events[second.sessions[1].id]["SEQUENCE"]) == 1
    dropped = events[first.visits[0].id]
    assert (str(dropped["STATUS"]), str(dropped["TRANSP"])) == ("CANCELLED", "TRANSPARENT")
