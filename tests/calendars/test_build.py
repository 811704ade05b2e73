"""Whole feeds over published versions: a re-plan, and the rolling window of weeks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from calendars import Reader, Version, build_feed
from calendars.audience import CARER, STAFF
from calendars.build import render_feed
from planner.domain.timeparts import week_dates
from tests import builders as b
from tests.calendars.conftest import SETTINGS

HELSINKI_TZ = ZoneInfo("Europe/Helsinki")
T1 = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
T3 = dt.datetime(2026, 11, 26, 15, tzinfo=dt.UTC)
STAFF_READER = Reader(STAFF, "s-aino")
SESSION, VISIT, STEADY = (f"{x}/{b.WEEK}/1" for x in ("g-1", "n-1", "g-2"))


def replan_world() -> tuple[Any, Any, Any]:
    """The builder world with a second group meeting on Friday; the first plan, and a
    re-plan that moves g-1's session from Tuesday to Thursday and drops the visit."""
    doc = b.world()
    doc["groups"].append(b.group("g-2", childcare=False))
    first = b.world_plan()
    first["sessions"].append(b.session(STEADY, b.day("fri"), "10:00", "12:00"))
    second = b.plan_doc(first["sessions"], first["shifts"], [], [b.unplaced(VISIT, "visit")])
    b.move_session(second, SESSION, b.day("thu"), "10:00", "12:00")
    return b.scenario(doc), b.plan(first), b.plan(second)


def feed_of(reader: Reader, versions: list[Version], now: dt.datetime = T3) -> bytes:
    return build_feed(reader, [versions], SETTINGS, "fi", now)


def vevents(feed: bytes) -> dict[str, bytes]:
    """Each VEVENT's bytes by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", feed, re.S)
    return {re.search(rb"\r\nUID:(.*?)\r\n", block).group(1).decode(): block for block in blocks}


def parsed(feed: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}


def uid(key: str) -> str:
    return f"{key}@{SETTINGS.domain}"


def test_a_replan_moves_one_event_and_cancels_another() -> None:
    scenario, first, second = replan_world()
    before = feed_of(STAFF_READER, [Version(T1, scenario, first)])
    after = feed_of(STAFF_READER, [Version(T1, scenario, first), Version(T2, scenario, second)])
    events = parsed(after)
    assert set(events) == {uid(SESSION), uid(VISIT), uid(STEADY)}
    moved, cancelled = events[uid(SESSION)], events[uid(VISIT)]
    assert moved["SEQUENCE"] == 1 and moved["STATUS"] == "CONFIRMED"
    assert moved.start.date() == dt.date.fromisoformat(b.day("thu"))
    assert moved["DTSTAMP"].dt == T2
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert str(cancelled["SUMMARY"]).startswith("Peruttu: Kotikäynti: Kemi")
    # The unchanged session is the same bytes, stamped when it was first published.
    assert vevents(after)[uid(STEADY)] == vevents(before)[uid(STEADY)]
    assert parsed(before)[uid(STEADY)]["DTSTAMP"].dt == T1
    # The carer's shift moved with its session.
    carer = [Version(T1, scenario, first), Version(T2, scenario, second)]
    (shift,) = parsed(feed_of(Reader(CARER, "c-aada"), carer)).values()
    assert shift["SEQUENCE"] == 1 and shift["UID"] == uid(f"{SESSION}/c-aada")


def test_a_cancelled_event_is_gone_once_its_date_has_passed() -> None:
    scenario, first, second = replan_world()
    versions = [Version(T1, scenario, first), Version(T2, scenario, second)]
    visit_ends = first.visits[0].end
    assert uid(VISIT) in parsed(feed_of(STAFF_READER, versions, visit_ends - dt.timedelta(1)))
    assert uid(VISIT) not in parsed(feed_of(STAFF_READER, versions, visit_ends))


def test_an_item_that_returns_gets_a_new_uid() -> None:
    scenario, first, second = replan_world()
    versions = [
        Version(T1, scenario, first),
        Version(T2, scenario, second),
        Version(T3, scenario, first),
    ]
    events = parsed(feed_of(STAFF_READER, versions))
    assert events[uid(VISIT)]["STATUS"] == "CANCELLED"
    back = events[uid(f"{VISIT}#2")]
    assert back["STATUS"] == "CONFIRMED" and back["SEQUENCE"] == 0
    assert events[uid(SESSION)]["SEQUENCE"] == 2  # moved there and back


def test_the_window_keeps_four_past_weeks_and_every_future_one() -> None:
    weeks = [f"2026-W{n}" for n in range(40, 52)]
    published = [
        [Version(T1, b.scenario(b.world(week)), b.plan(b.world_plan(week)))] for week in weeks
    ]
    wednesday = week_dates("2026-W49")[0] + dt.timedelta(days=2)
    now = dt.datetime.combine(wednesday, dt.time(12), dt.UTC)
    feed = build_feed(STAFF_READER, published, SETTINGS, "fi", now)
    shown = {key.split("/")[1] for key in parsed(feed) if key.startswith("g-1/")}
    assert shown == {f"2026-W{n}" for n in range(45, 52)}


def test_a_feed_with_no_published_week_is_empty_but_valid() -> None:
    feed = build_feed(STAFF_READER, [], SETTINGS, "fi", T1)
    calendar = icalendar.Calendar.from_ical(feed)
    assert calendar.walk("VEVENT") == [] and str(calendar["X-WR-CALNAME"]) == "Kotoplan"


def test_a_cancelled_event_no_longer_blocks_the_time() -> None:
    # Issue 13: a cancelled event shown until it is over is free time, not busy.
    scenario, first, second = replan_world()
    feed = feed_of(STAFF_READER, [Version(T1, scenario, first), Version(T2, scenario, second)])
    events = parsed(feed)
    assert str(events[uid(VISIT)]["TRANSP"]) == "TRANSPARENT"
    assert {str(events[uid(k)]["TRANSP"]) for k in (SESSION, STEADY)} == {"OPAQUE"}


def test_the_change_time_is_the_newest_change_of_the_reader_s_own_events() -> None:
    # Issue 13: another reader's re-plan must not move this feed's Last-Modified.
    scenario, first, second = replan_world()
    versions = [Version(T1, scenario, first), Version(T2, scenario, second)]
    group_reader = Reader("group", "g-2")  # only the steady session, untouched by the re-plan
    assert render_feed(group_reader, [versions], SETTINGS, "fi", T3).modified == T1
    assert render_feed(STAFF_READER, [versions], SETTINGS, "fi", T3).modified == T2


def test_the_change_time_moves_when_a_cancelled_event_leaves() -> None:
    # Issue 13: the body loses the cancelled visit at the midnight after it, and says so.
    scenario, first, second = replan_world()
    versions = [Version(T1, scenario, first), Version(T2, scenario, second)]
    ends = first.visits[0].end
    before = render_feed(STAFF_READER, [versions], SETTINGS, "fi", ends - dt.timedelta(hours=1))
    midnight = dt.datetime.combine(ends.astimezone(HELSINKI_TZ).date(), dt.time(), HELSINKI_TZ)
    after_at = midnight + dt.timedelta(days=1)
    after = render_feed(STAFF_READER, [versions], SETTINGS, "fi", after_at)
    assert before.body != after.body
    assert before.modified == T2 and after.modified == after_at


def test_the_change_time_moves_when_a_week_leaves_the_window() -> None:
    weeks = [f"2026-W{n}" for n in (44, 45)]
    published = [
        [Version(T1, b.scenario(b.world(week)), b.plan(b.world_plan(week)))] for week in weeks
    ]
    # W44 leaves a four-week window when it starts on the Monday of W45, in W49.
    monday = dt.datetime.combine(week_dates("2026-W49")[0], dt.time(), HELSINKI_TZ)
    later = monday + dt.timedelta(days=2)
    feed = render_feed(STAFF_READER, published, SETTINGS, "fi", later)
    assert {key.split("/")[1] for key in parsed(feed.body) if "/" in key} == {"2026-W45"}
    assert feed.modified == monday
