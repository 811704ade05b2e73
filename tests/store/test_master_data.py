"""Importing a scenario into the database and exporting a week from it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import sqlalchemy as sa

from planner.demo import demo_document
from planner.formats.problems import InvalidDocument
from planner.formats.scenario import dump_scenario
from planner.store import db
from planner.store import models as m
from planner.store.master import export_scenario, import_scenario
from planner.store.plans import publish, save_draft
from tests.conftest import Bind
from tests.documents import master_data


def _import(bind: Bind, document: dict[str, Any], **options: Any):
    with db.session_scope(bind) as session:
        return import_scenario(session, document, "test", **options)


def _export(bind: Bind, week: str = "2026-W49") -> dict[str, Any]:
    with db.session_scope(bind) as session:
        return dump_scenario(export_scenario(session, week))


def _changes(bind: Bind) -> int:
    with db.session_scope(bind) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(m.Change)) or 0


@pytest.mark.parametrize("name", ["tiny", "demo"])
def test_import_then_export_gives_back_the_same_master_data(
    bind: Bind, tiny: dict[str, Any], name: str
) -> None:
    document = tiny if name == "tiny" else demo_document()
    _import(bind, document)
    exported = _export(bind)
    assert master_data(exported) == master_data(document)
    assert exported["horizon"] == {"start": "2026-11-30", "end": "2026-12-06"}
    assert exported["locked"] == {"sessions": [], "visits": []}


def test_export_of_another_week_moves_only_the_horizon(bind: Bind, tiny: dict[str, Any]) -> None:
    _import(bind, tiny)
    exported = _export(bind, "2027-W02")
    assert exported["horizon"] == {"start": "2027-01-11", "end": "2027-01-17"}
    assert master_data(exported) == master_data(tiny)


def test_importing_the_same_file_twice_changes_nothing(bind: Bind, tiny: dict[str, Any]) -> None:
    _import(bind, tiny)
    logged = _changes(bind)
    report = _import(bind, tiny)
    assert report.created == {} and report.updated == {}
    assert report.unchanged["participants"] == len(tiny["participants"])
    assert _changes(bind) == logged


def test_a_broken_file_changes_nothing_and_names_every_problem(
    bind: Bind, tiny: dict[str, Any]
) -> None:
    _import(bind, tiny)
    before, logged = _export(bind), _changes(bind)
    broken = copy.deepcopy(tiny)
    broken["staff"][0]["hours_per_week"] = 20  # a valid change that must not land either
    broken["groups"][0]["members"].append("p-77")
    broken["venues"][2]["capacity"] = "six"
    del broken["travel_minutes"]["tornio"]["kemi"]
    with pytest.raises(InvalidDocument) as caught:
        _import(bind, broken)
    assert {str(p) for p in caught.value.problems} == {
        'groups[0].members[3]: no participant "p-77"',
        'venues[2].capacity: input should be a valid integer (got "six")',
        'travel_minutes.tornio: no travel time to area "kemi"',
    }
    assert _export(bind) == before
    assert _changes(bind) == logged


def test_an_import_that_would_break_the_stored_whole_is_rolled_back(
    bind: Bind, tiny: dict[str, Any]
) -> None:
    _import(bind, tiny)
    before = _export(bind)
    # Valid on its own: Aino is now Anna, and a new venue takes the id "s-aino"; but the
    # database still holds the staff member s-aino, so ids would clash once merged.
    other = json.loads(json.dumps(tiny).replace('"s-aino"', '"s-anna"'))
    other["venues"].append({**other["venues"][0], "id": "s-aino"})
    with pytest.raises(InvalidDocument) as caught:
        _import(bind, other)
    assert caught.value.kind == "database after this import"
    assert any('id "s-aino" is already used' in p.message for p in caught.value.problems)
    assert _export(bind) == before


def test_changed_records_are_updated_and_logged_with_their_fields(
    bind: Bind, tiny: dict[str, Any]
) -> None:
    _import(bind, tiny)
    changed = copy.deepcopy(tiny)
    changed["staff"][1]["hours_per_week"] = 10
    changed["participants"][0]["children"].pop()
    changed["groups"][0]["venues"].reverse()
    report = _import(bind, changed)
    assert report.updated == {"staff": 1, "participants": 1, "groups": 1}
    assert master_data(_export(bind)) == master_data(changed)
    with db.session_scope(bind) as session:
        updates = session.scalars(
            sa.select(m.Change).where(m.Change.action == "update").order_by(m.Change.ref)
        ).all()
        assert [(c.kind, c.ref, c.detail["fields"]) for c in updates] == [
            ("groups", "g-arki", ["venues"]),
            ("participants", "p-1", ["children"]),
            ("staff", "s-bertta", ["hours_per_week"]),
        ]
        assert {c.actor for c in updates} == {"test"}


def test_replace_deletes_what_the_file_does_not_hold(bind: Bind, tiny: dict[str, Any]) -> None:
    _import(bind, tiny)
    smaller = copy.deepcopy(tiny)
    smaller["guidance"] = [n for n in smaller["guidance"] if n["id"] != "n-6"]
    smaller["closed_dates"] = []
    merged = _import(bind, smaller)
    assert merged.deleted == {}
    assert len(_export(bind)["guidance"]) == len(tiny["guidance"])
    replaced = _import(bind, smaller, replace=True)
    assert replaced.deleted == {"guidance": 1, "closed_dates": 1}
    assert master_data(_export(bind)) == master_data(smaller)


def _plan(tiny: dict[str, Any]) -> dict[str, Any]:
    session = tiny["previous"]["sessions"][0]
    return {
        "format": "kotoplan-plan/1",
        "scenario": tiny["name"],
        "horizon": tiny["horizon"],
        "status": "feasible",
        "stats": {"solve_seconds": 0.1},
        "sessions": [session],
        "shifts": [],
        "visits": tiny["previous"]["visits"],
        "travel": [],
        "unplaced": [],
    }


def test_export_takes_previous_from_the_newest_version_else_last_weeks_published(
    bind: Bind, tiny: dict[str, Any]
) -> None:
    _import(bind, tiny)
    with db.session_scope(bind) as session:
        draft = save_draft(session, _plan(tiny), "test")
        assert (draft.week, draft.version, draft.status) == ("2026-W49", 1, "draft")
    # A draft is the week as the coordinator last left it: a re-plan stays near it.
    previous = _export(bind)["previous"]
    assert [s["id"] for s in previous["sessions"]] == ["g-arki/2026-W49/1"]
    assert [v["id"] for v in previous["visits"]] == ["n-1/2026-W49/1"]
    # The next week stays near this week's *published* plan until it has one of its own.
    assert _export(bind, "2026-W50")["previous"] == {"sessions": [], "visits": []}
    with db.session_scope(bind) as session:
        publish(session, "2026-W49", 1, "coordinator")
    assert _export(bind, "2026-W50")["previous"] == previous


def test_plan_versions_count_up_and_publishing_twice_is_refused(
    bind: Bind, tiny: dict[str, Any]
) -> None:
    _import(bind, tiny)
    with db.session_scope(bind) as session:
        versions = [save_draft(session, _plan(tiny), "test").version for _ in range(3)]
        publish(session, "2026-W49", 2, "coordinator")
    assert versions == [1, 2, 3]
    with pytest.raises(db.StoreError, match="already published"):
        with db.session_scope(bind) as session:
            publish(session, "2026-W49", 2, "coordinator")


def test_export_from_an_empty_database_says_to_import_first(bind: Bind) -> None:
    with pytest.raises(db.StoreError, match="import a scenario first"):
        _export(bind)
