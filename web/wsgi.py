"""The app for a WSGI server of several processes: `gunicorn -w 4 'web.wsgi:app'`.

Configuration comes from the environment alone (`KOTOPLAN_DATABASE_URL`,
`KOTOPLAN_SECRET_KEY`, `KOTOPLAN_BASE_URL`, ...; see `web.create_app`). Every process
builds its own app and engine, so nothing is shared across a fork; the database must be
migrated (`kotoplan db upgrade`) before the server starts.
"""

from __future__ import annotations

from planner.store import db
from web import create_app

app = create_app()

with db.opened(db.database_url(app.config["DATABASE_URL"])) as _engine:
    db.require_current(_engine)
