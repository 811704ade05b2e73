"""Shared fixtures: databases of both kinds, copies of one migrated once a run."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner.store import db
from tests import postgres

DATA = Path(__file__).parent / "data"
# What sessions are opened on: an engine, or a test's connection in a rolled-back transaction.
Bind = sa.Engine | sa.Connection


def load_data(name: str) -> Any:
    """A JSON file of tests/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def tiny() -> dict[str, Any]:
    """The small complete scenario of the spec's examples."""
    return load_data("tiny-scenario.json")


def _postgres_schema_url() -> Iterator[str]:
    """The URL of an empty PostgreSQL schema of the test's own, dropped afterwards."""
    with postgres.empty_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, then the PostgreSQL server.

    For a test that also takes `engine`, the PostgreSQL one is already migrated: the
    run's working schema, reset to the migrated template (see `tests.postgres`).
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kotoplan.db'}"
    elif "engine" in request.fixturenames:
        yield MIGRATED.fresh()
    else:
        yield from _postgres_schema_url()


def _migrate(url: str) -> None:
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()


MIGRATED = postgres.Template("migrated", _migrate)


@functools.cache
def migrated_sqlite() -> Path:
    """An empty SQLite file migrated to the newest revision, once a test run."""
    folder = Path(tempfile.mkdtemp(prefix="kotoplan-migrated-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "migrated.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on an empty database migrated to the newest revision.

    It starts as a copy of one migrated once a run (a file on SQLite, the reset working
    schema on PostgreSQL): the migrations' own tests (`tests/store/test_migrations.py`)
    run them from nothing. Its commits are real, for tests of threads and processes.
    """
    fresh = f"sqlite:///{tmp_path / 'kotoplan.db'}"
    if database_url == fresh and not (tmp_path / "kotoplan.db").exists():
        shutil.copyfile(migrated_sqlite(), tmp_path / "kotoplan.db")
    elif not MIGRATED.is_working(database_url):
        _migrate(database_url)
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def bind(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Bind]:
    """What a test's sessions are opened on, in a database migrated to the newest revision.

    On SQLite an engine on a copied file; on PostgreSQL a connection to one migrated schema
    shared by the run, in a transaction rolled back at the end, so the test pays for no
    schema of its own. For tests whose sessions need no other connection to see them.
    """
    if request.param == "sqlite":
        shutil.copyfile(migrated_sqlite(), tmp_path / "kotoplan.db")
        engine = db.make_engine(f"sqlite:///{tmp_path / 'kotoplan.db'}")
        yield engine
    else:
        engine = db.make_engine(MIGRATED.shared)
        with postgres.joined(engine) as connection:
            yield connection
    engine.dispose()
