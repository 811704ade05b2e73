"""Scenario JSON through the web: an import is all or nothing, an export is the week's scenario."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.formats.scenario import load_scenario
from tests.web.conftest import TODAY, WEEK
from tests.web.test_masterdata_records import changes

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def coordinator(client: FlaskClient, auth) -> FlaskClient:
    auth.login("coordinator")
    page = client.get("/data/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    return client


def import_json(client: FlaskClient, data: bytes, name: str = "scenario.json", **extra: str):
    page = client.get("/data/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post(
        "/data/import",
        data={"file": (io.BytesIO(data), name), "csrf_token": token, **extra},
        content_type="multipart/form-data",
    )


def test_a_broken_scenario_changes_nothing_and_lists_every_problem(
    app: Flask, coordinator: FlaskClient
) -> None:
    before = changes(app)
    response = import_json(coordinator, (DATA / "broken" / "unknown-member.json").read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<code>groups[0].members[3]</code>: no participant &#34;p-77&#34;" in page
    assert changes(app) == before


def test_a_file_that_is_not_json_is_refused(app: Flask, coordinator: FlaskClient) -> None:
    response = import_json(coordinator, b"{not json", "broken.json")
    assert response.status_code == 400
    assert "broken.json:1:2" in response.get_data(as_text=True)


def test_an_exported_week_imports_back_with_one_change(app: Flask, coordinator: FlaskClient):
    response = coordinator.get(f"/data/export?week={WEEK}")
    assert response.status_code == 200
    assert f"kotoplan-{WEEK}.json" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    load_scenario(document, TODAY)  # a valid, complete scenario
    assert document["horizon"]["start"] == "2026-11-30"
    document["staff"][0]["hours_per_week"] = 30
    response = import_json(coordinator, json.dumps(document).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"Staff</th>\s*<td[^>]*>0</td><td[^>]*>1</td>", page)
    assert changes(app)[-1] == ("update", "staff", document["staff"][0]["id"])


def test_a_week_that_is_not_a_week_is_refused(coordinator: FlaskClient) -> None:
    response = coordinator.get("/data/export?week=2026-49")
    assert response.status_code == 400
    assert 'id="week-error"' in response.get_data(as_text=True)


def test_an_empty_database_starts_with_a_scenario_import(tmp_path: Path) -> None:
    from planner.store import db
    from tests.web.conftest import PASSWORD, Auth
    from web import create_app
    from web.accounts import create_user

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        create_user(session, "kaisa", PASSWORD, "coordinator")
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret",
                      "SESSION_COOKIE_SECURE": False})  # fmt: skip
    client = app.test_client()
    Auth(client).login("coordinator")
    assert "/data/import" in client.get("/data/").get_data(as_text=True)
    assert client.get("/data/staff/").headers["Location"].endswith("/data/import")
    response = import_json(client, (DATA / "tiny-scenario.json").read_bytes())
    assert response.status_code == 200
    assert client.get("/data/staff/").status_code == 200
    app.extensions["kotoplan.engine"].dispose()
