"""A staff member on her phone: log in, read her week, report an absence (refused, then right)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.store import models as m
from planner.store.master import export_scenario
from tests.web.conftest import (
    PASSWORD,
    WEEK,
    LiveServer,
    demo_plan_document,  # noqa: F401  (the fixture, solved once)
    make_app,
    publish_plan,
)

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
PHONE = {"width": 390, "height": 844}


def first_day_of_hanna(plan: dict) -> dt.date:
    """The first day of the demo week on which Hanna has a session or a visit."""
    starts = [s["start"] for s in plan["sessions"] if "s-hanna" in s["facilitators"]]
    starts += [v["start"] for v in plan["visits"] if v["staff"] == "s-hanna"]
    return dt.datetime.fromisoformat(min(starts)).astimezone(ZONE).date()


@pytest.fixture
def served(tmp_path: Path, demo_plan_document: dict) -> Iterator[tuple[Flask, str, dt.date]]:  # noqa: F811
    day = first_day_of_hanna(demo_plan_document)
    morning = dt.datetime.combine(day, dt.time(7, 0), ZONE)
    app = make_app(f"sqlite:///{tmp_path / 'phone.db'}", CLOCK=lambda: morning)
    publish_plan(app, demo_plan_document)
    server = LiveServer(app)
    yield app, f"http://127.0.0.1:{server.port}", day
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_staff_member_reads_her_week_and_reports_an_absence_on_her_phone(
    browser, screenshot, served: tuple[Flask, str, dt.date]
) -> None:
    app, base, day = served
    context = browser.new_context(
        locale="fi-FI", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{base}/login")
    page.fill("#username", "hanna")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/staff/")
    assert page.locator("section.day").count() >= 5
    assert page.locator("section.day.today li.item").count() >= 1
    assert fits_the_screen(page)
    screenshot(page, "staff-phone-week")

    page.click("a[href$='/staff/absence']")
    later = day + dt.timedelta(days=1)
    page.fill("#first_day", later.isoformat())
    page.fill("#last_day", day.isoformat())
    page.fill("#note", "Lääkärissä")
    page.click("form.away button.primary")
    page.wait_for_selector("#last_day-error")
    assert page.locator(".field.invalid").count() == 1
    assert fits_the_screen(page)
    screenshot(page, "staff-phone-away-refused")

    page.fill("#last_day", later.isoformat())
    page.click("form.away button.primary")
    page.wait_for_selector("p.flash")
    assert "/staff/" in page.url
    screenshot(page, "staff-phone-away-reported")

    page.click("form[action$='/absence/sick'] button")
    page.wait_for_selector("section.day.today .absent-note")
    assert page.locator("section.day.today li.during-absence").count() >= 1
    assert fits_the_screen(page)
    screenshot(page, "staff-phone-sick-today")

    page.click("header nav a[href$='/calendars/']")
    page.wait_for_selector("section.qr svg")
    assert fits_the_screen(page)
    screenshot(page, "staff-phone-calendar")
    context.close()

    with app.app_context():
        from web import database

        session = database.session()
        reasons = session.scalars(sa.select(m.AbsenceReport.reason).order_by("id")).all()
        hanna = next(
            s for s in export_scenario(session, WEEK, today=day).staff if s.id == "s-hanna"
        )
    assert reasons == ["away", "sick"]
    assert {p.first_day for p in hanna.absent} == {day, later}
