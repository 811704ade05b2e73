"""The coordinator's Monday in a real browser: log in, plan the week, review, edit, publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.formats.plan import load_plan
from planner.planning.edits import judge_edit, move_visit
from planner.store import models as m
from planner.store.master import export_scenario
from tests.web.conftest import PASSWORD, TODAY, WEEK, LiveServer, make_app
from web.serving import start_worker

ZONE = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    app = make_app(url, SOLVE_TIME_LIMIT=3)
    server = LiveServer(app)
    stop_worker = start_worker(url)
    yield app, f"http://127.0.0.1:{server.port}"
    stop_worker()
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def a_clean_move(app: Flask) -> tuple[str, str, str]:
    """A visit of the newest draft and a new start for it that breaks no rule."""
    from web import database

    with app.app_context():
        session = database.session()
        row = session.scalars(
            sa.select(m.PlanVersion).order_by(m.PlanVersion.version.desc()).limit(1)
        ).one()
        plan = load_plan(row.document)
        scenario = export_scenario(session, WEEK, today=TODAY)
    for visit in plan.visits:
        for minutes in (-60, -30, 30, 60, 90, -90):
            start = visit.start + dt.timedelta(minutes=minutes)
            try:
                moved = move_visit(scenario, plan, visit.id, start)
            except ValueError:
                continue
            if not judge_edit(scenario, plan, moved, visit.id):
                local = start.astimezone(ZONE)
                return visit.id, local.date().isoformat(), f"{local:%H:%M}"
    raise AssertionError("no visit of the plan can be moved without breaking a rule")


def test_log_in_plan_review_lock_move_publish_log_out(
    browser, screenshot, served: tuple[Flask, str]
) -> None:
    app, base = served
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{base}/login")
    screenshot(page, "login")
    page.fill("#username", "kaisa")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/planning")
    screenshot(page, "planning")

    page.goto(f"{base}/plan/{WEEK}")
    page.fill("#time-limit", "3")
    page.click("form.job-generate button")
    page.wait_for_selector("progress")
    screenshot(page, "planning-run")
    page.wait_for_selector(".job-outcome.done", timeout=90_000)
    screenshot(page, "planning-done")

    page.click(".job-outcome.done a")
    page.wait_for_selector(".weekview, [data-view]")
    screenshot(page, "review")
    visit_id, day, start = a_clean_move(app)

    page.goto(f"{base}/plan/{WEEK}/items/{quote(visit_id, safe='')}")
    page.click("form[action$='/lock'] button")
    page.wait_for_selector("form[action$='/unlock']")
    page.select_option("#move-day", day)
    page.fill("#move-start", start)
    page.click("form[action$='/move'] button")
    page.wait_for_load_state()
    screenshot(page, "item-moved")
    with app.app_context():
        from web import database

        rows = (
            database.session()
            .scalars(sa.select(m.PlanVersion).order_by(m.PlanVersion.version))
            .all()
        )
        number, status = rows[-1].version, rows[-1].status
        moved = next(v for v in load_plan(rows[-1].document).visits if v.id == visit_id)
        locked = database.session().scalars(sa.select(m.PlanLock.item_id)).all()
    assert len(rows) == 2 and status == "draft"
    assert f"{moved.start.astimezone(ZONE):%H:%M}" == start and visit_id in locked

    page.goto(f"{base}/plan/{WEEK}")
    page.click("#publish-confirm summary")
    page.click("form[action$='/publish'] button")
    page.wait_for_load_state()
    screenshot(page, "published")
    with app.app_context():
        from web import database

        status = database.session().scalar(
            sa.select(m.PlanVersion.status).where(m.PlanVersion.version == number)
        )
    assert status == "published"

    page.click("header form[action$='/logout'] button")
    page.wait_for_url(f"{base}/login")
    page.goto(f"{base}/plan/{WEEK}")
    assert "/login" in page.url
    context.close()
