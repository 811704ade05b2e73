"""The coordinator's reports page and downloads, on the recorded history of tests/reports."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from planner.store import models as m
from tests.reports.history import FROM, TO, add_history
from tests.web.conftest import Auth, csrf_token

QUERY = f"from={FROM}&to={TO}"


@pytest.fixture
def recorded(app: Flask) -> Flask:
    from web import database

    with app.app_context():
        session = database.session()
        add_history(session)
        session.commit()
    return app


def reads(app: Flask) -> list[tuple[str, str | None, dict]]:
    from web import database

    with app.app_context():
        rows = database.session().execute(
            sa.select(m.RecordRead.what, m.RecordRead.person, m.RecordRead.detail)
        )
        return [tuple(r) for r in rows]


def test_the_coordinator_sees_the_figures_by_municipality_and_the_charts(
    recorded: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    page = client.get(f"/reports/?{QUERY}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # Municipalities by name (the demo's areas), the total, the funders' tables.
    assert ">Kemi</th>" in html and ">Tornio</th>" in html and ">Total</th>" in html
    assert "ESF indicators" in html and "Participants who started in the period: 3" in html
    # The entry form's questions and answers in words, and the Annex I roll-ups.
    esf = html.split('<table class="esf">', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Labour market status</th><td>Employed, including self-employed' in esf
    assert "<td>Long-term unemployed</td><td>1</td>" in esf
    assert '<span class="muted">Not answered</span></td><td>1</td>' in esf
    rolled = html.split('<table class="esf-indicators">', 1)[1].split("</table>", 1)[0]
    assert "Unemployed, including long-term unemployed</th><td>1</td>" in rolled
    assert "STEA summary" in html
    assert html.count("<svg") == 2 and "<script" not in html.split("<main", 1)[1]
    # The weekly chart has a line per municipality: W50 and W51 in each.
    assert "Kemi, W50: 2" in html and "Tornio, W51: 0" in html
    assert f"/reports/download?format=xlsx&amp;from={FROM}&amp;to={TO}" in html
    assert reads(recorded) == [("view", None, {"report": "page", "from": FROM, "to": TO})]


def test_numbers_read_the_finnish_way_in_finnish(recorded: Flask, client: FlaskClient, auth):
    auth.login("coordinator")
    page = client.get("/reports/").get_data(as_text=True)
    client.post("/language", data={"lang": "fi", "csrf_token": csrf_token(page)})
    html = client.get(f"/reports/?{QUERY}").get_data(as_text=True)
    assert "Raportit" in html and "Kunta" in html
    assert ">3,5<" in html  # group hours, with a decimal comma
    assert "66,7" in html  # g-kemi's attendance rate
    assert "<td>Pitkäaikaistyötön</td><td>1</td>" in html
    assert "Työttömät, myös pitkäaikaistyöttömät</th><td>1</td>" in html


def test_the_page_opens_this_year_so_far_by_default(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    html = client.get("/reports/").get_data(as_text=True)
    assert 'name="from" value="' in html and "-01-01" in html


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_never_see_reports(client: FlaskClient, auth: Auth, role) -> None:
    auth.login(role)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/download?{QUERY}&format=xlsx").status_code == 403


@pytest.mark.parametrize(
    ("form", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
        ("json", "application/json"),
    ],
)
def test_each_download_is_an_attachment_of_its_type(
    recorded: Flask, client: FlaskClient, auth: Auth, form: str, content_type: str
) -> None:
    auth.login("coordinator")
    response = client.get(f"/reports/download?{QUERY}&format={form}")
    assert response.status_code == 200
    assert response.content_type == content_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="kotoplan-report-{FROM}-{TO}.{form}"'
    )
    if form == "json":
        assert json.loads(response.data)["attendances"] == 4
    if form == "xlsx":
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        assert book.sheetnames == ["figures", "esf", "esf_indicators", "stea"]
        # In the user's language (English here), as the page.
        assert ("starters", None, "Starters", None, 3) in book["esf"].iter_rows(values_only=True)
        book.close()
    logged = [r for r in reads(recorded) if r[0] == "export"]
    # Only the XLSX and the PDF hold the ESF table: their export is a read of it.
    assert logged == ([("export", None, {"report": form, "from": FROM, "to": TO})]
                      if form in ("xlsx", "pdf") else [])  # fmt: skip


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13-01&to=2026-12-31", "First day (from): not a date (YYYY-MM-DD)"),
        ("from=2026-12-31&to=2026-01-01", "First day (from): the start is after the end"),
        ("from=2026-01-01&to=tomorrow", "Last day (to): not a date (YYYY-MM-DD)"),
        ("from=0001-01-01&to=2026-01-01", "a date from year 2000 to 2100 is needed"),
    ],
    ids=["month-13", "from-after-to", "words", "year-1"],
)
def test_a_bad_period_is_a_400_naming_the_field(client: FlaskClient, auth, query, message):
    auth.login("coordinator")
    for path in ("/reports/", "/reports/download"):
        response = client.get(f"{path}?{query}&format=csv")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_an_unknown_format_is_a_400(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    response = client.get(f"/reports/download?{QUERY}&format=docx")
    assert response.status_code == 400
    assert "format: one of json, csv, xlsx, pdf" in response.get_data(as_text=True)


def test_the_coordinators_navigation_links_the_reports(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    assert 'href="/reports/"' in client.get("/planning").get_data(as_text=True)
    auth.logout()
    auth.login("staff")
    page = client.get("/staff/")
    assert page.status_code == 200 and 'href="/reports/"' not in page.get_data(as_text=True)
