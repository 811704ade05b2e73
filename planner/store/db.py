"""Engines, sessions and migrations: the database as the shell opens it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///kotoplan.db"
MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(RuntimeError):
    """The database cannot be used as asked (not reachable, not migrated, ...)."""


class StaleRecord(StoreError):
    """A record has been saved by someone else since the form being saved was filled in."""

    def __init__(self, kind: str, ref: str | None, expected: int | None, current: int | None):
        self.kind, self.ref, self.expected, self.current = kind, ref, expected, current
        if ref is None:
            text = f"a record of {kind} was saved by someone else during this import"
        elif current is None:
            text = f"{kind} {ref} has been removed since version {expected} was read"
        else:
            text = f"{kind} {ref} is at version {current}, not {expected}: saved meanwhile"
        super().__init__(text)


def database_url(url: str | None = None) -> str:
    """The URL given, else `DATABASE_URL`, else a SQLite file in the working folder."""
    return url or os.environ.get("DATABASE_URL") or DEFAULT_URL


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # SQLite enforces foreign keys only when asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine for the database URL (see `database_url`)."""
    url = database_url(url)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as error:
        raise StoreError(f"cannot use database URL {_safe(url)}: {error}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


@contextmanager
def opened(url: str | None = None) -> Iterator[sa.Engine]:
    """An engine for the length of a command; its connections are closed afterwards."""
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _safe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return repr(url)


@contextmanager
def session_scope(engine: sa.Engine | sa.Connection) -> Iterator[Session]:
    """A session that commits at the end of the block, or rolls back on any error.

    On a connection already in a transaction (a test's, rolled back at its end) the
    session works in a savepoint of it: its commit and rollback end only the savepoint.
    """
    session = sessionmaker(
        engine, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(connection: sa.Connection) -> Config:
    """Alembic's configuration for our migrations, bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Create or migrate the database to `revision`."""
    with _connect(engine) as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Migrate the database back to `revision` ("base" empties it)."""
    with _connect(engine) as connection:
        command.downgrade(alembic_config(connection), revision)
        connection.commit()


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, None when it was never migrated."""
    with _connect(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision of the migrations shipped with this code."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def require_current(engine: sa.Engine) -> None:
    """Refuse to work on a database that is not migrated to this code's schema."""
    current = current_revision(engine)
    if current != head_revision():
        state = "has no Kotoplan tables" if current is None else f"is at revision {current}"
        raise StoreError(
            f"the database {_safe(str(engine.url))} {state}; run `kotoplan db upgrade` first"
        )


@contextmanager
def _connect(engine: sa.Engine) -> Iterator[sa.Connection]:
    try:
        connection = engine.connect()
    except sa.exc.OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreError(f"cannot open the database {_safe(str(engine.url))}: {reason}") from None
    with connection:
        yield connection
