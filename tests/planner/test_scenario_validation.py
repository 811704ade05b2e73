"""Broken scenario documents: every problem is reported at its JSON path, in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.formats.problems import InvalidDocument
from planner.formats.scenario import load_scenario, read_json, validate_scenario

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"
TODAY = dt.date(2026, 11, 27)

# Each file `tests/data/broken/<kind>.json` is the tiny scenario with one thing broken; these
# are exactly the problems it reports (`path: message`), so a spurious echo fails too.
EXPECTED: dict[str, list[str]] = {
    # References to ids that do not exist
    "unknown-member": ['groups[0].members[3]: no participant "p-77"'],
    "unknown-facilitator": ['groups[1].facilitator_pool[1]: no staff member "s-eino"'],
    "unknown-preferred-carer": ['groups[0].preferred_carers[1]: no carer "c-zelda"'],
    "group-venue-missing": ['groups[2].venues[1]: no venue "v-nowhere"'],
    "venue-in-unknown-area": ['venues[2].area: no area "haparanda"'],
    "guidance-participant-missing": ['guidance[1].participant: no participant "p-99"'],
    "guidance-place-unknown": ['guidance[0].place: no venue "office"'],
    "preferred-staff-not-allowed": [
        'guidance[0].preferred_staff: "s-dora" is not among the need\'s staff'
    ],
    "member-listed-twice": ['groups[2].members[2]: "p-7" is listed twice'],
    "group-interprets-own-language": ['groups[2].interpreting: the group already speaks "en"'],
    "onsite-interpreter-without-areas": [
        "interpreters[0].areas: an on-site interpreter needs at least one area"
    ],
    # Ids
    "duplicate-id-across-kinds": [
        'partners[0].carers[1].id: id "s-aino" is already used by staff[0]'
    ],
    "duplicate-id-within-kind": ['guidance[5].id: id "n-5" is already used by guidance[4]'],
    "bad-id-characters": [
        "guidance[5].id: \"n/6\" is not an id (ASCII letters, digits, '-', '_' and '.')"
    ],
    # The travel matrix
    "travel-missing-pair": ['travel_minutes.kemi: no travel time to area "tornio"'],
    "travel-missing-row": ['travel_minutes: no travel times from area "tornio"'],
    "travel-unknown-area": ['travel_minutes.kemi.rovaniemi: no area "rovaniemi"'],
    # Windows, periods and dates
    "window-ends-before-start": ['venues[0].open.mon[0]: "17:00-08:00" ends before it starts'],
    "window-past-midnight": [
        'staff[0].available.tue[0]: "25:00" is not a clock time HH:MM between 00:00 and 24:00'
    ],
    "absence-ends-before-start": [
        "staff[0].absent[0]: ends (2026-12-01) before it starts (2026-12-03)"
    ],
    "closed-ends-before-start": [
        "venues[0].closed[0]: ends (2026-12-02T13:00) before it starts (2026-12-02T17:00)"
    ],
    "mixed-period": ["staff[3].absent[0]: start and end must both be dates or both date-times"],
    "not-a-calendar-date": ['closed_dates[0]: "2026-02-30" is not a calendar date'],
    "birth-date-in-future": [
        "participants[0].children[0].birth_date: 2027-01-05 is in the future (today is 2026-11-27)"
    ],
    "horizon-ends-before-start": [
        "horizon.end: the horizon ends (2026-11-29) before it starts (2026-11-30)"
    ],
    "horizon-not-monday": ["horizon.start: 2026-12-01 is a Tuesday; a horizon starts on a Monday"],
    "horizon-not-sunday": ["horizon.end: 2026-12-05 is a Saturday; a horizon ends on a Sunday"],
    # Shape: fields, types and codes
    "unknown-field": ["staff[0].emial: is not a known field"],
    "missing-required-field": ["groups[1].duration_minutes: is required"],
    "wrong-type": ['venues[1].capacity: input should be a valid integer (got "4")'],
    "bad-language-code": [
        'participants[0].languages[0]: "Arabic" is not a language code like "fi" or "ar"'
    ],
    "invalid-timezone": ['timezone: "Europe/Kemi" is not an IANA time zone'],
    # "Europe" names a directory of the zone database, not a zone.
    "timezone-is-a-region": ['timezone: "Europe" is not an IANA time zone'],
    "unknown-country": ['country: no public holidays are known for country "XX"'],
    "document-is-a-list": ["(document): a scenario is a JSON object"],
    # Locked items
    "locked-visit-wrong-participant": ['locked.visits[0].participant: need "n-3" belongs to "p-3"'],
    "locked-session-unknown-group": ['locked.sessions[0].group: no group "g-lost"'],
    "locked-visit-ends-before-start": [
        "locked.visits[0].end: ends (2026-11-30T12:45:00+02:00)"
        " before it starts (2026-11-30T13:00:00+02:00)"
    ],
}


def test_tiny_scenario_is_valid(tiny: dict[str, Any]) -> None:
    doc, problems = validate_scenario(tiny, today=TODAY)

    assert problems == []
    assert doc is not None


def test_every_broken_file_has_its_expected_problems() -> None:
    on_disk = {path.stem for path in BROKEN.glob("*.json")}

    assert on_disk == set(EXPECTED) | {"not-json"}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_broken_document_reports_its_problem(kind: str) -> None:
    data = read_json(BROKEN / f"{kind}.json", "scenario")

    doc, problems = validate_scenario(data, today=TODAY)

    assert [str(problem) for problem in problems] == EXPECTED[kind]
    assert doc is None
    with pytest.raises(InvalidDocument) as raised:
        load_scenario(data, today=TODAY)
    assert raised.value.kind == "scenario"
    assert raised.value.problems == problems


def test_file_that_is_not_json_names_line_and_column() -> None:
    path = BROKEN / "not-json.json"

    with pytest.raises(InvalidDocument) as raised:
        read_json(path, "scenario")

    # Line 3 lacks its comma; the parser notices at the start of line 4.
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:4:3: is not JSON: Expecting ',' delimiter"
    ]


def test_missing_file_is_an_invalid_document(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"

    with pytest.raises(InvalidDocument) as raised:
        read_json(path, "scenario")

    assert [str(p) for p in raised.value.problems] == [f"{path}: No such file or directory"]


def test_file_that_is_not_utf8_is_an_invalid_document(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Jyväskylä"}'.encode("latin-1"))

    with pytest.raises(InvalidDocument) as raised:
        read_json(path, "scenario")

    assert [str(p) for p in raised.value.problems] == [f"{path}: is not UTF-8 text"]


def test_child_born_today_is_not_in_the_future(tiny: dict[str, Any]) -> None:
    tiny["participants"][0]["children"][0]["birth_date"] = TODAY.isoformat()

    _, problems = validate_scenario(tiny, today=TODAY)

    assert problems == []


def test_many_problems_are_reported_in_one_call(tiny: dict[str, Any]) -> None:
    tiny["venues"][0]["capacity"] = 0
    tiny["groups"][0]["members"].append("p-77")
    del tiny["travel_minutes"]["tornio"]["kemi"]

    doc, problems = validate_scenario(tiny, today=TODAY)

    assert doc is None
    # The venue keeps its id although it is broken: no "no venue" for the groups naming it.
    assert sorted(str(p) for p in problems) == [
        'groups[0].members[3]: no participant "p-77"',
        'travel_minutes.tornio: no travel time to area "kemi"',
        "venues[0].capacity: input should be greater than or equal to 1 (got 0)",
    ]


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


# An entity broken in its own fields still exists for the references to it: each case
# breaks one entity that others name, and expects its own problem and nothing else.
BROKEN_ENTITIES = {
    "venue": (
        _set(("venues", 0, "capacity"), 0),
        "venues[0].capacity: input should be greater than or equal to 1 (got 0)",
    ),
    "area": (
        _set(("areas", 0, "lat"), 100),
        "areas[0].lat: input should be less than or equal to 90 (got 100)",
    ),
    "participant": (
        _set(("participants", 2, "languages"), []),
        "participants[2].languages: list should have at least 1 item after validation,"
        " not 0 (got [])",
    ),
    "staff member": (
        _set(("staff", 2, "roles"), ["cook"]),
        "staff[2].roles[0]: input should be 'facilitator' or 'guide' (got \"cook\")",
    ),
    "partner": (
        _set(("partners", 0, "share"), 1.5),
        "partners[0].share: input should be less than or equal to 1 (got 1.5)",
    ),
    "carer": (
        _set(("partners", 0, "carers", 0, "max_shifts_per_week"), -1),
        "partners[0].carers[0].max_shifts_per_week: input should be greater than or equal to 0"
        " (got -1)",
    ),
    "guidance need": (
        _set(("guidance", 2, "duration_minutes"), 0),
        "guidance[2].duration_minutes: input should be greater than or equal to 1 (got 0)",
    ),
    "group": (
        _set(("groups", 0, "theme"), "cooking"),
        "groups[0].theme: input should be 'everyday_life', 'housing', 'culture', 'leisure',"
        " 'life_management' or 'other' (got \"cooking\")",
    ),
    "interpreter": (
        _set(("interpreters", 1, "languages"), ["ar"]),
        "interpreters[1].languages: list should have at least 2 items after validation,"
        " not 1 (got ['ar'])",
    ),
}


@pytest.mark.parametrize(
    ("change", "expected"), list(BROKEN_ENTITIES.values()), ids=list(BROKEN_ENTITIES)
)
def test_broken_entity_keeps_its_id_for_references(
    tiny: dict[str, Any], change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    change(tiny)

    _, problems = validate_scenario(tiny, today=TODAY)

    assert [str(p) for p in problems] == [expected]
