"""An interpreter's feed (issue 13): her sessions, visits and travel, never whose visit it is."""

from __future__ import annotations

from dataclasses import replace

from calendars import Reader, Version, all_readers, build_feed, events_for
from calendars.audience import INTERPRETER, reader_name
from calendars.describe import participant_code
from calendars.event import SESSION, TRAVEL, VISIT
from planner.domain import Plan, Scenario
from tests import builders as b
from tests.calendars.conftest import PUBLISHED, SETTINGS
from tests.calendars.test_audience import leaks, personal_data, text_of

ONSITE, REMOTE = Reader(INTERPRETER, "i-1"), Reader(INTERPRETER, "i-2")
SESSION_ID, HOME_VISIT, HALL_VISIT = (f"{x}/{b.WEEK}/1" for x in ("g-1", "n-1", "n-2"))


def interpreted_world() -> tuple[Scenario, Plan]:
    """An Arabic-speaking participant: her group interpreted on site by i-1, who also goes
    along on her home visit; her guidance at the hall interpreted remotely by i-2."""
    doc = b.world(interpreters=[b.interpreter("i-1"), b.interpreter("i-2", remote=True)])
    b.find(doc, "participants", "p-1")["languages"] = ["ar"]
    b.find(doc, "groups", "g-1")["interpreting"] = ["ar"]
    doc["guidance"].append(b.need("n-2", place="v-hall"))
    plan_doc = b.world_plan()
    plan_doc["sessions"][0]["interpreters"] = ["i-1"]
    plan_doc["visits"][0]["interpreter"] = "i-1"
    plan_doc["visits"].append(
        b.visit(HALL_VISIT, b.day("thu"), "10:00", "11:00", place="v-hall", interpreter="i-2")
    )
    plan_doc["travel"] = [
        {"person": "i-1", "from_area": "kemi", "to_area": "kemi",
         "start": b.at(b.day("wed"), "09:50"), "end": b.at(b.day("wed"), "10:00")},
    ]  # fmt: skip
    return b.scenario(doc), b.plan(plan_doc)


def seen(reader: Reader, lang: str = "fi", settings=SETTINGS) -> dict:
    scenario, plan = interpreted_world()
    return {e.uid_key: e for e in events_for(reader, scenario, plan, settings, lang)}


def test_every_interpreter_has_a_feed_named_after_her() -> None:
    scenario, _ = interpreted_world()
    assert {ONSITE, REMOTE} <= set(all_readers(scenario))
    assert reader_name(ONSITE, scenario, "fi") == "Kotoplan – Interpreter i-1 (fictional)"


def test_an_onsite_interpreter_sees_her_session_visit_and_travel() -> None:
    events = seen(ONSITE)
    assert {key: e.kind for key, e in events.items()} == {
        SESSION_ID: SESSION, HOME_VISIT: VISIT, "travel/i-1/2026-12-02/1": TRAVEL,
    }  # fmt: skip
    session = events[SESSION_ID].description.splitlines()
    assert session == [
        "Paikka: Venue v-hall, Test street 1 (v-hall)",
        "Kieli: suomi",
        "Tulkkaus: arabia",
        "Ohjaajat: Staff s-aino",
        "Tulkit: Interpreter i-1 (fictional)",
        "Lastenhoito järjestetty",
    ]
    visit = events[HOME_VISIT]
    assert visit.summary == "Kotikäynti – Staff s-aino"
    assert visit.location == "Kemi"
    lines = ["Alue: Kemi", "Kieli: arabia", "Työntekijä: Staff s-aino"]
    assert visit.description.splitlines() == lines
    assert visit.url is None


def test_an_interpreter_never_learns_whose_visit_it_is() -> None:
    scenario, plan = interpreted_world()
    code = participant_code("p-1", SETTINGS.secret)
    settings = replace(SETTINGS, include_visit_address=True)
    for reader in (ONSITE, REMOTE):
        feed = build_feed(reader, [[Version(PUBLISHED, scenario, plan)]], settings, "fi", PUBLISHED)
        assert leaks(feed, personal_data(scenario)) == [], reader
        assert code not in text_of(feed) and "/visits/" not in text_of(feed), reader


def test_a_remote_interpreter_is_told_the_time_language_and_staff_not_the_place() -> None:
    (visit,) = seen(REMOTE, "en").values()
    assert visit.location is None
    assert visit.summary == "Guidance – Staff s-aino"
    assert visit.description.splitlines() == [
        "Remote interpreting", "Language: Arabic", "Staff: Staff s-aino",
    ]  # fmt: skip
