"""What each reader sees, and that no feed leaks a participant or a child."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from calendars import Reader, UnknownReader, Version, all_readers, build_feed, events_for
from calendars.audience import (
    CARER,
    COORDINATOR,
    GROUP,
    INTERPRETER,
    PARTNER,
    STAFF,
    VENUE,
    reader_name,
)
from calendars.describe import participant_code
from calendars.event import SESSION, SHIFT, TRAVEL, VISIT, Event
from planner.domain import HOME, Plan, Scenario
from tests import builders as b
from tests.calendars.conftest import PUBLISHED, SETTINGS


def text_of(feed: bytes) -> str:
    """A feed's text with folding and escaping undone, as a reader would see it."""
    text = feed.decode("utf-8").replace("\r\n ", "")
    for escaped, plain in (("\\n", "\n"), ("\\,", ","), ("\\;", ";"), ("\\\\", "\\")):
        text = text.replace(escaped, plain)
    return text


def personal_data(scenario: Scenario) -> dict[str, str]:
    """Everything about participants and children that no feed may carry, by what it is."""
    found: dict[str, str] = {}
    for p in scenario.participants:
        found[p.name] = f"name of {p.id}"
        found[p.address] = f"address of {p.id}"
        found[p.address.split(",")[0]] = f"street of {p.id}"
        found[p.id] = f"id of {p.id}"
        for child in p.children:
            found[child.id] = f"id of child {child.id}"
            born = child.birth_date
            found[born.isoformat()] = f"birth date of {child.id}"
            found[f"{born.day}.{born.month}.{born.year}"] = f"birth date of {child.id}"
    return found


def leaks(feed: bytes, secrets: dict[str, str]) -> list[str]:
    """What of `secrets` the feed shows, each as a whole word."""
    alternatives = "|".join(re.escape(v) for v in sorted(secrets, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return sorted({secrets[found] for found in pattern.findall(text_of(feed))})


def test_no_feed_of_the_demo_carries_a_participant_or_child(
    demo: Scenario, demo_feeds: dict[Reader, bytes]
) -> None:
    secrets = personal_data(demo)
    kinds = {STAFF, INTERPRETER, CARER, PARTNER, VENUE, GROUP, COORDINATOR}
    assert {r.kind for r in demo_feeds} == kinds
    for reader, feed in demo_feeds.items():
        assert leaks(feed, secrets) == [], reader
    # The search finds what it looks for.
    probe = demo.participants[0]
    assert leaks(f"SUMMARY:{probe.name}\r\n".encode(), secrets) == [f"name of {probe.id}"]


def test_the_address_setting_shows_a_staff_member_only_her_own_visits_addresses(
    demo: Scenario, demo_plan: Plan
) -> None:
    settings = replace(SETTINGS, include_visit_address=True)
    week = [Version(PUBLISHED, demo, demo_plan)]
    secrets = personal_data(demo)
    addresses = {p.id: p.address for p in demo.participants}
    shown = set()
    for reader in all_readers(demo):
        feed = build_feed(reader, [week], settings, "fi", PUBLISHED)
        if reader.kind != STAFF:
            assert leaks(feed, secrets) == [], reader
            continue
        own = {v.participant for v in demo_plan.visits if v.staff == reader.id and v.place == HOME}
        text = text_of(feed)
        assert {p for p, address in addresses.items() if address in text} == own, reader
        shown |= own
        others = {k: v for k, v in secrets.items() if not v.startswith(("address", "street"))}
        assert leaks(feed, others) == [], reader
    assert len(shown) >= 10, "the demo's home visits show their addresses to their staff"


def test_a_participant_code_is_short_stable_and_keyed() -> None:
    code = participant_code("p-aino-esimerkki", "secret")
    assert re.fullmatch(r"[A-Z2-7]{5}", code)
    assert participant_code("p-aino-esimerkki", "secret") == code
    assert participant_code("p-aino-esimerkki", "another secret") != code
    assert participant_code("p-other", "secret") != code


# The builder world: who sees which item ------------------------------------------------------


def world() -> tuple[Scenario, Plan]:
    """The builder world with a second staff member who makes a visit at the hall."""
    doc = b.world()
    doc["staff"].append(b.staff("s-bea"))
    b.add_area(doc, "tornio")
    doc["guidance"].append(b.need("n-2", place="v-hall"))
    plan_doc = b.world_plan()
    plan_doc["visits"].append(
        b.visit(f"n-2/{b.WEEK}/1", b.day("thu"), "10:00", "11:00", staff="s-bea", place="v-hall")
    )
    plan_doc["travel"] = [
        {"person": "s-aino", "from_area": "tornio", "to_area": "kemi",
         "start": b.at(b.day("wed"), "09:50"), "end": b.at(b.day("wed"), "10:00")},
    ]  # fmt: skip
    return b.scenario(doc), b.plan(plan_doc)


def seen(reader: Reader, lang: str = "fi") -> dict[str, Event]:
    scenario, plan = world()
    return {e.uid_key: e for e in events_for(reader, scenario, plan, SETTINGS, lang)}


SESSION_ID, SHIFT_ID = f"g-1/{b.WEEK}/1", f"g-1/{b.WEEK}/1/c-aada"
HOME_VISIT, HALL_VISIT = f"n-1/{b.WEEK}/1", f"n-2/{b.WEEK}/1"
TRAVEL_KEY = "travel/s-aino/2026-12-02/1"


@pytest.mark.parametrize(
    ("reader", "keys"),
    [
        (Reader(STAFF, "s-aino"), {SESSION_ID, HOME_VISIT, TRAVEL_KEY}),
        (Reader(STAFF, "s-bea"), {HALL_VISIT}),
        (Reader(CARER, "c-aada"), {SHIFT_ID}),
        (Reader(PARTNER, "par-parish"), {SHIFT_ID}),
        (Reader(VENUE, "v-hall"), {SESSION_ID, HALL_VISIT}),
        (Reader(GROUP, "g-1"), {SESSION_ID}),
        (Reader(COORDINATOR), {SESSION_ID, SHIFT_ID, HOME_VISIT, HALL_VISIT, TRAVEL_KEY}),
    ],
    ids=lambda value: value.key if isinstance(value, Reader) else None,
)
def test_each_reader_sees_its_own_items(reader: Reader, keys: set[str]) -> None:
    assert set(seen(reader)) == keys


def test_a_shift_shows_the_group_children_by_age_and_family_languages() -> None:
    shift = seen(Reader(CARER, "c-aada"))[SHIFT_ID]
    assert shift.kind == SHIFT
    assert shift.summary == "Lastenhoito: Group g-1"
    assert shift.location == "Venue v-hall, Test street 1 (v-hall)"
    assert (shift.end - shift.start) == dt.timedelta(minutes=150)  # the buffers included
    assert shift.description.splitlines() == [
        "Ryhmä kokoontuu klo 10.00–12.00",
        "Paikka: Venue v-hall, Test street 1 (v-hall)",
        "Lapset: alle 1 v: 0, 1–2 v: 1, 3–6 v: 0",
        "Perheiden kielet: suomi",
    ]
    partner = seen(Reader(PARTNER, "par-parish"), "en")[SHIFT_ID]
    assert partner.summary == "Childcare: Group g-1 – Carer c-aada"
    assert "Children: under 1: 0, 1–2: 1, 3–6: 0" in partner.description


def test_a_home_visit_shows_the_area_a_code_and_a_link() -> None:
    visit = seen(Reader(STAFF, "s-aino"))[HOME_VISIT]
    code = participant_code("p-1", SETTINGS.secret)
    assert visit.kind == VISIT
    assert visit.summary == f"Kotikäynti: Kemi ({code})"
    assert visit.location == "Kemi"
    assert visit.url == "https://kotoplan.example.org/visits/n-1%2F2026-W49%2F1"
    assert "Home street" not in visit.description


def test_a_venue_sees_a_visit_there_without_the_participant() -> None:
    visit = seen(Reader(VENUE, "v-hall"))[HALL_VISIT]
    assert visit.summary == "Ohjaus – Staff s-bea"
    assert visit.url is None
    assert participant_code("p-1", SETTINGS.secret) not in visit.description


def test_a_group_sees_where_and_when_it_meets_and_no_one_by_name() -> None:
    session = seen(Reader(GROUP, "g-1"))[SESSION_ID]
    assert session.kind == SESSION
    assert session.summary == "Ryhmä: Group g-1"
    assert session.description.splitlines() == [
        "Paikka: Venue v-hall, Test street 1 (v-hall)",
        "Lastenhoito järjestetty",
    ]
    staff_view = seen(Reader(STAFF, "s-aino"))[SESSION_ID]
    assert "Ohjaajat: Staff s-aino" in staff_view.description


def test_travel_is_named_after_its_areas() -> None:
    leg = seen(Reader(STAFF, "s-aino"), "en")[TRAVEL_KEY]
    assert (leg.kind, leg.summary) == (TRAVEL, "Travel Tornio → Kemi")
    assert seen(Reader(COORDINATOR))[TRAVEL_KEY].summary == "Matka Tornio → Kemi – Staff s-aino"


def test_readers_are_checked() -> None:
    scenario, _ = world()
    with pytest.raises(ValueError, match="no reader of kind"):
        Reader("participant", "p-1")
    with pytest.raises(ValueError, match="coordinator has no id"):
        Reader(COORDINATOR, "x")
    with pytest.raises(UnknownReader):
        reader_name(Reader(STAFF, "s-nobody"), scenario, "fi")
    assert reader_name(Reader(PARTNER, "par-parish"), scenario, "en") == (
        "Kotoplan – Partner par-parish"
    )
    assert len(all_readers(scenario)) == 1 + 2 + 0 + 1 + 1 + 1 + 1


def test_a_visit_says_in_which_of_the_participant_s_languages_it_is_held() -> None:
    # Issue 13: the staff member (and the coordinator) know the language before they go.
    assert "Kieli: suomi" in seen(Reader(STAFF, "s-aino"))[HOME_VISIT].description.splitlines()
    english = seen(Reader(COORDINATOR), "en")[HALL_VISIT].description.splitlines()
    assert "Language: Finnish" in english
