"""RFC 5545 shape: CRLF, folding at 75 octets without splitting UTF-8, escaping, properties."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from calendars import Reader, Version, build_feed
from calendars.audience import COORDINATOR, GROUP, STAFF
from planner.domain import Plan, Scenario
from tests import builders as b
from tests.calendars.conftest import PUBLISHED, SETTINGS
from tests.calendars.parsers import icaljs_events

LONG_NAME = (
    "Äitien ja lasten yhteinen iltapäiväryhmä: leikkiä, laulua; ööö-äänteitä ja "
    "kävelyä Keminmaan, Tornion ja Tervolan välillä \\ yhdessä"
)
ODD_VENUE = "Härkätien ryhmätila; 2. kerros, ovi B"


def long_name_feeds() -> dict[Reader, bytes]:
    """The builder world with a long Finnish group name full of commas and semicolons."""
    doc = b.world()
    b.find(doc, "groups", "g-1")["name"] = LONG_NAME
    b.find(doc, "venues", "v-hall")["name"] = ODD_VENUE
    version = Version(PUBLISHED, b.scenario(doc), b.plan(b.world_plan()))
    readers = [Reader(COORDINATOR), Reader(GROUP, "g-1"), Reader(STAFF, "s-aino")]
    return {r: build_feed(r, [[version]], SETTINGS, "fi", PUBLISHED) for r in readers}


def all_feeds(demo_feeds: dict[Reader, bytes]) -> list[tuple[str, bytes]]:
    demo = [(f"demo {r.key}", feed) for r, feed in demo_feeds.items()]
    return demo + [(f"long {r.key}", feed) for r, feed in long_name_feeds().items()]


def unfolded(feed: bytes) -> list[str]:
    """The content lines of a feed, folding undone."""
    return feed.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters(
    demo_feeds: dict[Reader, bytes],
) -> None:
    for name, feed in all_feeds(demo_feeds):
        assert feed.endswith(b"\r\n"), name
        assert b"\n" not in feed.replace(b"\r\n", b""), name
        assert b"\r" not in feed.replace(b"\r\n", b""), name
        for line in feed.split(b"\r\n"):
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # a character split by folding would not decode
    # The long name really was folded inside its Finnish letters.
    feed = long_name_feeds()[Reader(GROUP, "g-1")]
    summary = [line for line in unfolded(feed) if line.startswith("SUMMARY")][0]
    assert len(summary.encode()) > 75
    assert max(len(line) for line in feed.split(b"\r\n")) >= 70


def _properties(lines: list[str]) -> set[str]:
    return {re.split("[;:]", line, maxsplit=1)[0] for line in lines}


def test_every_feed_and_event_has_the_required_properties(
    demo_feeds: dict[Reader, bytes],
) -> None:
    for name, feed in all_feeds(demo_feeds):
        lines = unfolded(feed)
        assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"], name
        head = lines[: lines.index("BEGIN:VTIMEZONE")]
        assert _properties(head) >= {
            "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE",
            "REFRESH-INTERVAL", "X-PUBLISHED-TTL",
        }, name  # fmt: skip
        assert "METHOD:PUBLISH" in head and "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in head
        assert "X-PUBLISHED-TTL:PT1H" in head and "X-WR-TIMEZONE:Europe/Helsinki" in head
        if "BEGIN:VEVENT" in lines:
            assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT"), name
        calendar = icalendar.Calendar.from_ical(feed)
        assert calendar.refresh_interval == dt.timedelta(minutes=60)
        events = calendar.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(set(uids)) == len(uids), name
        for event in events:
            assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"} <= set(
                event
            ), (name, event["UID"])
            assert event.end > event.start
            assert event["DTSTAMP"].dt.tzinfo is not None
            assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
        starts = [e.start for e in events]
        assert starts == sorted(starts), "events come in order of start"
    for line in (line for _, feed in all_feeds(demo_feeds) for line in unfolded(feed)):
        if line.startswith("DTSTAMP"):
            assert re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line)


def test_text_is_escaped_and_reads_back_in_every_parser(tmp_path: Path) -> None:
    feed = long_name_feeds()[Reader(GROUP, "g-1")]
    raw = "\n".join(unfolded(feed))
    assert "leikkiä\\, laulua\\; ööö" in raw and "\\\\ yhdessä" in raw
    assert "NAME:Kotoplan – Äitien ja lasten yhteinen iltapäiväryhmä: leikkiä\\, laulua" in raw
    summary = f"Ryhmä: {LONG_NAME}"
    location = f"{ODD_VENUE}, Test street 1 (v-hall)"
    event = icalendar.Calendar.from_ical(feed).walk("VEVENT")[0]
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (summary, location)
    (read,) = IcsCalendarStream.calendar_from_ics(feed.decode()).events
    assert (read.summary, read.location) == (summary, location)
    path = tmp_path / "group.ics"
    path.write_bytes(feed)
    (by_js,) = icaljs_events([path])[str(path)]
    assert (by_js["summary"], by_js["location"]) == (summary, location)


def test_the_same_input_gives_the_same_bytes(demo: Scenario, demo_plan: Plan) -> None:
    week = [Version(PUBLISHED, demo, demo_plan)]
    reader = Reader(COORDINATOR)
    first = build_feed(reader, [week], SETTINGS, "fi", PUBLISHED)
    again = build_feed(reader, [week], SETTINGS, "fi", PUBLISHED)
    later = build_feed(reader, [week], SETTINGS, "fi", PUBLISHED + dt.timedelta(days=2))
    assert first == again == later


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fi", ["Ryhmä: ", "Kotikäynti: ", "Lastenhoito: "]),
     ("en", ["Group: ", "Home visit: ", "Childcare: "])],
    ids=["fi", "en"],
)  # fmt: skip
def test_feeds_speak_finnish_or_english(
    demo: Scenario, demo_plan: Plan, lang: str, words: list[str]
) -> None:
    week = [Version(PUBLISHED, demo, demo_plan)]
    text = build_feed(Reader(COORDINATOR), [week], SETTINGS, lang, PUBLISHED).decode()
    text = text.replace("\r\n ", "")
    for word in words:
        assert f"SUMMARY:{word}" in text
