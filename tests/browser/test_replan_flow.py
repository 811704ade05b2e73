"""Re-planning as a coordinator does it in a real browser, and what reaches people after.

An absence is planned around, then a partner's decline, then the week is published: the
second re-plan builds on the first (its moves survive), nobody is booked inside the absence,
and only a few items change. A hand edit followed by Generate ends with a plan that keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.domain import Plan
from planner.formats.plan import load_plan
from planner.planning.absences import clashes
from planner.planning.diff import plan_diff
from planner.store import models as m
from planner.store.master import export_scenario
from planner.store.responses import DECLINED, record_answer
from tests.browser.test_coordinator_flow import a_clean_move
from tests.web.conftest import (
    PASSWORD,
    TODAY,
    WEEK,
    LiveServer,
    make_app,
    plan_demo_week,
    publish_plan,
)
from web.serving import start_worker

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
MONDAY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=ZONE)


@pytest.fixture(scope="session")
def demo_plan_document() -> dict:
    return plan_demo_week()


@pytest.fixture
def served(tmp_path: Path, demo_plan_document: dict) -> Iterator[tuple[Flask, str]]:
    url = f"sqlite:///{tmp_path / 'replan.db'}"
    app = make_app(url, SOLVE_TIME_LIMIT=3, CLOCK=lambda: MONDAY)
    publish_plan(app, demo_plan_document)
    server = LiveServer(app)
    stop_worker = start_worker(url)
    yield app, f"http://127.0.0.1:{server.port}"
    stop_worker()
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def versions(app: Flask) -> list[tuple[int, str, Plan]]:
    from web import database

    with app.app_context():
        rows = database.session().scalars(sa.select(m.PlanVersion).order_by(m.PlanVersion.version))
        return [(r.version, r.status, load_plan(r.document)) for r in rows]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def wait_for_the_run(page) -> None:
    page.wait_for_selector(".job-outcome.done", timeout=90_000)


def publish_newest(page, base: str) -> None:
    page.goto(f"{base}/plan/{WEEK}")
    page.click("#publish-confirm summary")  # the confirmation says what the publish will do
    assert "send a change notice to" in page.inner_text("#publish-confirm")
    page.click("form[action$='/publish'] button")
    page.wait_for_load_state()


def hannas(plan: Plan, day: dt.date) -> list[str]:
    """Hanna's items on a day."""
    found = [s.id for s in plan.sessions if "s-hanna" in s.facilitators and _local(s.start) == day]
    found += [v.id for v in plan.visits if v.staff == "s-hanna" and _local(v.start) == day]
    return found


def busiest_day(plan: Plan) -> dt.date:
    """Hanna's day with the most items, the day she reports away."""
    days = [_local(s.start) for s in plan.sessions if "s-hanna" in s.facilitators]
    days += [_local(v.start) for v in plan.visits if v.staff == "s-hanna"]
    return max(sorted(set(days)), key=days.count)


def _local(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZONE).date()


def test_absence_then_decline_then_publish_keeps_the_first_re_plan(
    browser, screenshot, served: tuple[Flask, str]
) -> None:
    app, base = served
    [(_, _, published)] = versions(app)
    away = busiest_day(published)
    assert len(hannas(published, away)) >= 2, "the demo plan gives Hanna a busy day"
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)

    # Hanna reports her busiest day away on her phone.
    log_in(page, base, "hanna")
    page.goto(f"{base}/staff/absence")
    page.fill("[name=first_day]", away.isoformat())
    page.fill("[name=last_day]", away.isoformat())
    page.select_option("[name=reason]", "away")
    page.click("form.away button.primary")
    page.wait_for_load_state()
    context.clear_cookies()

    # The coordinator plans again around it with one click.
    log_in(page, base, "kaisa")
    page.goto(f"{base}/planning")
    page.click("form[action*='/absences/'][action$='/replan'] button")
    page.wait_for_url(f"{base}/plan/{WEEK}")
    wait_for_the_run(page)
    screenshot(page, "replan-absence")
    first = versions(app)[-1][2]
    assert hannas(first, away) == []
    moved = {d.ref: d.after for d in plan_diff(published, first) if d.after is not None}
    assert set(hannas(published, away)) <= set(moved) | {u.ref for u in first.unplaced}

    # A partner declines a shift that the absence did not touch.
    shift = next(s for s in published.shifts if s.session not in moved and _local(s.start) != away)
    from web import database

    with app.app_context():
        session = database.session()
        record_answer(session, WEEK, shift, DECLINED, "seurakunta", reason="sairas")
        session.commit()
    page.goto(f"{base}/plan/{WEEK}")
    page.click("form[action$='/declines/replan'] button")
    page.wait_for_load_state()
    wait_for_the_run(page)
    screenshot(page, "replan-decline")
    second = versions(app)[-1][2]

    publish_newest(page, base)
    screenshot(page, "replan-published")
    number, status, final = versions(app)[-1]
    assert status == "published" and number == 3

    with app.app_context():
        scenario = export_scenario(database.session(), WEEK, today=TODAY)
    # Nobody is booked inside an absence or on the declined shift, locked or not ...
    assert clashes(scenario, final) == []
    assert not any(s.carer == shift.carer and s.start < shift.end and shift.start < s.end
                   for s in final.shifts)  # fmt: skip
    # ... the first re-plan's moves survive the second (her day is not undone) ...
    assert hannas(final, away) == []
    survived = {ref: after for ref, after in moved.items() if ref != shift.session}
    kept = {i.id: i for i in (*final.sessions, *final.visits)}
    assert all(kept.get(ref) == after for ref, after in survived.items())
    # ... and few items changed from what people were told first.
    changed = [d.ref for d in plan_diff(published, final)]
    items = len(published.sessions) + len(published.visits)
    assert len(changed) <= len(hannas(published, away)) + 3, changed
    assert second == final
    print(f"items changed from version 1 to the published version 3: {len(changed)} of {items}")


def test_a_hand_edit_then_generate_ends_with_a_plan_that_keeps_it(
    browser, served: tuple[Flask, str]
) -> None:
    app, base = served
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base, "kaisa")
    visit_id, day, start = a_clean_move(app)
    page.goto(f"{base}/plan/{WEEK}/items/{quote(visit_id, safe='')}")
    page.select_option("#move-day", day)
    page.fill("#move-start", start)
    page.click("form[action$='/move'] button")
    page.wait_for_load_state()
    edited = versions(app)[-1][2]

    page.goto(f"{base}/plan/{WEEK}")
    page.fill("#time-limit", "3")
    page.click("form.job-generate button")
    wait_for_the_run(page)
    number, status, plan = versions(app)[-1]
    assert (number, status, plan.status) == (3, "draft", plan.status) and plan.status != "failed"
    before = next(v for v in edited.visits if v.id == visit_id)
    after = next(v for v in plan.visits if v.id == visit_id)
    assert (after.start, after.staff) == (before.start, before.staff)
