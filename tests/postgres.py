"""PostgreSQL for the tests: schemas built once a run, then reset or rolled back per test.

Migrating a schema takes a few tenths of a second and loading the demo region more, which
the suite used to pay for every PostgreSQL test. A `Template` builds its schemas once a
run, and a test starts from one of them in one of two ways:

* `Template.fresh()`: a working schema whose rows are put back to the template's before
  the test (DELETE, INSERT ... SELECT, sequences set past the highest id; a few
  hundredths of a second). Commits are real, so threads, worker processes, a live server
  and the command line see them. Resetting rows beats copying the schema: its DDL costs
  more than migrating saves, TRUNCATE costs about a second on 32 tables, and
  `CREATE DATABASE ... TEMPLATE` is slow on a busy server and forces a checkpoint of
  the whole server at every DROP DATABASE.
* `joined(engine)` on `Template.shared`: a connection in a transaction rolled back at
  the end, for tests whose every read and write goes through their own sessions.

A test that changes the schema itself (the migrations' tests) takes `empty_schema()`.
"""

from __future__ import annotations

import atexit
import functools
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

SERVER_URL = os.environ.get(
    "KOTOPLAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PREFIX = "kotoplan_test_"
# A connection left in a transaction by a test would hold the reset up for ever.
LOCK_TIMEOUT = "10s"


def schema_url(schema: str) -> str:
    """The server's URL with `schema` as the search path."""
    return f"{SERVER_URL}?options=-csearch_path%3D{schema}"


def _run(*statements: str) -> None:
    engine = sa.create_engine(SERVER_URL, poolclass=sa.NullPool)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


def _create(word: str = "") -> str:
    schema = f"{PREFIX}{word}{uuid.uuid4().hex[:12]}"
    _run(f'CREATE SCHEMA "{schema}"')
    return schema


def _drop(schema: str) -> None:
    _run(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def empty_schema() -> Iterator[str]:
    """The URL of an empty schema of the test's own, dropped afterwards."""
    schema = _create()
    try:
        yield schema_url(schema)
    finally:
        _drop(schema)


def _built(build: Callable[[str], None], word: str) -> str:
    schema = _create(f"{word}_")
    atexit.register(_drop, schema)
    build(schema_url(schema))
    return schema


class Template:
    """What a test starts from, built once a run by `build` (which disposes of its engines);
    `word` names its schemas, `kotoplan_test_<word>_source_...` and so on."""

    def __init__(self, word: str, build: Callable[[str], None]) -> None:
        self.word = word
        self.build = build

    @functools.cached_property
    def source(self) -> str:
        """The template's own schema; no test writes to it."""
        return _built(self.build, f"{self.word}_source")

    @functools.cached_property
    def working(self) -> str:
        """The schema each `fresh()` test works in, built the same way (so the same columns
        in the same order, which `INSERT ... SELECT *` relies on)."""
        return _built(self.build, f"{self.word}_working")

    @functools.cached_property
    def url(self) -> str:
        """The URL of the working schema."""
        return schema_url(self.working)

    def is_working(self, url: str) -> bool:
        """Whether `url` is that of the working schema (never building it to find out)."""
        return "working" in self.__dict__ and url == self.url

    @functools.cached_property
    def shared(self) -> str:
        """The URL of a schema for tests whose every change is rolled back."""
        return schema_url(_built(self.build, f"{self.word}_shared"))

    @functools.cached_property
    def _layout(self) -> tuple[list[str], list[tuple[str, str, str]]]:
        # The working schema's tables in the order their foreign keys allow, and each
        # (sequence, table, column) of it.
        engine = sa.create_engine(self.url, poolclass=sa.NullPool)
        try:
            found = sa.inspect(engine).get_sorted_table_and_fkc_names(self.working)
            tables = [table for table, _ in found if table is not None]
            with engine.connect() as connection:
                sequences = connection.execute(
                    sa.text(
                        "SELECT seq, table_name, column_name FROM ("
                        " SELECT pg_get_serial_sequence(format('%I.%I', table_schema,"
                        " table_name), column_name) AS seq, table_name, column_name"
                        " FROM information_schema.columns WHERE table_schema = :schema"
                        ") AS found WHERE seq IS NOT NULL ORDER BY seq"
                    ),
                    {"schema": self.working},
                ).all()
        finally:
            engine.dispose()
        return tables, [(s, t, c) for s, t, c in sequences]

    def fresh(self) -> str:
        """The URL of the working schema, its rows and sequences put back to the template's."""
        tables, sequences = self._layout
        work, source = self.working, self.source
        _run(
            f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
            *(f'DELETE FROM "{work}"."{table}"' for table in reversed(tables)),
            *(f'INSERT INTO "{work}"."{t}" SELECT * FROM "{source}"."{t}"' for t in tables),
            *(
                f"SELECT setval('{sequence}'::regclass, COALESCE((SELECT max(\"{column}\")"
                f' FROM "{work}"."{table}"), 0) + 1, false)'
                for sequence, table, column in sequences
            ),
        )
        return self.url


@contextmanager
def joined(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that is rolled back at the end, whatever was committed.

    Sessions opened on it (`db.session_scope(connection)`) work in savepoints of that
    transaction (SQLAlchemy's "joining a session into an external transaction"), so their
    commits and rollbacks behave as the product expects and nothing outlives the test.
    """
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            outer.rollback()
