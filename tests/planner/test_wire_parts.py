"""The document models live in parts (`planner.formats.wire.*`); callers see them as `wire.X`."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from planner.formats import wire
from planner.formats.wire import base, items, plan, scenario, schema

PARTS = (base, items, scenario, plan, schema)


def _models_of(module: object) -> dict[str, type[BaseModel]]:
    return {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and issubclass(value, BaseModel)
        and value.__module__ == module.__name__  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("part", PARTS, ids=[p.__name__.rpartition(".")[2] for p in PARTS])
def test_every_model_of_a_part_is_wire_dot_its_name(part: object) -> None:
    models = _models_of(part)

    assert {name: getattr(wire, name, None) for name in models} == models
    assert set(models) <= set(wire.__all__)


def test_every_exported_name_is_there() -> None:
    assert [name for name in wire.__all__ if not hasattr(wire, name)] == []


def test_the_two_documents_are_built_from_the_same_shared_parts() -> None:
    # One HorizonDoc and one SessionDoc, not a copy per document.
    assert wire.ScenarioDoc.model_fields["horizon"].annotation is wire.HorizonDoc
    assert wire.PlanDoc.model_fields["horizon"].annotation is wire.HorizonDoc
    assert wire.ItemsDoc.model_fields["sessions"].annotation == list[wire.SessionDoc]
    assert wire.PlanDoc.model_fields["sessions"].annotation == list[wire.SessionDoc]


@pytest.mark.parametrize(
    ("kind", "good", "bad", "error"),
    [
        (wire.Zone, "Europe/Helsinki", "Europe", "timezone"),
        (wire.Zone, "Asia/Kabul", "Mars/Olympus", "timezone"),
        (wire.Country, "FI", "XX", "country"),
    ],
    ids=["zone-folder", "zone-unknown", "country"],
)
def test_a_scenarios_zone_and_country_must_be_known(
    kind: object, good: str, bad: str, error: str
) -> None:
    adapter = TypeAdapter(kind)
    assert adapter.validate_python(good) == good
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(bad)
    assert [e["type"] for e in raised.value.errors()] == [error]
