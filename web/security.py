"""Security headers on every response: what a browser may run, frame, sniff and tell others.

Scripts come from Kotoplan's own static files only (no inline script, no event handler
attributes). Style attributes stay allowed, and only they: the week grid places each block
with `style="top: ..%"` so that the review page works without JavaScript, and a style
attribute cannot run script. No page may be framed: publish, confirm and decline are one
click each (clickjacking).
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def init_app(app: Flask) -> None:
    """Add the headers to every response, feeds and errors included."""
    app.config.setdefault("HSTS_MAX_AGE", 365 * 24 * 3600)
    app.config.setdefault("HSTS_ALWAYS", False)

    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS)
        max_age = int(app.config["HSTS_MAX_AGE"])
        # Only over https: an http answer's HSTS is ignored, and one sent by mistake to a
        # plain-http installation would lock its users out for a year. Behind a proxy that
        # ends TLS, set HSTS_ALWAYS (or let the proxy send it).
        if max_age > 0 and (request.is_secure or app.config["HSTS_ALWAYS"]):
            headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
        return response
