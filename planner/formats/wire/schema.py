"""The published JSON Schemas of the two documents, as `kotoplan schema` prints them."""

from __future__ import annotations

from typing import Literal

from planner.formats.wire.plan import PlanDoc
from planner.formats.wire.scenario import ScenarioDoc


def json_schema(kind: Literal["scenario", "plan"]) -> dict[str, object]:
    """The published JSON Schema of a scenario or a plan."""
    model = ScenarioDoc if kind == "scenario" else PlanDoc
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://kotoplan.example/schema/{kind}-1.json"
    return schema
