"""Helpers to compare scenario documents by content."""

from __future__ import annotations

import copy
from typing import Any

from planner.formats.scenario import dump_scenario, load_scenario

MASTER_LISTS = (
    "areas", "venues", "staff", "partners", "participants", "groups", "guidance",
    "interpreters",
)  # fmt: skip


def master_data(document: dict[str, Any]) -> dict[str, Any]:
    """A scenario's master data with defaults filled in, entities in id order.

    What a planning run owns (`horizon`, `locked`, `previous`) is left out; the order of
    entities is not content, the order inside an entity (a group's venues) is.
    """
    doc = copy.deepcopy(dump_scenario(load_scenario(document)))
    for key in ("horizon", "locked", "previous"):
        doc.pop(key)
    for key in MASTER_LISTS:
        doc[key] = sorted(doc[key], key=lambda entity: entity["id"])
    for partner in doc["partners"]:
        partner["carers"] = sorted(partner["carers"], key=lambda carer: carer["id"])
    for participant in doc["participants"]:
        participant["children"] = sorted(participant["children"], key=lambda c: c["id"])
    doc["closed_dates"] = sorted(doc["closed_dates"])
    return doc
