"""No 5xx from input: weeks and ids out of range, JSON and XLSX beyond their limits.

Each test is one row of issue 13's findings; each answered 500 (or queued a run, or let
openpyxl unpack a zip bomb) before the limits.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.formats import sheets
from planner.store import db
from planner.store import models as m
from tests.web.conftest import LOADED, Auth, csrf_token, make_app
from web import database


def token(client: FlaskClient) -> str:
    return csrf_token(client.get("/account/password").get_data(as_text=True))


def job_count(app: Flask) -> int:
    with app.app_context(), db.session_scope(database.engine()) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(m.SolveJob)) or 0


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("partner", "/partner/weeks/9999-W52"),
        ("coordinator", "/plan/9999-W52"),
        ("coordinator", "/plan/9999-W52/confirmations"),
        ("staff", "/staff/?week=9999-W52"),
        ("partner", "/partner/weeks/1999-W52"),
        ("coordinator", "/plan/2026-W5"),
        ("coordinator", "/planning?from=9999-12-31"),
    ],
    ids=[
        "partner",
        "coordinator",
        "confirmations",
        "staff",
        "before-2000",
        "not-canonical",
        "planning-from",
    ],  # fmt: skip
)
def test_a_week_out_of_range_is_not_found(
    client: FlaskClient, auth: Auth, role: str, path: str
) -> None:
    auth.login(role)
    assert client.get(path).status_code in (400, 404)


def test_generate_for_a_week_without_a_page_queues_nothing(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    assert client.get("/plan/2026-W5").status_code == 404
    for week in ("2026-W5", "9999-W52"):
        response = client.post(f"/plan/{week}/generate", data={"csrf_token": token(client)})
        assert response.status_code == 404
    assert job_count(app) == 0


@pytest.mark.parametrize(
    "path",
    ["/api/jobs/9223372036854775808", "/api/jobs/2147483648", "/api/jobs/" + "9" * 40],
    ids=["2^63", "2^31", "40-digits"],
)
def test_an_id_no_column_can_hold_is_not_found(client: FlaskClient, auth: Auth, path: str) -> None:
    auth.login("coordinator")
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json


def test_an_id_past_postgresqls_integer_is_not_found_there() -> None:
    app = make_app(LOADED.fresh())
    try:
        client = app.test_client()
        Auth(client).login("coordinator")
        assert client.get("/api/jobs/2147483648").status_code == 404
        stop = client.post("/jobs/2147483648/stop", data={"csrf_token": token(client)})
        assert stop.status_code == 404
        assert client.get("/plan/2026-W49?version=2147483648").status_code == 404
    finally:
        app.extensions["kotoplan.engine"].dispose()


def import_json(client: FlaskClient, data: bytes):
    page = client.get("/data/import").get_data(as_text=True)
    return client.post(
        "/data/import",
        data={"file": (io.BytesIO(data), "scenario.json"), "csrf_token": csrf_token(page)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"[" * 200_000, "nests deeper than 32 levels"),
        (b'{"version": ' + b"1" * 5001 + b"}", "holds a number longer than 40 characters"),
        (b'{"version": 1e400}', "not a finite number"),
    ],
    ids=["nested", "5001-digits", "1e400"],
)
def test_the_web_import_refuses_json_beyond_its_limits(
    client: FlaskClient, auth: Auth, body: bytes, says: str
) -> None:
    auth.login("coordinator")
    response = import_json(client, body)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _sheet(dimension: str, rows: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><dimension ref="' + dimension.encode() + b'"/>'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def upload(client: FlaskClient, data: bytes):
    page = client.get("/data/people").get_data(as_text=True)
    return client.post(
        "/data/people",
        data={
            "kind": "staff",
            "file": (io.BytesIO(data), "list.xlsx"),
            "csrf_token": csrf_token(page),
        },  # fmt: skip
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("members", "says"),
    [
        # ~41 MB of one repeated row, a few hundred kB packed: the shape of a zip bomb
        ({"xl/worksheets/sheet1.xml": _sheet("A1:A2", b'<row r="1"/>' * 3_500_000)},
         "unpacks to 40 MB"),
        ({"xl/worksheets/sheet1.xml": _sheet("A1:C100000")}, "100000 rows"),
        ({"xl/worksheets/sheet1.xml": _sheet("A1:XFD10")}, "16384 columns"),
        ({f"xl/worksheets/sheet{n}.xml": _sheet("A1:A1") for n in range(1, 60)},
         "more than 50 sheets"),
    ],
    ids=["unpacked-size", "rows", "cells", "sheets"],
)  # fmt: skip
def test_an_xlsx_beyond_its_limits_is_refused_before_it_is_parsed(
    client: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch, members, says: str
) -> None:
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl parsed a workbook the limits should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    auth.login("coordinator")
    data = _zip(members)
    assert len(data) < 1024 * 1024
    response = upload(client, data)
    assert response.status_code == 400
    assert says in re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_xlsx_limits_let_a_people_list_through() -> None:
    sheets.check_xlsx(_zip({"xl/worksheets/sheet1.xml": _sheet("A1:T5001")}))
