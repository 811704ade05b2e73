"""Throttling of password tries: per account and address, shared, in the database or Redis."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import PASSWORD, USERS, Auth, csrf_token, make_app
from web import create_app
from web.cli import main

WRONG = "ei-oikea-salasana-9"
WINDOW = 15 * 60


class Clock:
    """A clock the test moves by hand, so a window runs out without sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def login(client: FlaskClient, username: str, password: str):
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page)},
    )


def wrong_tries(client: FlaskClient, username: str, count: int) -> list[int]:
    """The status of each of `count` logins with a wrong password, on one form's token."""
    page = client.get("/login").get_data(as_text=True)
    token = csrf_token(page)
    return [
        client.post(
            "/login", data={"username": username, "password": WRONG, "csrf_token": token}
        ).status_code
        for _ in range(count)
    ]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed_app(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    application = make_app(f"sqlite:///{tmp_path / 'web.db'}", THROTTLE_CLOCK=clock)
    yield application
    application.extensions["kotoplan.engine"].dispose()


def test_a_hundred_wrong_passwords_then_the_right_one_is_refused_until_the_window_ends(
    timed_app: Flask, clock: Clock
) -> None:
    client = timed_app.test_client()
    statuses = wrong_tries(client, "kaisa", 100)
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    refused = login(client, "kaisa", PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= WINDOW
    assert "Liian monta väärää salasanaa" in refused.get_data(as_text=True)
    clock.now += WINDOW + 1
    assert login(client, "kaisa", PASSWORD).status_code == 302


def test_the_lock_holds_for_every_spelling_of_the_name(timed_app: Flask) -> None:
    client = timed_app.test_client()
    wrong_tries(client, "kaisa", 10)
    assert login(client, "KAISA", PASSWORD).status_code == 429
    assert login(client, "ｋａｉｓａ", PASSWORD).status_code == 429


def test_a_successful_login_resets_the_accounts_count(timed_app: Flask) -> None:
    client = timed_app.test_client()
    wrong_tries(client, "hanna", 9)
    assert login(client, "hanna", PASSWORD).status_code == 302
    fresh = timed_app.test_client()
    assert wrong_tries(fresh, "hanna", 9) == [401] * 9  # nine more, not one


def test_one_address_cannot_guess_across_many_accounts(timed_app: Flask) -> None:
    client = timed_app.test_client()
    for number in range(5):
        wrong_tries(client, f"nobody{number}", 10)
    # 50 failures from this address: even a right password of another account waits.
    assert login(client, "hanna", PASSWORD).status_code == 429
    other = timed_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert login(other, "hanna", PASSWORD).status_code == 302


def test_the_coordinator_unlocks_an_account_on_the_accounts_page(timed_app: Flask) -> None:
    locked = timed_app.test_client()
    locked.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    wrong_tries(locked, "hanna", 12)
    assert login(locked, "hanna", PASSWORD).status_code == 429
    coordinator = timed_app.test_client()
    Auth(coordinator).login("coordinator")
    page = coordinator.get("/accounts").get_data(as_text=True)
    assert "locked by wrong passwords" in page
    from planner.store import models as m
    from web import database

    with timed_app.app_context():
        hanna = database.session().query(m.User).filter_by(username="hanna").one().id
    response = coordinator.post(f"/accounts/{hanna}/unlock", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "locked by wrong passwords" not in coordinator.get("/accounts").get_data(as_text=True)
    assert login(locked, "hanna", PASSWORD).status_code == 302


def test_only_the_coordinator_may_unlock(timed_app: Flask) -> None:
    staff = timed_app.test_client()
    Auth(staff).login("staff")
    assert staff.get("/accounts").status_code == 403


def test_kotoplan_user_unlock_lets_the_account_in_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    app = make_app(url)
    client = app.test_client()
    wrong_tries(client, "seurakunta", 10)
    assert login(client, "seurakunta", PASSWORD).status_code == 429
    result = CliRunner().invoke(main, ["--database", url, "user", "unlock", "Seurakunta"])
    assert result.exit_code == 0, result.output
    assert "unlocked account seurakunta" in result.output
    assert login(client, "seurakunta", PASSWORD).status_code == 302
    missing = CliRunner().invoke(main, ["--database", url, "user", "unlock", "nobody"])
    assert missing.exit_code == 1 and 'no account "nobody"' in missing.output
    app.extensions["kotoplan.engine"].dispose()


def test_the_count_is_shared_by_two_app_instances_on_one_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    first = make_app(url)
    second = create_app(dict(first.config))  # its own engine, as another server process has
    assert second.extensions["kotoplan.engine"] is not first.extensions["kotoplan.engine"]
    assert wrong_tries(first.test_client(), "kaisa", 10) == [401] * 10
    assert login(second.test_client(), "kaisa", PASSWORD).status_code == 429
    for app in (first, second):
        app.extensions["kotoplan.engine"].dispose()


def test_the_password_change_form_is_throttled_too(timed_app: Flask) -> None:
    client = timed_app.test_client()
    Auth(client).login("coordinator")
    page = client.get("/account/password").get_data(as_text=True)
    token = csrf_token(page)
    new = "uusi-salasana-456"

    def change(current: str):
        return client.post(
            "/account/password",
            data={"current_password": current, "new_password": new, "confirm": new,
                  "csrf_token": token},
        )  # fmt: skip

    assert [change(WRONG).status_code for _ in range(10)] == [400] * 10
    refused = change(PASSWORD)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    # The same count guards the login: the guesser gains nothing by switching forms.
    assert login(timed_app.test_client(), "kaisa", PASSWORD).status_code == 429


def test_the_log_tells_of_failed_and_refused_tries_without_the_password(
    timed_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = timed_app.test_client()
    with caplog.at_level(logging.WARNING, logger="web.auth"):
        wrong_tries(client, "kaisa", 11)
        login(client, "kaisa", PASSWORD)
    lines = [record.getMessage() for record in caplog.records if record.name == "web.auth"]
    assert any("wrong password" in line for line in lines)
    assert any("too many failed password tries" in line for line in lines)
    assert not any(WRONG in line or PASSWORD in line for line in lines)


def test_the_refusal_reads_english_for_an_english_browser(timed_app: Flask) -> None:
    client = timed_app.test_client()
    wrong_tries(client, "kaisa", 10)
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        headers={"Accept-Language": "en"},
        data={"username": "kaisa", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.get_data(as_text=True)


def _redis_or_skip(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):  # .ci/run starts Redis: on CI a missing server is a failure
            pytest.fail(f"no Redis server at {url}")
        pytest.skip(f"no Redis server at {url}")


def test_redis_storage_is_shared_and_can_be_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis_url = "redis://127.0.0.1:6379/0"
    _redis_or_skip(redis_url)
    prefix = f"kotoplan-test-{uuid.uuid4().hex[:8]}"
    config = {"REDIS_URL": redis_url, "REDIS_PREFIX": prefix}
    url = f"sqlite:///{tmp_path / 'web.db'}"
    first = make_app(url, **config)
    # Another database, so that only Redis can carry the count from one app to the other.
    second = make_app(f"sqlite:///{tmp_path / 'other.db'}", **config)
    try:
        assert wrong_tries(first.test_client(), "hanna", 10) == [401] * 10
        refused = login(second.test_client(), "hanna", PASSWORD)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        from planner.store import models as m
        from web import database

        with first.app_context():  # nothing of the count went into the database
            assert database.session().query(m.ThrottleCounter).count() == 0
        monkeypatch.setenv("KOTOPLAN_REDIS_URL", redis_url)
        monkeypatch.setenv("KOTOPLAN_REDIS_PREFIX", prefix)
        result = CliRunner().invoke(main, ["--database", url, "user", "unlock", "hanna"])
        assert result.exit_code == 0, result.output
        assert login(second.test_client(), "hanna", PASSWORD).status_code == 302
    finally:
        first.extensions["kotoplan.throttle"].storage.reset()
        for app in (first, second):
            app.extensions["kotoplan.engine"].dispose()


def test_with_redis_down_the_database_counts_and_no_login_is_a_500(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 1: every Redis call fails to connect.
    app = make_app(f"sqlite:///{tmp_path / 'web.db'}", REDIS_URL="redis://127.0.0.1:1/0")
    try:
        client = app.test_client()
        with caplog.at_level(logging.WARNING, logger="web.throttle"):
            assert wrong_tries(client, "hanna", 11) == [401] * 10 + [429]
        assert login(client, "hanna", PASSWORD).status_code == 429  # still throttled
        assert "Redis unreachable" in caplog.text
        from planner.store import models as m
        from web import database

        with app.app_context():
            assert database.session().query(m.ThrottleCounter).count() >= 1
    finally:
        app.extensions["kotoplan.engine"].dispose()


def test_every_role_of_the_fixture_is_throttled_alike(timed_app: Flask) -> None:
    for role, (username, _extra) in USERS.items():
        client = timed_app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{len(role)}"
        assert wrong_tries(client, username, 11)[-1] == 429, role


def test_the_database_storage_counts_atomically_on_both_databases(engine) -> None:
    from web.throttle_store import SqlStorage

    clock = Clock()
    storage = SqlStorage(engine, clock)
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3 and storage.get_expiry("k") == clock.now + 60
    clock.now += 61  # the window has run out: a new one starts at one
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1 and storage.get_expiry("k") == clock.now + 60
    storage.clear("k")
    assert storage.get("k") == 0 and storage.check()


def test_hits_from_many_threads_at_once_are_all_counted(engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from web import throttle_store

    storage = throttle_store.SqlStorage(engine)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: storage.incr("many", 600), range(100)))
    assert storage.get("many") == 100


def test_windows_that_ran_out_are_swept_away(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.store import models as m
    from web import throttle_store

    monkeypatch.setattr(throttle_store, "SWEEP_CHANCE", 1.0)
    clock = Clock()
    storage = throttle_store.SqlStorage(engine, clock)
    storage.incr("old", 60)
    clock.now += 600
    storage.incr("new", 60)
    with engine.connect() as connection:
        keys = connection.scalars(sa.select(m.ThrottleCounter.key)).all()
    assert keys == ["new"]
