"""A `limits` storage in the app's own database, so every server process counts together.

`limits` (the engine of Flask-Limiter) ships storages for memory, Redis, Memcached and
MongoDB; a memory count is per process, and Kotoplan must not need Redis. This one keeps
its fixed-window counters in the `throttle_counters` table, one atomic upsert per hit on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite

from planner.store import models as m

_TABLE = m.ThrottleCounter.__table__
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
SWEEP_CHANCE = 0.02


class SqlStorage(Storage):
    """Fixed-window counters in the `throttle_counters` table."""

    STORAGE_SCHEME = None  # made with an engine, never from a URI string

    def __init__(self, engine: sa.Engine, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.engine = engine
        self.clock = clock
        self._insert = _INSERTS[engine.dialect.name]

    @property
    def base_exceptions(self) -> type[Exception]:
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` more in the key's window, opening a new window if it has run out."""
        now = self.clock()
        live = _TABLE.c.expires_at > now
        upsert = self._insert(_TABLE).values(key=key, hits=amount, expires_at=now + expiry)
        upsert = upsert.on_conflict_do_update(
            index_elements=[_TABLE.c.key],
            set_={
                "hits": sa.case((live, _TABLE.c.hits + amount), else_=amount),
                "expires_at": sa.case((live, _TABLE.c.expires_at), else_=now + expiry),
            },
        ).returning(_TABLE.c.hits)
        with self.engine.begin() as connection:
            hits = connection.execute(upsert).scalar_one()
        if random.random() < SWEEP_CHANCE:
            # Windows that ran out are of no use. Now and then, in a transaction of its own so
            # that two sweeps never hold each other's rows inside a counting transaction.
            with self.engine.begin() as connection:
                connection.execute(sa.delete(_TABLE).where(_TABLE.c.expires_at <= now - 60))
        return hits

    def get(self, key: str) -> int:
        """The count in the key's window now."""
        row = self._row(key)
        return row.hits if row is not None else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now, if it has none)."""
        row = self._row(key)
        return row.expires_at if row is not None else self.clock()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.select(1))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        with self.engine.begin() as connection:
            return connection.execute(sa.delete(_TABLE)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with self.engine.begin() as connection:
            connection.execute(sa.delete(_TABLE).where(_TABLE.c.key == key))

    def _row(self, key: str) -> sa.Row | None:
        query = sa.select(_TABLE.c.hits, _TABLE.c.expires_at).where(
            _TABLE.c.key == key, _TABLE.c.expires_at > self.clock()
        )
        with self.engine.connect() as connection:
            return connection.execute(query).first()
