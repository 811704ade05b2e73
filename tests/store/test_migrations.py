"""Migrations create the schema from empty, match the models, and go back down."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from planner.store import db
from planner.store.models import Base


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    engine = db.make_engine(database_url)
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    tables = set(sa.inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    engine.dispose()


def test_migrations_match_the_models(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_up_again(engine: sa.Engine) -> None:
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert not set(Base.metadata.tables) & set(sa.inspect(engine).get_table_names())
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()


def test_an_unmigrated_database_is_refused_with_a_clear_message(database_url: str) -> None:
    engine = db.make_engine(database_url)
    with pytest.raises(db.StoreError, match="has no Kotoplan tables; run `kotoplan db upgrade`"):
        db.require_current(engine)
    engine.dispose()


def test_an_unreachable_server_is_a_store_error() -> None:
    engine = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    with pytest.raises(db.StoreError, match="cannot open the database"):
        db.current_revision(engine)


def test_sqlite_enforces_foreign_keys(engine: sa.Engine) -> None:
    from planner.store import models as m

    with pytest.raises(sa.exc.IntegrityError):
        with db.session_scope(engine) as session:
            session.add(m.TravelTime(from_area="nowhere", to_area="nowhere", minutes=5))
