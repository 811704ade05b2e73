"""A facilitator on her phone marks who came, one tap per mother, right after the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.store import models as m
from tests.web.conftest import (
    PASSWORD,
    LiveServer,
    demo_plan_document,  # noqa: F401  (the fixture, solved once)
    make_app,
    publish_plan,
)

ZONE = dt.timezone(dt.timedelta(hours=2))  # Helsinki in December
PHONE = {"width": 390, "height": 844}


def first_session_of_hanna(plan: dict) -> dict:
    return min(
        (s for s in plan["sessions"] if "s-hanna" in s["facilitators"]), key=lambda s: s["start"]
    )


@pytest.fixture
def served(tmp_path: Path, demo_plan_document: dict) -> Iterator[tuple[Flask, str, dict]]:  # noqa: F811
    session = first_session_of_hanna(demo_plan_document)
    # Half an hour after the session ended: she records it on her way home.
    later = dt.datetime.fromisoformat(session["end"]) + dt.timedelta(minutes=30)
    app = make_app(f"sqlite:///{tmp_path / 'taps.db'}", CLOCK=lambda: later.astimezone(ZONE))
    publish_plan(app, demo_plan_document)
    server = LiveServer(app)
    yield app, f"http://127.0.0.1:{server.port}", session
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def recorded(app: Flask, session_id: str) -> dict[str, str]:
    from web import database

    with app.app_context():
        rows = database.session().execute(
            sa.select(m.MemberAttendance.person, m.MemberAttendance.status).where(
                m.MemberAttendance.session_id == session_id
            )
        )
        return dict(rows.all())


def log_in(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", "hanna")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/staff/")


def test_a_facilitator_marks_attendance_with_taps_on_her_phone(
    browser, screenshot, served: tuple[Flask, str, dict]
) -> None:
    app, base, session = served
    context = browser.new_context(
        locale="fi-FI", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base)

    page.click("a[href$='/staff/sessions']")
    link = f"/staff/sessions/{quote(session['id'], safe='/')}"
    page.wait_for_selector(f"a[href='{link}']")
    assert fits_the_screen(page)
    screenshot(page, "attendance-phone-list")
    page.click(f"a[href='{link}']")
    page.wait_for_selector("li.member")
    members = page.locator("li.member").evaluate_all("(items) => items.map((i) => i.id.slice(2))")
    assert len(members) >= 3
    assert fits_the_screen(page)

    taps = dict(zip(members[:3], ["present", "absent", "present"], strict=True))
    for person, status in taps.items():
        button = page.locator(f"#m-{person} button.tap.{status}")
        box = button.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 90  # a thumb hits it
        button.tap()
        page.wait_for_selector(f"#m-{person} button.tap.{status}[aria-pressed='true']")
    assert page.url.endswith(link)  # the script saved each tap without leaving the page
    assert page.locator(".tap-count").inner_text().startswith("3")
    screenshot(page, "attendance-phone-taps")
    assert recorded(app, session["id"]) == taps

    # A tap changed is a tap saved; the page read again shows what is stored.
    page.locator(f"#m-{members[1]} button.tap.excused").tap()
    page.wait_for_selector(f"#m-{members[1]} button.tap.excused[aria-pressed='true']")
    page.reload()
    assert page.locator("button.tap[aria-pressed='true']").count() == 3
    assert recorded(app, session["id"])[members[1]] == "excused"

    # The details form below: held, with the children who came.
    page.fill("input[name='children']", "5")
    page.click("form.record button.primary")
    page.wait_for_selector("p.flash")
    assert fits_the_screen(page)
    screenshot(page, "attendance-phone-saved")
    context.close()

    # Without JavaScript every tap is a plain form post that comes back to the same place.
    plain = browser.new_context(
        locale="fi-FI", viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = plain.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base)
    page.goto(f"{base}{link}")
    other = members[3] if len(members) > 3 else members[0]
    with page.expect_navigation():
        page.locator(f"#m-{other} button.tap.absent").tap()
    assert page.url.endswith(f"{link}#m-{other}")
    assert page.locator(f"#m-{other} button.tap.absent[aria-pressed='true']").count() == 1
    plain.close()

    with app.app_context():
        from web import database

        children = database.session().scalar(
            sa.select(m.SessionRecord.children).where(m.SessionRecord.session_id == session["id"])
        )
    assert children == 5
    assert recorded(app, session["id"])[other] == "absent"
