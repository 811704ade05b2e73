"""Change notices: each person's own changes, and only those, in words without a participant."""

from __future__ import annotations

import pytest

from planner.domain import Shift
from planner.notices import (
    CANCELLED,
    NEW,
    UNASSIGNED,
    Draft,
    Links,
    draft_notices,
    person_changes,
)
from tests import builders as b

WEEK = b.WEEK
SESSION, VISIT = f"g-1/{WEEK}/1", f"n-1/{WEEK}/1"


def _answers(shift: Shift) -> tuple[str, str]:
    return f"https://k.example/r/yes/{shift.id}", f"https://k.example/r/no/{shift.id}"


LINKS = Links("https://k.example", lambda participant: f"CODE-{participant[-1]}", _answers)


def two_of_each() -> dict:
    """The builder world with a second staff member and a second carer of the same partner."""
    doc = b.world()
    doc["staff"].append(b.staff("s-bea"))
    doc["partners"][0]["carers"].append(b.carer("c-bert"))
    for person in (*doc["staff"], *doc["partners"][0]["carers"], doc["partners"][0]):
        person["email"] = f"{person['id']}@example.org"
    return doc


def drafts(before: dict | None, after: dict, languages: dict | None = None) -> dict[str, Draft]:
    scenario = b.scenario(two_of_each())
    old = b.plan(before) if before is not None else None
    found = draft_notices(scenario, old, b.plan(after), WEEK, LINKS, languages)
    return {d.recipient.id: d for d in found}


def headlines(draft: Draft) -> list[str]:
    """The first line of each change block: what happened to which item."""
    blocks = draft.body.split("\n\n")[2:-1]  # past the greeting and intro, before the footer
    return [block.splitlines()[0] for block in blocks]


def test_a_first_publication_tells_everyone_with_an_item_their_week() -> None:
    found = drafts(None, b.world_plan())
    assert set(found) == {"s-aino", "c-aada", "par-parish"}
    aino = found["s-aino"]
    assert aino.subject == "Kotoplan: suunnitelmasi viikolle 49"
    assert aino.recipient.email == "s-aino@example.org"
    assert headlines(aino) == ["Ryhmä: Group g-1", "Kotikäynti: Kemi (CODE-1)"]
    assert "ti 1.12.2026 klo 10.00–12.00, Venue v-hall, Test street 1 (v-hall)" in aino.body
    assert f"Tiedot: https://k.example/visits/n-1%2F{WEEK}%2F1" in aino.body
    carer = found["c-aada"]
    assert headlines(carer) == ["Lastenhoito: Group g-1"]
    assert "ti 1.12.2026 klo 9.45–12.15" in carer.body
    assert f"Tulen: https://k.example/r/yes/{SESSION}/c-aada" in carer.body
    assert f"En pääse: https://k.example/r/no/{SESSION}/c-aada" in carer.body
    assert headlines(found["par-parish"]) == ["Lastenhoito: Group g-1 – Hoitaja: Carer c-aada"]
    assert "/r/" not in found["par-parish"].body  # partners answer in their portal


def test_a_moved_session_is_news_to_its_people_and_the_visit_is_not_mentioned() -> None:
    before, after = b.world_plan(), b.world_plan()
    b.move_session(after, SESSION, b.day("thu"), "13:00", "15:00")
    found = drafts(before, after)
    assert set(found) == {"s-aino", "c-aada", "par-parish"}
    aino = found["s-aino"]
    assert aino.subject == "Kotoplan: muutoksia viikollesi 49"
    assert headlines(aino) == ["Siirretty – Ryhmä: Group g-1"]
    assert "  oli: ti 1.12.2026 klo 10.00–12.00, Venue v-hall" in aino.body
    assert "  nyt: to 3.12.2026 klo 13.00–15.00, Venue v-hall" in aino.body
    assert "Kotikäynti" not in aino.body
    carer = found["c-aada"]
    assert headlines(carer) == ["Siirretty – Lastenhoito: Group g-1"]
    assert "  nyt: to 3.12.2026 klo 12.45–15.15" in carer.body
    assert carer.body.count("Tulen: ") == 1 and carer.body.count("En pääse: ") == 1


def test_a_cancelled_visit_goes_to_its_staff_member_only() -> None:
    before, after = b.world_plan(), b.world_plan()
    after["visits"] = []
    found = drafts(before, after)
    assert set(found) == {"s-aino"}
    assert headlines(found["s-aino"]) == ["Peruttu – Kotikäynti: Kemi (CODE-1)"]
    assert "Tiedot:" not in found["s-aino"].body  # the visit's page is gone with it


def test_people_who_hand_an_item_over_and_who_take_it_each_hear_their_side() -> None:
    before, after = b.world_plan(), b.world_plan()
    b.plan_item(after, VISIT)["staff"] = "s-bea"
    meeting = b.plan_item(after, SESSION)
    meeting["carers"] = ["c-bert"]
    after["shifts"] = [b.shift(meeting, "c-bert")]
    changes = person_changes(b.plan(before), b.plan(after))
    kinds = {key: [c.kind for c in found] for key, found in changes.items()}
    assert kinds == {
        ("staff", "s-aino"): [UNASSIGNED],
        ("staff", "s-bea"): [NEW],
        ("carer", "c-aada"): [UNASSIGNED],
        ("carer", "c-bert"): [NEW],
        ("partner", "par-parish"): [UNASSIGNED, NEW],
    }
    found = drafts(before, after)
    assert headlines(found["s-aino"]) == ["Siirtyi toiselle – Kotikäynti: Kemi (CODE-1)"]
    assert headlines(found["s-bea"]) == ["Uusi – Kotikäynti: Kemi (CODE-1)"]
    assert "Tulen: " not in found["c-aada"].body
    assert f"Tulen: https://k.example/r/yes/{SESSION}/c-bert" in found["c-bert"].body
    assert headlines(found["par-parish"]) == [
        "Siirtyi toiselle – Lastenhoito: Group g-1 – Hoitaja: Carer c-aada",
        "Uusi – Lastenhoito: Group g-1 – Hoitaja: Carer c-bert",
    ]


def test_a_cancelled_session_cancels_its_shift_for_carer_and_partner() -> None:
    before, after = b.world_plan(), b.world_plan()
    after["sessions"], after["shifts"] = [], []
    changes = person_changes(b.plan(before), b.plan(after))
    assert {key: [c.kind for c in found] for key, found in changes.items()} == {
        ("staff", "s-aino"): [CANCELLED],
        ("carer", "c-aada"): [CANCELLED],
        ("partner", "par-parish"): [CANCELLED],
    }
    assert headlines(drafts(before, after)["c-aada"]) == ["Peruttu – Lastenhoito: Group g-1"]


def test_the_same_plan_again_tells_nobody_anything() -> None:
    assert drafts(b.world_plan(), b.world_plan()) == {}
    assert person_changes(b.plan(b.world_plan()), b.plan(b.world_plan())) == {}


def test_another_carer_on_the_session_is_not_a_change_for_its_facilitator() -> None:
    before, after = b.world_plan(), b.world_plan()
    meeting = b.plan_item(after, SESSION)
    meeting["carers"] = ["c-aada", "c-bert"]
    after["shifts"].append(b.shift(meeting, "c-bert"))
    assert set(drafts(before, after)) == {"c-bert", "par-parish"}
    changes = person_changes(b.plan(before), b.plan(after))
    assert [c.kind for c in changes["carer", "c-bert"]] == [NEW]


def test_a_notice_is_written_in_the_recipients_language() -> None:
    before, after = b.world_plan(), b.world_plan()
    b.move_session(after, SESSION, b.day("thu"), "13:00", "15:00")
    found = drafts(before, after, {("staff", "s-aino"): "en", ("partner", "par-parish"): "sv"})
    aino = found["s-aino"]
    assert aino.language == "en"
    assert aino.subject == "Kotoplan: changes to your week 49"
    assert headlines(aino) == ["Moved – Group: Group g-1"]
    assert "  now: Thu 3.12.2026 at 13.00–15.00, Venue v-hall" in aino.body
    assert found["par-parish"].language == "fi"  # a language without texts: Finnish


def test_people_no_longer_in_the_master_data_are_skipped() -> None:
    doc = two_of_each()
    doc["staff"] = [s for s in doc["staff"] if s["id"] != "s-aino"]
    scenario = b.scenario(doc)
    found = draft_notices(scenario, None, b.plan(b.world_plan()), WEEK, LINKS)
    assert {d.recipient.id for d in found} == {"c-aada", "par-parish"}


@pytest.mark.parametrize("before", [None, "moved"], ids=["first", "changes"])
def test_no_notice_names_a_participant_or_her_address(before: str | None) -> None:
    doc = two_of_each()
    after = b.world_plan()
    old = None
    if before == "moved":
        old = b.world_plan()
        b.move(b.plan_item(after, VISIT), b.day("thu"), "10:00", "11:00")
    for draft in drafts(old, after).values():
        for participant in doc["participants"]:
            assert participant["name"] not in draft.body + draft.subject
            assert participant["address"] not in draft.body
            assert participant["id"] not in draft.body
