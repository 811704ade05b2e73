"""Errors as the client expects them: JSON for the API and feeds, a page for people.

No request ends in a traceback: anything unexpected is logged here and answered as a
plain 500 page.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

JSON_PREFIXES = ("/api/", "/feeds/", "/healthz")


def wants_json() -> bool:
    """Whether this request is answered in JSON rather than HTML."""
    return request.path.startswith(JSON_PREFIXES) or (
        request.accept_mimetypes.best == "application/json"
    )


def init_app(app: Flask) -> None:
    """Answer every HTTP error in the client's format."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return answer(error.code or 500, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.endpoint)
        return answer(500, InternalServerError.description)


def answer(code: int, message: str, **fields: object):
    """An error response: `{"error": ..., ...}` or the error page."""
    if wants_json():
        return jsonify(error=message, **fields), code
    return render_template("error.html", code=code, message=message), code
