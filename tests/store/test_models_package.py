"""The models package: every table's model is exported where callers look for it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from planner.store import models as m


def _submodules() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(m.__path__, f"{m.__name__}.")]


def test_every_mapped_model_of_every_submodule_is_exported() -> None:
    for name in _submodules():
        importlib.import_module(name)
    mapped = {mapper.class_ for mapper in m.Base.registry.mappers}
    exported = {getattr(m, name) for name in m.__all__}
    assert {cls.__name__ for cls in mapped - exported} == set()
    assert {cls.__tablename__ for cls in mapped} == set(m.Base.metadata.tables)


def test_every_exported_name_resolves() -> None:
    missing = [name for name in m.__all__ if not hasattr(m, name)]
    assert missing == []
    assert len(set(m.__all__)) == len(m.__all__)


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("Organisation", "organisation"),
        ("GroupMember", "group_members"),
        ("PlanVersion", "plan_versions"),
        ("SolveJob", "solve_jobs"),
        ("User", "users"),
        ("Notice", "notices"),
        ("RecordRead", "record_reads"),
    ],
)
def test_a_model_of_each_feature_is_reached_as_before(name: str, table: str) -> None:
    assert getattr(m, name).__table__ is m.Base.metadata.tables[table]


def test_the_active_job_states_stay_importable_from_models() -> None:
    from planner.store.models import ACTIVE_JOB_STATES

    assert ACTIVE_JOB_STATES == m.plans.ACTIVE_JOB_STATES
    assert "queued" in ACTIVE_JOB_STATES
