"""`planner.visibility`: which items each reader sees, with which fields, and never a name."""

from __future__ import annotations

import pytest

from calendars import events_for
from calendars.event import FeedSettings
from planner.notices import Links, draft_notices
from planner.visibility import (
    CARER,
    COORDINATOR,
    GROUP,
    INTERPRETER,
    KINDS,
    PARTNER,
    STAFF,
    VENUE,
    Reader,
    fields_for,
    visible,
    visit_page,
)
from tests import builders as b

WEEK = b.WEEK
SESSION, HOME_VISIT, HALL_VISIT = f"g-1/{WEEK}/1", f"n-1/{WEEK}/1", f"n-2/{WEEK}/1"
CANARY = "Kanerva Kanariatesti"  # a participant's name that must reach no partner
STREET = "Kanarialintu 13"


def world() -> dict:
    """The builder world with an interpreter, a second guide and a visit at the venue."""
    doc = b.world(interpreters=[b.interpreter("i-1", languages=["fi", "ar"], areas=["kemi"])])
    doc["staff"].append(b.staff("s-bea"))
    doc["participants"][0].update(name=CANARY, address=f"{STREET}, 94100 Kemi")
    doc["guidance"].append(b.need("n-2", place="v-hall"))
    return doc


def plan_doc() -> dict:
    doc = b.world_plan()
    b.plan_item(doc, SESSION)["interpreters"] = ["i-1"]
    doc["visits"].append(
        b.visit(HALL_VISIT, b.day("thu"), "10:00", "11:00", staff="s-bea", place="v-hall",
                interpreter="i-1")
    )  # fmt: skip
    leg = {"from_area": "kemi", "to_area": "kemi", "start": b.at(b.day("thu"), "09:40")}
    doc["travel"] = [
        {"person": "s-bea", **leg, "end": b.at(b.day("thu"), "09:50")},
        {"person": "i-1", **leg, "end": b.at(b.day("thu"), "09:55")},
    ]
    return doc


READERS = {
    COORDINATOR: Reader(COORDINATOR),
    STAFF: Reader(STAFF, "s-bea"),
    INTERPRETER: Reader(INTERPRETER, "i-1"),
    PARTNER: Reader(PARTNER, "par-parish"),
    CARER: Reader(CARER, "c-aada"),
    VENUE: Reader(VENUE, "v-hall"),
    GROUP: Reader(GROUP, "g-1"),
}


@pytest.mark.parametrize(
    ("kind", "sessions", "shifts", "visits", "travellers"),
    [
        (COORDINATOR, [SESSION], [f"{SESSION}/c-aada"], [HOME_VISIT, HALL_VISIT], ["s-bea", "i-1"]),
        (STAFF, [], [], [HALL_VISIT], ["s-bea"]),
        (INTERPRETER, [SESSION], [], [HALL_VISIT], ["i-1"]),
        (PARTNER, [], [f"{SESSION}/c-aada"], [], []),
        (CARER, [], [f"{SESSION}/c-aada"], [], []),
        (VENUE, [SESSION], [], [HALL_VISIT], []),  # a home visit is never a venue's
        (GROUP, [SESSION], [], [], []),
    ],
)
def test_each_reader_sees_its_own_items(kind, sessions, shifts, visits, travellers) -> None:
    seen = visible(READERS[kind], b.plan(plan_doc()))
    assert [s.id for s in seen.sessions] == sessions
    assert [s.id for s in seen.shifts] == shifts
    assert [v.id for v in seen.visits] == visits
    assert [leg.person for leg in seen.travel] == travellers


def test_a_facilitator_sees_her_session_and_the_visits_she_makes() -> None:
    seen = visible(Reader(STAFF, "s-aino"), b.plan(plan_doc()))
    assert ([s.id for s in seen.sessions], [v.id for v in seen.visits]) == ([SESSION], [HOME_VISIT])


@pytest.mark.parametrize(
    ("kind", "gets", "lacks"),
    [
        (COORDINATOR, {"session.crew", "shift.carer", "visit.code", "visit.staff", "travel.named"},
         {"visit.address", "visit.name"}),
        (STAFF, {"session.crew", "visit.code"}, {"visit.address", "visit.name", "travel.named"}),
        (INTERPRETER, {"session.team", "visit.interpreting"},
         {"session.crew", "visit.code", "visit.address", "visit.name"}),
        (PARTNER, {"shift.carer"}, {"shift.answers", "visit.code", "visit.name"}),
        (CARER, {"shift.answers"}, {"shift.carer", "session.crew", "visit.name"}),
        (VENUE, {"visit.staff"}, {"session.team", "visit.code", "visit.name"}),
        (GROUP, set(), {"session.team", "session.crew", "visit.code", "visit.name"}),
    ],
)  # fmt: skip
def test_each_reader_gets_only_its_fields(kind, gets, lacks) -> None:
    fields = fields_for(READERS[kind])

    def has(name: str) -> bool:
        part, field = name.split(".")
        return getattr(getattr(fields, part), field)

    assert {name for name in gets if not has(name)} == set()
    assert {name for name in lacks if has(name)} == set()


@pytest.mark.parametrize("kind", KINDS)
def test_no_reader_of_a_feed_or_notice_gets_a_participants_name(kind: str) -> None:
    for address in (False, True):
        fields = fields_for(READERS[kind], visit_address=address).visit
        assert not fields.name and not fields.children


def test_the_home_address_setting_reaches_only_a_staff_members_own_visits() -> None:
    given = {kind for kind in KINDS if fields_for(READERS[kind], visit_address=True).visit.address}
    assert given == {STAFF}
    assert not fields_for(READERS[STAFF]).visit.address


@pytest.mark.parametrize("kind", [PARTNER, VENUE, GROUP, CARER, INTERPRETER, STAFF, COORDINATOR])
def test_the_canary_name_reaches_no_feed(kind: str) -> None:
    settings = FeedSettings(
        domain="k.example", base_url="https://k.example", secret="s", include_visit_address=True
    )
    events = events_for(READERS[kind], b.scenario(world()), b.plan(plan_doc()), settings, "fi")
    assert events, "the reader sees something, so the test can fail"
    text = "\n".join(f"{e.summary}\n{e.location}\n{e.description}\n{e.url}" for e in events)
    assert CANARY not in text
    assert "p-1" not in text
    if kind != STAFF:
        assert STREET not in text


def test_a_partner_notice_names_its_carer_but_never_the_canary() -> None:
    doc = world()
    doc["partners"][0]["email"] = "parish@example.org"
    links = Links("https://k.example", lambda participant: "CODE1", lambda s: ("yes", "no"))
    drafts = draft_notices(b.scenario(doc), None, b.plan(plan_doc()), WEEK, links)
    partner = next(d for d in drafts if d.recipient.kind == PARTNER)
    assert "Carer c-aada" in partner.body
    assert "yes" not in partner.body  # the carer's own answer links
    for draft in drafts:
        assert CANARY not in draft.body + draft.subject
        assert STREET not in draft.body


def test_only_the_visits_staff_member_and_the_coordinator_open_its_page() -> None:
    visit = next(v for v in b.plan(plan_doc()).visits if v.id == HALL_VISIT)
    opened = {kind for kind, reader in READERS.items() if visit_page(reader, visit) is not None}
    assert opened == {COORDINATOR, STAFF}
    assert visit_page(Reader(STAFF, "s-aino"), visit) is None
    shown = visit_page(Reader(STAFF, "s-bea"), visit)
    assert shown is not None and shown.name and shown.children and shown.address
