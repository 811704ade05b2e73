"""One database session per request, opened on first use and closed when the request ends.

Views commit what they change themselves; anything not committed is rolled back.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from planner.store import db as store
from web import memo

ENGINE = "kotoplan.engine"
SESSIONS = "kotoplan.sessions"


def init_app(app: Flask) -> None:
    """Give the app its engine and close each request's session after it."""
    app.extensions[ENGINE] = store.make_engine(app.config["DATABASE_URL"])
    app.extensions[SESSIONS] = sessionmaker(app.extensions[ENGINE], expire_on_commit=False)
    memo.watch_writes(app.extensions[SESSIONS])
    app.teardown_appcontext(_close)


def engine() -> sa.Engine:
    """The app's engine."""
    return current_app.extensions[ENGINE]


def session() -> Session:
    """This request's database session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[SESSIONS]()
    return g.db_session


def _close(_error: BaseException | None) -> None:
    opened: Session | None = g.pop("db_session", None)
    if opened is not None:
        opened.rollback()
        opened.close()
