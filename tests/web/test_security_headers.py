"""Security headers on every response, and pages that keep to their own policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"


def policy(response) -> dict[str, str]:
    """The CSP's directives by name."""
    directives = response.headers["Content-Security-Policy"].split(";")
    return {d.split()[0]: d.strip() for d in directives if d.strip()}


@pytest.mark.parametrize("path", ["/login", "/healthz", "/nothing-here", "/static/style.css"])
def test_every_response_has_the_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    response.close()  # a static file is served from an open file
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    csp = policy(response)
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in csp["style-src"]


def test_the_publish_page_cannot_be_framed(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    response = client.get("/plan/2026-W49")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://kotoplan.example.org")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_can_be_turned_off_or_always_on(app: Flask) -> None:
    app.config["HSTS_MAX_AGE"] = 0
    secure = app.test_client().get("/login", base_url="https://kotoplan.example.org")
    assert "Strict-Transport-Security" not in secure.headers
    app.config.update(HSTS_MAX_AGE=600, HSTS_ALWAYS=True)
    assert app.test_client().get("/login").headers["Strict-Transport-Security"] == "max-age=600"


def test_no_template_has_inline_script_or_event_handlers() -> None:
    found = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                found.append(f"{template.name}: {tag}")
        found += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        found += [f"{template.name}: javascript:" for _ in re.findall("javascript:", text)]
    assert found == []


def test_a_feed_keeps_its_type_and_its_own_referrer_policy(app: Flask, client: FlaskClient) -> None:
    from web import database
    from web.feedlinks import issue
    from web.feeds import feed_key

    with app.app_context():
        token = issue(database.session(), "staff", "s-hanna", feed_key())
        database.session().commit()
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"  # the feed's own, stricter
