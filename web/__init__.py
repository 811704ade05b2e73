"""The Flask application: the only place where HTTP lives.

`create_app` builds an app from safe defaults, then `KOTOPLAN_*` environment variables
(`KOTOPLAN_DATABASE_URL`, `KOTOPLAN_SECRET_KEY`, `KOTOPLAN_BASE_URL`, ...), then the
`test_config` a test passes in.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from calendars.event import DEFAULT_BASE_URL, DEFAULT_DOMAIN
from web import database, errors, i18n, inputs, memo, navigation, security, throttle
from web.extensions import csrf, login_manager

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: DATABASE_URL from the environment, else sqlite:///kotoplan.db
    "BASE_URL": DEFAULT_BASE_URL,  # where users reach the app; links in feeds use it
    "FEED_DOMAIN": DEFAULT_DOMAIN,  # the right-hand side of every calendar UID
    "FEED_INCLUDE_VISIT_ADDRESS": False,  # the organisation may add addresses to staff feeds
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=10),
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the login session
    "BABEL_DEFAULT_LOCALE": "fi",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
    "SOLVE_TIME_LIMIT": 30.0,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "HSTS_MAX_AGE": 365 * 24 * 3600,  # sent on https requests; 0 sends none
    "HSTS_ALWAYS": False,  # also on http: behind a proxy that ends TLS without X-Forwarded-*
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Kotoplan web application."""
    app = Flask(__name__, instance_relative_config=True)
    # The templates kept in a plain dict, never dropped: there are a few dozen, and Jinja's
    # default least-recently-used cache takes a lock and reorders a list on every lookup,
    # which threads serving pages queued on (each include and card looks one up).
    app.jinja_options = {**app.jinja_options, "cache_size": -1}
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("KOTOPLAN")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    inputs.init_app(app)  # converters first: the blueprints' rules are bound with them
    database.init_app(app)
    throttle.init_app(app)
    memo.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    navigation.init_app(app)
    app.jinja_env.globals["has_page"] = lambda endpoint: endpoint in app.view_functions

    from web import (
        answer,
        api,
        attendance,
        auth,
        coordinator,
        feeds,
        health,
        masterdata,
        partner,
        records,
        reports,
        staff,
        subscribe,
        visits,
    )

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(visits.bp)
    app.register_blueprint(coordinator.bp)
    app.register_blueprint(masterdata.bp)
    app.register_blueprint(records.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(partner.bp)
    app.register_blueprint(answer.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(subscribe.bp)
    app.register_blueprint(attendance.bp)
    app.register_blueprint(reports.bp)
    feeds.init_app(app)
    return app


def _instance_secret(folder: Path) -> str:
    """A secret key kept in the instance folder, made once, so logins survive a restart.

    Several server processes may start at once: the key is written whole to a file of its
    own and then linked into place, so each of them reads the one key that won.
    """
    path = folder / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / f"secret_key.{os.getpid()}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(secrets.token_hex(32))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process's key is in place: that one counts
    finally:
        draft.unlink()
    return path.read_text(encoding="utf-8").strip()
