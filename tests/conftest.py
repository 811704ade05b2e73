"""Shared fixtures: databases of both kinds, migrated for each test (SQLite: copied)."""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner.store import db

DATA = Path(__file__).parent / "data"
POSTGRES_URL = os.environ.get(
    "KOTOPLAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def load_data(name: str) -> Any:
    """A JSON file of tests/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def tiny() -> dict[str, Any]:
    """The small complete scenario of the spec's examples."""
    return load_data("tiny-scenario.json")


def _postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search path is a fresh schema, dropped afterwards.

    Each test gets an empty database of its own on the real server without needing the
    right to create databases, and leaves nothing behind.
    """
    schema = f"kotoplan_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, then the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kotoplan.db'}"
    else:
        yield from _postgres_schema_url()


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

    On SQLite the file is a copy of one migrated once a run: the migrations' own tests
    (`tests/store/test_migrations.py`) run them from nothing.
    """
    fresh = f"sqlite:///{tmp_path / 'kotoplan.db'}"
    if database_url == fresh and not (tmp_path / "kotoplan.db").exists():
        shutil.copyfile(migrated_sqlite(), tmp_path / "kotoplan.db")
        engine = db.make_engine(database_url)
    else:
        engine = db.make_engine(database_url)
        db.upgrade(engine)
    yield engine
    engine.dispose()
