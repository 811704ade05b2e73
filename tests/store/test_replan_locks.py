"""Re-planning around an absence locks everything the absence does not touch."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from planner.store import models as m
from planner.store.db import session_scope
from planner.store.master import export_scenario, import_scenario
from planner.store.plans import save_draft
from planner.store.replan import Away, replan_locks
from tests import builders as b


def test_only_the_absent_persons_items_in_the_period_stay_free(engine: sa.Engine) -> None:
    doc = b.world()
    doc["staff"].append(b.staff("s-bertta"))
    plan = b.world_plan()
    with session_scope(engine) as session:
        import_scenario(session, doc, "test", today=b.TODAY)
        save_draft(session, plan, "test")
    # s-aino is away on Tuesday: the Tuesday session needs her, the Wednesday visit does not.
    tuesday = dt.date.fromisoformat(b.day("tue"))
    away = Away(
        "s-aino",
        dt.datetime.combine(tuesday, dt.time(0), dt.UTC),
        dt.datetime.combine(tuesday, dt.time(23, 59), dt.UTC),
    )
    with session_scope(engine) as session:
        assert replan_locks(session, b.WEEK, [away], "test") == (1, 1)
    with session_scope(engine) as session:
        locked = session.scalars(sa.select(m.PlanLock.item_id)).all()
        scenario = export_scenario(session, b.WEEK, today=b.TODAY)
    assert locked == [f"n-1/{b.WEEK}/1"]
    assert [v.id for v in scenario.locked.visits] == [f"n-1/{b.WEEK}/1"]
    assert scenario.locked.sessions == ()


def test_a_carer_away_frees_the_session_whose_shift_she_has(engine: sa.Engine) -> None:
    with session_scope(engine) as session:
        import_scenario(session, b.world(), "test", today=b.TODAY)
        save_draft(session, b.world_plan(), "test")
    week = dt.date.fromisoformat(b.day("mon"))
    away = Away("c-aada", dt.datetime.combine(week, dt.time(0), dt.UTC),
                dt.datetime.combine(week + dt.timedelta(days=7), dt.time(0), dt.UTC))  # fmt: skip
    with session_scope(engine) as session:
        assert replan_locks(session, b.WEEK, [away], "test") == (1, 1)
        assert session.scalars(sa.select(m.PlanLock.item_id)).all() == [f"n-1/{b.WEEK}/1"]
