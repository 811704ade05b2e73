"""`/healthz`: whether the app and its database are up, for monitors and load balancers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify

from web import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        with database.engine().connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="down", database="unreachable"), 503
    return jsonify(status="ok")
