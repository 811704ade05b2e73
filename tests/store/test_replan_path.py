"""The one re-plan path: pins for what an absence leaves alone, locks for what has started."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import sqlalchemy as sa

from planner.runtime import jobs
from planner.store import models as m
from planner.store.db import session_scope
from planner.store.master import export_scenario, import_scenario
from planner.store.plans import publish, save_draft
from planner.store.replan import Away, replan
from planner.store.review import LOCK, PIN, lock_item
from tests import builders as b
from tests.conftest import Bind

BEFORE_THE_WEEK = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _holds(session) -> dict[str, str]:
    return {row.item_id: row.hold for row in session.scalars(sa.select(m.PlanLock))}


def _whole_day(weekday: str) -> Away:
    date = dt.date.fromisoformat(b.day(weekday))
    return Away(
        "s-aino",
        dt.datetime.combine(date, dt.time(0), dt.UTC),
        dt.datetime.combine(date, dt.time(23, 59), dt.UTC),
    )


@pytest.fixture
def stored(bind: Bind) -> Bind:
    doc = b.world()
    doc["staff"].append(b.staff("s-bertta"))
    with session_scope(bind) as session:
        import_scenario(session, doc, "test", today=b.TODAY)
        publish(session, b.WEEK, save_draft(session, b.world_plan(), "test").version, "test")
    return bind


def test_an_absence_pins_what_it_does_not_touch_and_frees_what_it_does(stored) -> None:
    # s-aino is away on Tuesday: the Tuesday session needs her, the Wednesday visit does not.
    with session_scope(stored) as session:
        run = replan(session, b.WEEK, 5, "test", BEFORE_THE_WEEK, [_whole_day("tue")])
        assert (run.pinned, run.started, run.free) == (1, 0, 1)
        assert run.job.status == jobs.QUEUED and run.job.not_before is None
    with session_scope(stored) as session:
        assert _holds(session) == {f"n-1/{b.WEEK}/1": PIN}
        scenario = export_scenario(session, b.WEEK, today=b.TODAY)
    # A pin is a previous item named in `pinned`, not a lock: every rule still judges it.
    assert scenario.locked.sessions == () and scenario.locked.visits == ()
    assert scenario.pinned == {f"n-1/{b.WEEK}/1"}
    assert {v.id for v in scenario.previous.visits} == {f"n-1/{b.WEEK}/1"}


def test_an_item_the_absence_touches_is_released_even_if_locked_by_hand(stored) -> None:
    with session_scope(stored) as session:
        form = b.world_plan()["sessions"][0]
        lock_item(session, b.WEEK, "session", form, "test")
    with session_scope(stored) as session:
        run = replan(session, b.WEEK, 5, "test", BEFORE_THE_WEEK, [_whole_day("tue")])
        assert run.free == 1
        assert _holds(session) == {f"n-1/{b.WEEK}/1": PIN}


def test_a_replan_builds_on_the_newest_draft_not_the_published_version(stored) -> None:
    moved = copy.deepcopy(b.world_plan())
    moved["visits"][0]["start"] = b.at(b.day("thu"), "10:00")
    moved["visits"][0]["end"] = b.at(b.day("thu"), "11:00")
    with session_scope(stored) as session:
        save_draft(session, moved, "test")  # version 2, newer than the published version 1
        replan(session, b.WEEK, 5, "test", BEFORE_THE_WEEK, [_whole_day("tue")])
    with session_scope(stored) as session:
        scenario = export_scenario(session, b.WEEK, today=b.TODAY)
        pin = session.scalar(sa.select(m.PlanLock))
    thursday = dt.date.fromisoformat(b.day("thu"))
    assert scenario.previous.visits[0].start.date() == thursday
    assert pin is not None and pin.item["start"] == moved["visits"][0]["start"]


def test_in_the_middle_of_the_week_what_has_started_is_locked_and_the_run_starts_now(
    stored,
) -> None:
    # Wednesday noon: Tuesday's session is over, Wednesday's 10:00 visit has started.
    wednesday_noon = dt.datetime.fromisoformat(b.at(b.day("wed"), "12:00"))
    with session_scope(stored) as session:
        run = replan(session, b.WEEK, 5, "test", wednesday_noon)
        assert (run.pinned, run.started, run.free) == (0, 2, 0)
    with session_scope(stored) as session:
        assert set(_holds(session).values()) == {LOCK}
        job = session.scalar(sa.select(m.SolveJob))
        assert job is not None and job.not_before is not None
        scenario = export_scenario(
            session, b.WEEK, today=b.TODAY, not_before=job.not_before.replace(tzinfo=dt.UTC)
        )
    assert scenario.not_before == wednesday_noon
    assert len(scenario.locked.sessions) == 1 and len(scenario.locked.visits) == 1


def test_a_week_being_planned_is_not_planned_twice(stored) -> None:
    with session_scope(stored) as session:
        replan(session, b.WEEK, 5, "test", BEFORE_THE_WEEK)
        with pytest.raises(jobs.JobError, match="already being planned"):
            replan(session, b.WEEK, 5, "test", BEFORE_THE_WEEK, [_whole_day("tue")])
