"""The web app on a database holding the demo region and one account of each role."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from planner.demo import demo_document
from planner.store import db
from planner.store.master import import_scenario
from tests import postgres
from web import create_app
from web.accounts import create_user

WEEK = "2026-W49"
TODAY = dt.date(2026, 11, 27)
PASSWORD = "sininen-kettu-42"
CHEAP_HASH = "pbkdf2:sha256:1000"
# The accounts read English, so that tests can name what a page says in the words of the
# templates; the Finnish default is tested on its own (test_auth, test_translations).
USERS = {
    "coordinator": ("kaisa", {"display_name": "Kaisa Koordinaattori", "language": "en"}),
    "staff": ("hanna", {"staff_id": "s-hanna", "language": "en"}),
    "partner": ("seurakunta", {"partner_id": "par-kemi-srk", "language": "en"}),
}


def load_database(url: str) -> None:
    """Migrate a database and fill it with the demo region and the USERS."""
    engine = db.make_engine(url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        import_scenario(session, demo_document(WEEK), "test", today=TODAY)
        for role, (username, extra) in USERS.items():
            user = create_user(session, username, PASSWORD, role, **extra)  # type: ignore[arg-type]
            # A cheap hash of the same password: the product's scrypt takes a tenth of a
            # second a login, and the suite logs in a thousand times. The check reads the
            # method from the hash, so the login path is the product's own.
            user.password_hash = generate_password_hash(PASSWORD, method=CHEAP_HASH)
    engine.dispose()


@functools.cache
def template_database() -> Path:
    """A SQLite file migrated and loaded once a test run, copied for each app on SQLite."""
    folder = Path(tempfile.mkdtemp(prefix="kotoplan-web-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.db"
    load_database(f"sqlite:///{path}")
    return path


# The PostgreSQL twin of template_database: a schema loaded once a run, whose working
# copy is put back to it for each test (see `tests.postgres`).
LOADED = postgres.Template("web", load_database)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a web test's app keeps its data: a new SQLite file, or the loaded PostgreSQL
    working schema, reset for the test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kotoplan.db'}"
    return LOADED.fresh()


def make_app(url: str, **config: object) -> Flask:
    """An app on a migrated database with the demo region and the USERS.

    A new SQLite file is a copy of the run's template, and PostgreSQL's working schema
    has been reset to it (`LOADED.fresh()`); any other database is loaded.
    """
    target = sa.engine.make_url(url)
    on_file = target.get_backend_name() == "sqlite" and target.database not in (None, "")
    if on_file and target.database != ":memory:" and not Path(target.database).exists():
        shutil.copyfile(template_database(), target.database)
    elif not LOADED.is_working(url):
        load_database(url)
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "SESSION_COOKIE_SECURE": False,
            "BASE_URL": "https://kotoplan.example.org",
            "FEED_DOMAIN": "kotoplan.example.org",
            **config,
        }
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    application = make_app(f"sqlite:///{tmp_path / 'web.db'}")
    yield application
    application.extensions["kotoplan.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


class Auth:
    """Logging in and out as one of the USERS, through the real login form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, role: str = "coordinator", password: str = PASSWORD):
        username = USERS[role][0]
        page = self.client.get("/login").get_data(as_text=True)
        return self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf_token(page)},
        )

    def logout(self):
        page = self.client.get("/account/password").get_data(as_text=True)
        return self.client.post("/logout", data={"csrf_token": csrf_token(page)})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture(scope="session")
def demo_plan_document() -> dict:
    """The demo week planned once for the whole test run."""
    return plan_demo_week()


def plan_demo_week() -> dict:
    """The demo week planned by the solver, as a plan document."""
    from planner.formats.plan import dump_plan
    from planner.formats.scenario import load_scenario
    from planner.solver import SolveOptions, solve

    scenario = load_scenario(demo_document(WEEK), today=TODAY)
    # The pages need a whole plan, not a good one: the constructive plan places the whole
    # week in a fraction of a second, and one worker with a fixed seed gives it every run.
    plan = solve(scenario, SolveOptions(time_limit=2, workers=1, deterministic=True))
    assert plan.sessions and plan.visits and not plan.unplaced
    return dump_plan(plan)


def publish_plan(app: Flask, document: dict) -> int:
    """Store a plan as a draft and publish it; its version number."""
    from planner.store.plans import publish, save_draft
    from web import database

    with app.app_context():
        session = database.session()
        version = save_draft(session, document, "test")
        publish(session, version.week, version.version, "test")
        session.commit()
        return version.version


class LiveServer:
    """The app on a real HTTP server on a free local port, in a thread.

    werkzeug's threaded server, because it stops cleanly between tests; its request log
    passes through the app's token filter, which the feed tests rely on.
    """

    def __init__(self, app: Flask) -> None:
        import threading

        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def request(self, method: str, path: str, headers: dict[str, str] | None = None):
        """(status, headers, body) of one request on a fresh connection."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def live(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    yield server
    server.close()
