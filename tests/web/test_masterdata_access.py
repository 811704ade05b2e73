"""Every master data route is the coordinator's: staff and partners get 403, strangers the login."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth, csrf_token

ARGUMENTS = {"kind": "staff", "record_id": "s-amal", "ext": "csv"}


def _routes(app: Flask) -> list[tuple[str, str]]:
    """(method, url) of every master data route, with real arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("masterdata."):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{name}>", ARGUMENTS[name])
        found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_the_routes_are_all_walked(app: Flask) -> None:
    rules = app.url_map.iter_rules()
    endpoints = {r.endpoint for r in rules if r.endpoint.startswith("masterdata.")}
    assert {
        "masterdata.index", "masterdata.list_records", "masterdata.create", "masterdata.edit",
        "masterdata.retire", "masterdata.changes", "masterdata.import_json",
        "masterdata.export_json", "masterdata.people_upload", "masterdata.people_confirm",
        "masterdata.people_template", "masterdata.settings",
    } == endpoints  # fmt: skip
    assert len(_routes(app)) == 18


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_are_refused_everywhere(
    app: Flask, client: FlaskClient, auth: Auth, role: str
) -> None:
    auth.login(role)
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    for method, url in _routes(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 403, (method, url)


def test_strangers_are_sent_to_the_login(app: Flask, client: FlaskClient) -> None:
    token = csrf_token(client.get("/login").get_data(as_text=True))
    for method, url in _routes(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, url)
        assert re.match(r"/login\b", response.headers["Location"]), (method, url)


def test_the_coordinator_opens_every_page(app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    for method, url in _routes(app):
        if method == "GET":
            status = client.get(url).status_code
            assert status == (400 if url == "/data/export" else 200), url


def test_a_post_without_its_csrf_token_is_refused(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    assert client.post("/data/staff/s-amal/retire").status_code == 400
