"""Master data in and out: import a scenario into the database, export a week's scenario.

The caller owns the transaction (see `planner.store.db.session_scope`): an import that
raises leaves nothing behind once the caller rolls back. One module per part: the kinds
of master data and the change log (`kinds`), the records' versions (`versions`), the
import (`importing`), the export (`exporting`) and the setting "childcare follows
attendance" (`attendance`).
"""

from __future__ import annotations

from planner.store.db import StaleRecord, StoreError
from planner.store.master.attendance import follow_attendance, set_childcare_follows_attendance
from planner.store.master.exporting import (
    export_scenario,
    locked_items,
    replan_items,
    scenario_document,
)
from planner.store.master.importing import ImportReport, import_scenario
from planner.store.master.kinds import KINDS, ORGANISATION_ID, Entity, Kind
from planner.store.master.versions import SETTINGS_KEY, Versions, read_versions, record_version

__all__ = [
    "KINDS",
    "ORGANISATION_ID",
    "SETTINGS_KEY",
    "Entity",
    "ImportReport",
    "Kind",
    "StaleRecord",
    "StoreError",
    "Versions",
    "export_scenario",
    "follow_attendance",
    "import_scenario",
    "locked_items",
    "read_versions",
    "record_version",
    "replan_items",
    "scenario_document",
    "set_childcare_follows_attendance",
]
