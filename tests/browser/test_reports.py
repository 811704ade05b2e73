"""The coordinator opens the report in a real browser and downloads the XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook

from tests.reports.history import FROM, TO, add_history
from tests.web.conftest import PASSWORD, LiveServer, make_app


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = make_app(f"sqlite:///{tmp_path / 'reports.db'}")
    with app.app_context():
        from web import database

        session = database.session()
        add_history(session)
        session.commit()
    server = LiveServer(app)
    yield app, f"http://127.0.0.1:{server.port}"
    server.close()
    app.extensions["kotoplan.engine"].dispose()


def test_the_coordinator_opens_the_report_and_downloads_the_xlsx(
    browser, screenshot, served: tuple[Flask, str], tmp_path: Path
) -> None:
    _, base = served
    context = browser.new_context(
        locale="fi-FI", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
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

    page.click("nav a[href='/reports/']")
    page.wait_for_url(f"{base}/reports/")
    page.fill("#from", FROM)
    page.fill("#to", TO)
    page.click("form[action='/reports/'] button")
    page.wait_for_url(f"{base}/reports/?from={FROM}&to={TO}")
    total = page.locator("table.figures tr.total")
    assert total.locator("td").nth(3).inner_text() == "4"  # attendances
    assert page.locator("figure svg.chart").count() == 2
    screenshot(page, "reports")

    with page.expect_download() as caught:
        page.click("a.button:text-is('XLSX')")
    download = caught.value
    assert download.suggested_filename == f"kotoplan-report-{FROM}-{TO}.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved, read_only=True)
    rows = list(book["figures"].iter_rows(values_only=True))
    header, total_row = rows[0], next(r for r in rows if r[0] == "total")
    assert total_row[header.index("attendances")] == 4
    assert total_row[header.index("group_hours")] == 3.5
    book.close()
    assert refused == []
    context.close()
