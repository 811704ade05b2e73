"""The pages keep to their own Content-Security-Policy in Chromium: nothing is blocked.

A strict policy breaks a page silently (a script that does not run, a grid that does not
lay out); Chromium reports each refusal on the console, and this test listens for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.web.conftest import (
    PASSWORD,
    WEEK,
    LiveServer,
    demo_plan_document,  # noqa: F401  (the fixture, solved once)
    make_app,
    publish_plan,
)


@pytest.fixture
def served(tmp_path: Path, demo_plan_document: dict) -> Iterator[tuple[Flask, str]]:  # noqa: F811
    app = make_app(f"sqlite:///{tmp_path / 'csp.db'}")
    publish_plan(app, demo_plan_document)
    server = LiveServer(app)
    yield app, f"http://127.0.0.1:{server.port}"
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def test_the_review_and_a_record_form_run_under_the_policy(
    browser, served: tuple[Flask, str]
) -> None:
    _, base = served
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{base}/login")
    page.fill("#username", "kaisa")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/planning")

    page.goto(f"{base}/plan/{WEEK}")
    assert page.locator("[data-tabs]").is_visible()  # review.js ran: the tabs are shown
    # The style attributes placed the blocks: the first block of a day may sit at the top
    # of the clock, but not every block does.
    tops = page.locator(".week-grid .block").evaluate_all(
        "blocks => blocks.map(b => getComputedStyle(b).top)"
    )
    assert tops and any(top not in ("auto", "0px") for top in tops)

    page.goto(f"{base}/data/groups/g-arki-kemi")
    assert page.locator(".filter input[type=search]").count() >= 1  # forms.js ran
    assert refused == []
    context.close()
