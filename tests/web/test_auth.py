"""Accounts: logging in and out, sessions that end on the server, CSRF, the language switch."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient

from planner.store import models as m
from tests.web.conftest import PASSWORD, Auth, csrf_token
from web import accounts, database
from web.i18n import finnish, week_label


def test_login_takes_the_user_to_the_start_page(client: FlaskClient, auth: Auth) -> None:
    response = auth.login("coordinator")
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(auth: Auth) -> None:
    response = auth.login("coordinator", password="väärä-salasana")
    assert response.status_code == 401
    assert "käyttäjätunnus tai salasana on väärin" in response.get_data(as_text=True).lower()


def test_pages_need_a_login(client: FlaskClient) -> None:
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_form_without_its_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/login", data={"username": "kaisa", "password": PASSWORD})
    assert response.status_code == 400


def test_logout_ends_the_session_for_every_copy_of_the_cookie(app: Flask, auth: Auth) -> None:
    auth.login("staff")
    copied = app.test_client()
    copied.set_cookie("session", auth.client.get_cookie("session").value)
    assert copied.get("/account/password").status_code == 200
    auth.logout()
    assert copied.get("/account/password").status_code == 302


def test_disabling_an_account_ends_its_sessions_at_once(app: Flask, auth: Auth) -> None:
    auth.login("partner")
    with app.app_context():
        user = database.session().query(m.User).filter_by(username="seurakunta").one()
        accounts.set_active(user, False)
        database.session().commit()
    assert auth.client.get("/account/password").status_code == 302
    assert auth.login("partner").status_code == 401


def test_changing_the_password_keeps_this_session_and_ends_others(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    other = app.test_client()
    Auth(other).login("coordinator")
    page = client.get("/account/password").get_data(as_text=True)
    new = "uusi-salasana-456"
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": new,
            "confirm": new,
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other.get("/account/password").status_code == 302


def test_a_short_new_password_is_refused_beside_its_field(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "lyhyt",
            "confirm": "lyhyt",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="new_password-error"' in html and "10" in html


def test_login_never_redirects_to_another_site(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login?next=//evil.example.com/x",
        data={"username": "kaisa", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert response.headers["Location"] == "/"


def test_the_session_cookie_is_secure_httponly_and_lax_by_default(tmp_path) -> None:
    from tests.web.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'cookies.db'}", SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"username": "kaisa", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.extensions["kotoplan.engine"].dispose()


def test_the_interface_switches_between_finnish_and_english(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "Kirjaudu sisään" in page
    client.post("/language", data={"lang": "en", "next": "/login", "csrf_token": csrf_token(page)})
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_dates_read_the_finnish_way_on_the_helsinki_clock(app: Flask) -> None:
    instant = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert finnish(instant) == "ti 1.12.2026 klo 10.00"
        assert week_label("2026-W49") == "vk 49"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert finnish(instant) == "Tue 1.12.2026 at 10.00"
        assert week_label("2026-W49") == "wk 49"


def test_healthz_answers_when_the_database_does(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
