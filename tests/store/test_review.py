"""The review's storage: versions, locks that become the scenario's `locked`, publishing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import sqlalchemy as sa

from planner.store import db
from planner.store import models as m
from planner.store.master import export_scenario, import_scenario
from planner.store.plans import published, save_draft
from planner.store.review import (
    ReviewError,
    lock_item,
    locks,
    newest,
    publish_newest,
    save_edit,
    unlock_item,
    versions,
)
from tests.conftest import Bind, load_data

WEEK = "2026-W49"


@pytest.fixture
def plan() -> dict[str, Any]:
    return load_data("tiny-plan.json")


def _draft(bind: Bind, document: dict[str, Any]) -> int:
    with db.session_scope(bind) as session:
        return save_draft(session, document, "test").version


def test_versions_are_listed_newest_first(bind: Bind, plan: dict[str, Any]) -> None:
    _draft(bind, plan)
    _draft(bind, plan)
    with db.session_scope(bind) as session:
        assert [v.version for v in versions(session, WEEK)] == [2, 1]
        assert newest(session, WEEK).version == 2
        assert newest(session, "2026-W50") is None


def test_a_lock_is_kept_once_per_item_and_logged(bind: Bind, plan: dict[str, Any]) -> None:
    item = plan["sessions"][0]
    moved = item | {"start": "2026-11-30T11:00:00+02:00", "end": "2026-11-30T13:00:00+02:00"}
    with db.session_scope(bind) as session:
        lock_item(session, WEEK, "session", item, "kaisa")
        lock_item(session, WEEK, "session", moved, "kaisa")
    with db.session_scope(bind) as session:
        found = locks(session, WEEK)
        assert list(found) == [item["id"]]
        assert found[item["id"]].item == moved
        actions = session.scalars(sa.select(m.Change.action).where(m.Change.kind == "plan_lock"))
        assert list(actions) == ["lock", "lock"]
        assert unlock_item(session, WEEK, item["id"], "kaisa") is True
        assert unlock_item(session, WEEK, item["id"], "kaisa") is False
        assert locks(session, WEEK) == {}


def test_a_lock_holds_a_session_or_a_visit(bind: Bind, plan: dict[str, Any]) -> None:
    with db.session_scope(bind) as session, pytest.raises(ValueError):
        lock_item(session, WEEK, "shift", plan["sessions"][0], "kaisa")


def test_an_edit_is_a_new_draft_with_its_item_pinned_in_the_scenario(
    bind: Bind, tiny: dict[str, Any], plan: dict[str, Any]
) -> None:
    with db.session_scope(bind) as session:
        import_scenario(session, tiny, "test")
    _draft(bind, plan)
    visit = plan["visits"][0]
    with db.session_scope(bind) as session:
        version = save_edit(session, plan, "visit", visit, "kaisa", based_on=1)
        assert (version.version, version.status, version.created_by) == (2, "draft", "kaisa")
    with db.session_scope(bind) as session:
        scenario = export_scenario(session, WEEK)
    # A hand edit is a wish: kept unless a rule forbids it, not a fact that escapes the rules.
    assert scenario.locked.visits == () and scenario.locked.sessions == ()
    assert scenario.pinned == {visit["id"]}
    assert [v for v in scenario.previous.visits if v.id == visit["id"]] == [
        v for v in scenario.previous.visits if v.id in scenario.pinned
    ]


def test_an_edit_made_on_an_older_version_is_refused(bind: Bind, plan: dict[str, Any]) -> None:
    _draft(bind, plan)
    _draft(bind, plan)
    with db.session_scope(bind) as session:
        with pytest.raises(ReviewError) as refused:
            save_edit(session, plan, "visit", plan["visits"][0], "kaisa", based_on=1)
        assert refused.value.code == "stale"
        assert locks(session, WEEK) == {}


def test_the_newest_draft_is_published_once(bind: Bind, plan: dict[str, Any]) -> None:
    _draft(bind, plan)
    with db.session_scope(bind) as session:
        publish_newest(session, WEEK, 1, "kaisa")
    with db.session_scope(bind) as session:
        assert published(session, WEEK).version == 1
        with pytest.raises(ReviewError) as refused:
            publish_newest(session, WEEK, 1, "kaisa")
        assert refused.value.code == "published"


@pytest.mark.parametrize(
    ("drafts", "number", "code"),
    [(2, 1, "not-newest"), (1, 7, "missing")],
    ids=["an-older-draft", "no-such-version"],
)
def test_only_the_newest_draft_can_be_published(
    bind: Bind, plan: dict[str, Any], drafts: int, number: int, code: str
) -> None:
    for _ in range(drafts):
        _draft(bind, plan)
    with db.session_scope(bind) as session:
        with pytest.raises(ReviewError) as refused:
            publish_newest(session, WEEK, number, "kaisa")
        assert refused.value.code == code
        assert published(session, WEEK) is None


def test_a_failed_plan_is_never_published(bind: Bind, plan: dict[str, Any]) -> None:
    failed = copy.deepcopy(plan) | {
        "status": "failed",
        "errors": [{"ref": "g-arki/2026-W49/1", "rule": "H6", "text": "a locked item breaks H6"}],
        "objective": None,
        "bound": None,
        "cost": {},
        "sessions": [],
        "shifts": [],
        "visits": [],
        "travel": [],
        "unplaced": [],
        "changes": [],
    }
    _draft(bind, failed)
    with db.session_scope(bind) as session:
        with pytest.raises(ReviewError) as refused:
            publish_newest(session, WEEK, 1, "kaisa")
        assert refused.value.code == "failed"
