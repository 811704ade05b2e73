"""The PostgreSQL schemas the tests start from: as migrating gives, put back, rolled back."""

from __future__ import annotations

import sqlalchemy as sa

from planner.store import db
from planner.store import models as m
from tests import postgres
from tests.conftest import MIGRATED
from tests.web.conftest import LOADED


def _shape(engine: sa.Engine) -> dict[str, object]:
    inspector = sa.inspect(engine)
    return {
        table: (
            [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            sorted(str(i["name"]) for i in inspector.get_indexes(table)),
            sorted(str(k["name"]) for k in inspector.get_foreign_keys(table)),
            sorted(str(u["name"]) for u in inspector.get_unique_constraints(table)),
        )
        for table in sorted(inspector.get_table_names())
    }


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.scalar(sa.text(f'SELECT count(*) FROM "{table}"')) or 0
            for table in sa.inspect(engine).get_table_names()
        }


def _log(session, actor: str) -> int:  # type: ignore[no-untyped-def]
    change = m.Change(actor=actor, action="create", kind="test", ref="x", detail={})
    session.add(change)
    session.flush()
    return change.id


def test_the_working_schema_is_what_migrating_gives() -> None:
    with postgres.empty_schema() as url:
        migrated = db.make_engine(url)
        db.upgrade(migrated)
        working = db.make_engine(MIGRATED.fresh())
        try:
            assert db.current_revision(working) == db.head_revision()
            assert _shape(working) == _shape(migrated)
        finally:
            migrated.dispose()
            working.dispose()


def test_a_reset_puts_back_every_row_and_where_each_id_sequence_stands() -> None:
    source = db.make_engine(postgres.schema_url(LOADED.source))
    working = db.make_engine(LOADED.fresh())
    try:
        with db.session_scope(source) as session:
            next_change = (session.scalar(sa.select(sa.func.max(m.Change.id))) or 0) + 1
        with db.session_scope(working) as session:
            for _ in range(3):
                _log(session, "a test")
            session.execute(sa.delete(m.User))
        working.dispose()
        working = db.make_engine(LOADED.fresh())
        assert _counts(working) == _counts(source)
        with db.session_scope(working) as session:
            assert _log(session, "the next test") == next_change
    finally:
        source.dispose()
        working.dispose()


def _actors(bind: sa.Engine | sa.Connection) -> list[str]:
    with db.session_scope(bind) as session:
        return list(session.scalars(sa.select(m.Change.actor)))


def test_a_joined_session_s_rollback_ends_only_its_savepoint_and_the_test_leaves_nothing() -> None:
    engine = db.make_engine(MIGRATED.shared)
    try:
        with postgres.joined(engine) as connection:
            with db.session_scope(connection) as session:
                _log(session, "kept")
            try:
                with db.session_scope(connection) as session:
                    _log(session, "undone")
                    raise LookupError("the block fails")
            except LookupError:
                pass
            assert _actors(connection) == ["kept"]
        assert _actors(engine) == []  # the outer transaction was rolled back
    finally:
        engine.dispose()
