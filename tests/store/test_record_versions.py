"""Record versions: one more on every change; a save made on an older one is refused."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.store import db
from planner.store import models as m
from planner.store.master import (
    StaleRecord,
    import_scenario,
    read_versions,
    record_version,
    scenario_document,
)

MONDAY = dt.date(2026, 11, 30)


def _import(engine: sa.Engine, document: dict[str, Any], **options: Any) -> None:
    with db.session_scope(engine) as session:
        import_scenario(session, document, "test", **options)


def _versions(engine: sa.Engine) -> dict[tuple[str, str], int]:
    with db.session_scope(engine) as session:
        found = {
            (model.__tablename__, str(row.id)): row.version
            for model in (m.Organisation, m.StaffMember, m.Participant, m.Child, m.Group, m.Carer)
            for row in session.scalars(sa.select(model))
        }
        for travel in session.scalars(sa.select(m.TravelTime)):
            found[("travel_times", f"{travel.from_area}->{travel.to_area}")] = travel.version
        return found


def test_every_record_starts_at_1_and_an_unchanged_import_keeps_it(
    engine: sa.Engine, tiny: dict[str, Any]
) -> None:
    _import(engine, tiny)
    first = _versions(engine)
    assert set(first.values()) == {1}
    _import(engine, tiny)
    assert _versions(engine) == first


def test_a_changed_record_and_only_it_goes_one_up(engine: sa.Engine, tiny: dict[str, Any]) -> None:
    _import(engine, tiny)
    changed = copy.deepcopy(tiny)
    changed["staff"][1]["hours_per_week"] = 10
    changed["participants"][0]["children"][0]["in_daycare"] = True  # only a child changes
    changed["groups"][0]["venues"].reverse()  # only the group's venue links change
    changed["settings"]["time_limit_seconds"] = 7
    changed["travel_minutes"]["kemi"]["kemi"] += 1
    _import(engine, changed)
    child = tiny["participants"][0]["children"][0]["id"]
    bumped = {key for key, version in _versions(engine).items() if version == 2}
    assert bumped == {
        ("staff", tiny["staff"][1]["id"]),
        ("participants", tiny["participants"][0]["id"]),
        ("children", child),
        ("groups", tiny["groups"][0]["id"]),
        ("organisation", "1"),
        ("travel_times", "kemi->kemi"),
    }
    assert set(_versions(engine).values()) == {1, 2}


def test_a_save_on_an_older_version_is_refused_and_writes_nothing(
    engine: sa.Engine, tiny: dict[str, Any]
) -> None:
    _import(engine, tiny)
    first = copy.deepcopy(tiny)
    first["participants"][0]["address"] = "Uusikatu 5"
    pid = first["participants"][0]["id"]
    _import(engine, first, expected={("participants", pid): 1})

    second = copy.deepcopy(tiny)
    second["participants"][0]["address"] = "Vanhakatu 9"
    with pytest.raises(StaleRecord, match=f"participants {pid} is at version 2, not 1"):
        _import(engine, second, expected={("participants", pid): 1})
    with db.session_scope(engine) as session:
        row = session.get(m.Participant, pid)
        assert (row.address, row.version) == ("Uusikatu 5", 2)
        assert record_version(session, "participants", pid) == 2
        assert record_version(session, "participants", "p-none") is None


def test_a_save_of_one_record_does_not_write_back_another_saved_meanwhile(
    engine: sa.Engine, tiny: dict[str, Any]
) -> None:
    """A form's save writes the whole document it read; what others saved since must stand."""
    _import(engine, tiny)
    pid = tiny["participants"][0]["id"]
    with Session(engine) as late:
        versions = read_versions(late)
        doc = scenario_document(late, MONDAY, previous=False)
        first = copy.deepcopy(tiny)
        first["participants"][0]["address"] = "Uusikatu 5"
        _import(engine, first)  # another request saves the participant meanwhile
        doc["staff"][0]["hours_per_week"] = 11  # this one changes a staff member only
        with pytest.raises(StaleRecord, match=f"participants {pid} is at version 2, not 1"):
            import_scenario(late, doc, "test", expected=versions)
        late.rollback()
    with db.session_scope(engine) as session:
        assert session.get(m.Participant, pid).address == "Uusikatu 5"
        assert session.get(m.StaffMember, tiny["staff"][0]["id"]).version == 1


def test_two_saves_racing_past_the_check_cannot_both_win(
    engine: sa.Engine, tiny: dict[str, Any]
) -> None:
    """Both passed the version check; the second's UPDATE names the old version, matching no row."""
    _import(engine, tiny)
    pid = tiny["participants"][0]["id"]
    with Session(engine) as late:
        held = late.scalars(sa.select(m.Participant)).all()  # read before the other commits
        versions = read_versions(late)
        doc = scenario_document(late, MONDAY, previous=False)
        first = copy.deepcopy(tiny)
        first["participants"][0]["address"] = "Uusikatu 5"
        _import(engine, first)
        doc["participants"][0]["address"] = "Vanhakatu 9"
        with pytest.raises(StaleRecord, match="saved by someone else during this import"):
            import_scenario(late, doc, "test", expected=versions)
        late.rollback()
        assert held  # the rows stayed in the session as they were read
    with db.session_scope(engine) as session:
        row = session.get(m.Participant, pid)
        assert (row.address, row.version) == ("Uusikatu 5", 2)


def test_a_record_removed_meanwhile_is_not_brought_back(
    engine: sa.Engine, tiny: dict[str, Any]
) -> None:
    _import(engine, tiny)
    iid = tiny["interpreters"][0]["id"]
    with Session(engine) as late:
        versions = read_versions(late)
        doc = scenario_document(late, MONDAY, previous=False)
        fewer = copy.deepcopy(tiny)
        del fewer["interpreters"][0]
        fewer["previous"] = {"sessions": [], "visits": []}  # it named the interpreter
        _import(engine, fewer, replace=True)
        doc["interpreters"][0]["remote"] = not doc["interpreters"][0]["remote"]
        with pytest.raises(StaleRecord, match=f"interpreters {iid} has been removed"):
            import_scenario(late, doc, "test", expected=versions)
        late.rollback()
    with db.session_scope(engine) as session:
        assert session.get(m.Interpreter, iid) is None
