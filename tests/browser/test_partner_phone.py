"""A partner on a phone: log in, confirm one shift, decline another with a reason, see the week."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.store import models as m
from tests.web import portal
from tests.web.conftest import PASSWORD, TODAY, WEEK, LiveServer, publish_plan

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def plan_document() -> dict:
    """The demo week, planned once for this module."""
    from planner.demo import demo_document
    from planner.formats.plan import dump_plan
    from planner.formats.scenario import load_scenario
    from planner.solver import SolveOptions, solve

    scenario = load_scenario(demo_document(WEEK), today=TODAY)
    return dump_plan(solve(scenario, SolveOptions(time_limit=4, workers=8)))


@pytest.fixture
def served(tmp_path: Path, plan_document: dict) -> Iterator[tuple[Flask, str]]:
    app = portal.portal_app(f"sqlite:///{tmp_path / 'phone.db'}")
    publish_plan(app, plan_document)
    server = LiveServer(app)
    yield app, f"http://127.0.0.1:{server.port}"
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def fits(page) -> bool:
    """Whether the page needs no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_partner_confirms_and_declines_shifts_on_a_phone(
    browser, screenshot, served: tuple[Flask, str], plan_document: dict
) -> None:
    app, base = served
    first, second = portal.own_shifts(plan_document)[:2]
    context = browser.new_context(
        locale="fi-FI", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{base}/login")
    page.fill("#username", "seurakunta")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/partner/")
    assert page.locator("article.shift-card").count() == len(portal.own_shifts(plan_document))
    assert fits(page)
    screenshot(page, "partner-phone-shifts")

    card = page.locator(f"article.shift-card:has(input[name=shift][value='{first['id']}'])")
    with page.expect_navigation():
        card.locator("form[action$='/confirm'] button").tap()
    card = page.locator(f"article.shift-card:has(input[name=shift][value='{first['id']}'])")
    assert "state-confirmed" in card.get_attribute("class")
    screenshot(page, "partner-phone-confirmed")

    other = page.locator(f"article.shift-card:has(input[name=shift][value='{second['id']}'])")
    other.locator("details.decline summary").tap()
    other.locator("textarea[name=reason]").fill("Hoitaja on kurssilla")
    with page.expect_navigation():
        other.locator("form[action$='/decline'] button").tap()
    other = page.locator(f"article.shift-card:has(input[name=shift][value='{second['id']}'])")
    assert "state-declined" in other.get_attribute("class")
    assert "Hoitaja on kurssilla" in other.inner_text()
    assert fits(page)

    page.goto(f"{base}/partner/weeks/{WEEK}")
    assert page.locator("article.shift-card").count() == len(portal.own_shifts(plan_document))
    assert fits(page)
    screenshot(page, "partner-phone-week")
    context.close()

    from web import database

    with app.app_context():
        answers = (
            database.session()
            .execute(
                sa.select(m.ShiftResponse.shift_id, m.ShiftResponse.status).order_by(
                    m.ShiftResponse.id
                )
            )
            .all()
        )
    assert [tuple(a) for a in answers] == [(first["id"], "confirmed"), (second["id"], "declined")]
