"""Passwords that cannot be guessed, and usernames that cannot be mistaken for another."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from planner.store import db
from planner.store import models as m
from tests.web.conftest import PASSWORD, Auth, csrf_token
from web import accounts, database
from web.cli import main
from web.passwords import password_problem

WEAK = {
    "ten spaces": " " * 10,
    "one character repeated": "aaaaaaaaaa",
    "the username": "kaisakaisa",
    "containing the username": "Kaisa-2026!",
    "a top-common password": "1234567890",
    "a common password with digits": "password123",
    "a keyboard walk": "qwertyuiop",
    "the Finnish word for password": "salasana-123",
}


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_a_weak_password_is_refused(password: str) -> None:
    assert password_problem(password, "kaisa") is not None


@pytest.mark.parametrize("password", [PASSWORD, "iloinen-kettu-juoksee", "Kesä2026kesä"])
def test_a_password_hard_to_guess_is_taken(password: str) -> None:
    assert password_problem(password, "kaisa") is None


def _change(client: FlaskClient, new: str):
    page = client.get("/account/password").get_data(as_text=True)
    return client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new,
              "csrf_token": csrf_token(page)},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("password", "words"),
    [
        (" " * 10, "ei saa koostua pelkistä välilyönneistä"),
        ("aaaaaaaaaa", "ei saa olla yhtä ja samaa merkkiä toistettuna"),
        ("kaisa-on-paras", "ei saa sisältää käyttäjätunnusta"),
        ("password123", "on liian helppo arvata"),
    ],
    ids=["spaces", "repeated", "username", "common"],
)
def test_the_password_form_refuses_a_weak_password_beside_its_field(
    client: FlaskClient, password: str, words: str
) -> None:
    page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"username": "kaisa", "password": PASSWORD, "csrf_token": csrf_token(page)},
        headers={"Accept-Language": "fi"},
    )
    client.post("/language", data={"lang": "fi", "next": "/", "csrf_token": csrf_token(page)})
    response = _change(client, password)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = html.split('id="new_password-error"', 1)[1].split("</p>", 1)[0]
    assert words in error


def _create(client: FlaskClient, username: str, password: str = "iloinen-kettu-juoksee"):
    page = client.get("/accounts").get_data(as_text=True)
    return client.post(
        "/accounts",
        data={"username": username, "display_name": "", "role": "coordinator",
              "staff_id": "", "partner_id": "", "language": "fi", "password": password,
              "confirm": password, "csrf_token": csrf_token(page)},
    )  # fmt: skip


def test_the_accounts_page_creates_an_account_under_its_normal_name(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    response = _create(client, "Liisa.Laine")
    assert response.status_code == 302
    with app.app_context():
        names = database.session().scalars(sa.select(m.User.username)).all()
    assert "liisa.laine" in names
    assert "liisa.laine" in client.get("/accounts").get_data(as_text=True)


def test_the_accounts_page_refuses_a_weak_password_beside_its_field(
    client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    response = _create(client, "liisa", password="liisa12345")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "must not contain the username" in html.split('id="password-error"', 1)[1]


LOOK_ALIKES = {
    "capitals": "Kaisa",
    "full-width": "ｋａｉｓａ",
    "zero-width space": "ka\u200bisa",
    "Cyrillic a": "k\u0430isa",
    "digit one for l": "hanna1",  # beside `hannal` below
}


@pytest.mark.parametrize("username", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_username_is_refused(app: Flask, username: str) -> None:
    with app.app_context():
        session = database.session()
        accounts.create_user(session, "hannal", "iloinen-kettu-juoksee", "coordinator")
        with pytest.raises(accounts.AccountError) as refused:
            accounts.create_user(session, username, "iloinen-kettu-juoksee", "coordinator")
        assert refused.value.field == "username"


def test_the_accounts_page_names_a_look_alike_beside_the_username(
    client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    response = _create(client, "k\u0430isa")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "looks too much like an existing username" in html.split('id="username-error"')[1]


def test_login_takes_any_spelling_of_the_name(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={"username": " ＫＡＩＳＡ ", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302


def _user_add(url: str, username: str, password: str):
    return CliRunner().invoke(
        main,
        ["--database", url, "user", "add", username, "--role", "coordinator", "--password-stdin"],
        input=password + "\n",
    )


def test_kotoplan_user_add_refuses_weak_passwords_and_look_alikes(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with db.opened(url) as engine:
        db.upgrade(engine)
    created = _user_add(url, "Coord", "iloinen-kettu-juoksee")
    assert created.exit_code == 0 and "created coordinator account coord" in created.output
    for weak in (" " * 10, "aaaaaaaaaa", "coordcoord", "1234567890"):
        result = _user_add(url, "toinen", weak)
        assert result.exit_code == 1 and "password: " in result.output, weak
    for look_alike in ("coord", "ｃｏｏｒｄ", "c\u200boord", "c\u043eord"):
        result = _user_add(url, look_alike, "iloinen-kettu-juoksee")
        assert result.exit_code == 1 and "username: " in result.output, look_alike
    with db.opened(url) as engine, engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(m.User)) == 1


def test_the_migration_normalises_old_usernames_and_keeps_every_account(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    users = sa.table(
        "users", *(sa.column(c) for c in ("username", "display_name", "password_hash", "role",
                                         "language", "active", "session_token", "created_at"))
    )  # fmt: skip
    with db.opened(url) as engine:
        db.upgrade(engine, "0005")
        with engine.begin() as connection:
            for name in ("Kaisa", "kaisa2", "KAISA2"):
                connection.execute(
                    users.insert().values(
                        username=name, display_name=name, password_hash="x", role="staff",
                        language="fi", active=True, session_token="t", created_at=sa.func.now(),
                    )
                )  # fmt: skip
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            names = session.scalars(sa.select(m.User.username).order_by(m.User.id)).all()
            assert names == ["kaisa", "kaisa2", "KAISA2"]  # the clash keeps its old spelling
            assert accounts.find_user(session, "KAISA").username == "kaisa"
            assert accounts.find_user(session, "KAISA2").username == "KAISA2"
