"""The master-data package: its public names, and the order the import writes kinds in."""

from __future__ import annotations

import pytest

from planner.store import master
from planner.store import models as m

# What callers import from `planner.store.master` (web, commands, demo, reports, tests).
CALLERS_NAMES = (
    "ORGANISATION_ID",
    "ImportReport",
    "StaleRecord",
    "Versions",
    "export_scenario",
    "import_scenario",
    "read_versions",
    "record_version",
    "scenario_document",
    "set_childcare_follows_attendance",
)


@pytest.mark.parametrize("name", CALLERS_NAMES)
def test_what_callers_import_is_still_there(name: str) -> None:
    assert name in master.__all__
    assert getattr(master, name) is not None


def test_every_kind_comes_after_the_kinds_it_references() -> None:
    # The import creates kinds in `KINDS` order and deletes in reverse: a foreign key to a
    # later kind would name a row that does not exist yet.
    position = {kind.model.__table__.name: i for i, kind in enumerate(master.KINDS)}
    late = [
        (kind.name, fk.column.table.name)
        for i, kind in enumerate(master.KINDS)
        for fk in kind.model.__table__.foreign_keys
        if position.get(fk.column.table.name, -1) > i
    ]
    assert late == []


def test_every_master_model_with_an_id_is_a_kind_or_the_organisation() -> None:
    kinds = {kind.model for kind in master.KINDS}
    with_id = {
        cls
        for cls in (getattr(m, name) for name in m.__all__)
        if isinstance(cls, type)
        and issubclass(cls, m.Base)
        and cls.__module__ == "planner.store.models.master"
        and "id" in cls.__table__.c
    }
    # A child is written with her mother, the organisation on its own.
    assert with_id - kinds == {m.Organisation, m.Child}
