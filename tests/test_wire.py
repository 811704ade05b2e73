"""The wire models read and write the documents: load, dump and load again is the same.

The written form is the one Kotoplan has always written (`tests/data/written/` holds it,
byte for byte), and it is what the wire models themselves dump of a document they read:
the shape and what is left out of it are said once, in `planner.formats.wire`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from planner.demo import demo_document
from planner.demo.generate import generate_scenario
from planner.domain import Reason, Unplaced
from planner.formats import wire
from planner.formats.plan import dump_plan, load_plan
from planner.formats.scenario import dump_scenario, load_scenario
from tests import builders as b

TODAY = dt.date(2026, 11, 27)
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path("/work/shared/examples")  # the shared examples, where this checkout has them


def _file(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _scenarios() -> list[Any]:
    found = [
        pytest.param(_file(p), id=f"data-{p.stem}") for p in sorted(DATA.glob("*scenario*.json"))
    ]
    found += [
        pytest.param(_file(p), id=f"example-{p.stem}") for p in sorted(EXAMPLES.glob("*.json"))
    ]
    found += [
        pytest.param(demo_document("2026-W49"), id="demo"),
        pytest.param(b.world(), id="builders-world"),
        pytest.param(generate_scenario(2, 7), id="generated"),
    ]
    return found


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("document", _scenarios())
def test_a_scenario_survives_load_dump_load(document: dict[str, Any]) -> None:
    scenario = load_scenario(document, TODAY)
    written = dump_scenario(scenario)
    assert load_scenario(written, TODAY) == scenario
    assert _text(dump_scenario(load_scenario(written, TODAY))) == _text(written)


@pytest.mark.parametrize("document", _scenarios())
def test_the_wire_model_writes_what_the_domain_writes(document: dict[str, Any]) -> None:
    read = wire.ScenarioDoc.model_validate(document)
    assert _text(read.model_dump(mode="json")) == _text(
        dump_scenario(load_scenario(document, TODAY))
    )


@pytest.mark.parametrize(
    "document", [_file(DATA / "tiny-plan.json"), b.world_plan()], ids=["data-tiny", "builders"]
)
def test_a_plan_survives_load_dump_load(document: dict[str, Any]) -> None:
    plan = load_plan(document)
    written = dump_plan(plan)
    assert load_plan(written) == plan
    assert _text(wire.PlanDoc.model_validate(document).model_dump(mode="json")) == _text(written)


@pytest.mark.parametrize(
    ("read", "write", "name"),
    [
        (lambda d: load_scenario(d, TODAY), dump_scenario, "tiny-scenario.json"),
        (load_plan, dump_plan, "tiny-plan.json"),
    ],
    ids=["scenario", "plan"],
)
def test_the_written_form_is_byte_for_byte_what_it_was(read, write, name: str) -> None:
    expected = (DATA / "written" / name).read_text(encoding="utf-8")
    assert _text(write(read(_file(DATA / name)))) == expected


def test_a_scenario_writes_pins_and_not_before_only_when_set() -> None:
    plain = dump_scenario(load_scenario(b.world(), TODAY))
    assert "pinned" not in plain and "not_before" not in plain
    scenario = dataclasses.replace(
        load_scenario(b.world(), TODAY),
        pinned=frozenset({"b", "a"}),
        not_before=dt.datetime.fromisoformat("2026-12-01T09:30:00+02:00"),
    )
    written = dump_scenario(scenario)
    assert written["pinned"] == ["a", "b"]
    assert written["not_before"] == "2026-12-01T09:30:00+02:00"
    assert list(written)[-2:] == ["pinned", "not_before"]


def test_null_optionals_are_left_out_but_a_visits_interpreter_is_written() -> None:
    written = dump_scenario(load_scenario(b.world(), TODAY))
    for kind in ("staff", "participants", "groups", "guidance"):
        assert all(None not in entity.values() for entity in written[kind])
    plan = dump_plan(load_plan(b.world_plan()))
    assert all("interpreter" in visit for visit in plan["visits"])
    assert [v["interpreter"] for v in plan["visits"]] == [None] * len(plan["visits"])


def test_whole_numbers_are_written_without_a_fraction() -> None:
    document = b.world()
    document["staff"][0] |= {"hours_per_week": 37.0, "max_hours_per_day": 7.5}
    document["settings"] = {"weights": {"travel": 2.0}, "time_limit_seconds": 2.5}
    written = dump_scenario(load_scenario(document, TODAY))
    staff = written["staff"][0]
    assert (staff["hours_per_week"], staff["max_hours_per_day"]) == (37, 7.5)
    assert isinstance(staff["hours_per_week"], int)
    assert (
        written["settings"]["weights"]["travel"] == 2
        and written["settings"]["time_limit_seconds"] == 2.5
    )
    assert _text(written).count("37.0") == 0


def test_a_plan_writes_its_nulls_and_its_reasons_as_it_always_has() -> None:
    plan = load_plan(b.world_plan())
    speaker = Reason("H10", "no speaker", "no_speaker", {"language": "ar"})
    failed = dataclasses.replace(
        plan,
        objective=None,
        bound=None,
        unplaced=(
            Unplaced("g-1/2026-W49/2", "session", (Reason("H4", "no room"),)),
            Unplaced("n-1/2026-W49/2", "visit", (speaker,)),
        ),
    )
    written = dump_plan(failed)
    assert written["objective"] is None and written["bound"] is None
    assert [u["reasons"] for u in written["unplaced"]] == [
        [{"rule": "H4", "text": "no room"}],
        [{"rule": "H10", "text": "no speaker", "code": "no_speaker", "args": {"language": "ar"}}],
    ]
    assert "dropped_pins" not in written and written["changes"] == []


@pytest.mark.parametrize(
    ("model", "name", "value", "kept"),
    [
        (wire.AreaDoc, "lat", None, False),
        (wire.AreaDoc, "lat", 65.7, True),
        (wire.VisitDoc, "interpreter", None, True),
        (wire.PlanDoc, "objective", None, True),
        (wire.ScenarioDoc, "pinned", [], False),
        (wire.ScenarioDoc, "closed_dates", [], True),
        (wire.VenueDoc, "closed", [], True),
    ],
    ids=[
        "null-optional",
        "value",
        "visit-interpreter",
        "plan-objective",
        "no-pins",
        "empty-list",
        "venue-closed",
    ],
)
def test_the_one_rule_of_what_is_written(model, name: str, value: object, kept: bool) -> None:
    assert wire.written(model, name, value) is kept
