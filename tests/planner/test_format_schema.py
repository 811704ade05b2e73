"""The published JSON Schemas name the spec's fields and are plain JSON."""

from __future__ import annotations

import json
from typing import Literal

import pytest

from planner.formats.wire import json_schema

SCENARIO_FIELDS = {
    "format", "name", "timezone", "country", "horizon", "closed_dates", "settings", "areas",
    "travel_minutes", "venues", "staff", "partners", "participants", "groups", "guidance",
    "interpreters", "locked", "previous",
    "pinned", "not_before",  # Kotoplan's own optional fields
}  # fmt: skip
PLAN_FIELDS = {
    "format", "scenario", "horizon", "status", "errors", "objective", "bound", "cost", "stats",
    "sessions", "shifts", "visits", "travel", "unplaced",
    "changes", "dropped_pins",  # Kotoplan's own optional fields
}  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("scenario", SCENARIO_FIELDS), ("plan", PLAN_FIELDS)],
    ids=["scenario", "plan"],
)
def test_schema_names_the_spec_top_level_fields(
    kind: Literal["scenario", "plan"], fields: set[str]
) -> None:
    schema = json_schema(kind)

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == fields
    # A typo is an error, not an ignored field.
    assert schema["additionalProperties"] is False
    assert json.loads(json.dumps(schema)) == schema


def test_scenario_schema_requires_what_has_no_default() -> None:
    schema = json_schema("scenario")

    assert set(schema["required"]) == {"format", "name", "horizon", "areas", "travel_minutes"}
    assert schema["properties"]["format"]["const"] == "kotoplan-scenario/1"


def test_plan_schema_requires_what_has_no_default() -> None:
    schema = json_schema("plan")

    assert set(schema["required"]) == {"format", "scenario", "horizon", "status", "stats"}
    assert schema["properties"]["status"]["enum"] == ["optimal", "feasible", "failed"]


def test_schemas_have_distinct_ids() -> None:
    assert json_schema("scenario")["$id"] != json_schema("plan")["$id"]


def test_nested_objects_forbid_unknown_fields() -> None:
    definitions = json_schema("scenario")["$defs"]

    assert definitions  # the entities are described once and referenced
    open_ended = [name for name, d in definitions.items() if d.get("additionalProperties")]
    assert open_ended == []
