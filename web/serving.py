"""Serving the web front: the app of a database, the server, and its background threads.

Both `kotoplan serve` and `kotoplan demo` serve through here, so neither command module
needs the other.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import threading
from collections.abc import Callable

import click

from planner.commands.support import fail
from planner.store import db


def serve(database: str, host: str, port: int, threads: int = 8, no_worker: bool = False) -> None:
    """Serve the web front of a database with waitress until Ctrl+C or SIGTERM.

    A worker thread runs the planning jobs too (unless `no_worker`), each solve in a
    process of its own.
    """
    import waitress

    app = make_app(database, host, port)
    stop_worker = None if no_worker else start_worker(database)
    # A service manager stops with SIGTERM: end as on Ctrl+C, so a solve under way ends cleanly.
    signal.signal(signal.SIGTERM, _interrupt)
    click.echo(f"Kotoplan at {app.config['BASE_URL']}/ (Ctrl+C stops)")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="Kotoplan")
    finally:
        if stop_worker is not None:
            stop_worker()


def make_app(database: str, host: str, port: int):
    """The app for a database served at host:port, after checking the database is migrated."""
    from web import create_app

    with db.opened(database) as engine:
        db.require_current(engine)
    config: dict[str, object] = {"DATABASE_URL": database}
    if "KOTOPLAN_BASE_URL" not in os.environ:
        config["BASE_URL"] = f"http://{host}:{port}"
    if _loopback(host) and "KOTOPLAN_SESSION_COOKIE_SECURE" not in os.environ:
        # Plain http on this machine only: a Secure cookie would never be sent back.
        config["SESSION_COOKIE_SECURE"] = False
    return create_app(config)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def start_worker(database: str) -> Callable[[], None]:
    """Run planning jobs, and send notices, in background threads; returns what stops them."""
    from planner.runtime.worker import run_worker

    shutdown = threading.Event()
    thread = threading.Thread(
        target=run_worker, args=(database, shutdown), name="kotoplan-worker", daemon=True
    )
    thread.start()
    sender = start_sender(database, shutdown)

    def stop() -> None:
        # A solve under way ends as failed ("the worker was shut down"), not left running.
        shutdown.set()
        thread.join(timeout=10)
        if sender is not None:
            sender.join(timeout=10)

    return stop


def start_sender(database: str, shutdown: threading.Event) -> threading.Thread | None:
    """Send due change notices every half minute in a thread, if KOTOPLAN_SMTP_HOST is set."""
    from planner.runtime.mail import MailError, smtp_settings
    from planner.runtime.outbox import run_sender

    try:
        settings = smtp_settings(os.environ)
    except MailError as error:
        raise fail(str(error)) from None
    if settings is None:
        return None  # no mail server: the portals show the notices
    thread = threading.Thread(
        target=run_sender, args=(database, settings, shutdown), name="kotoplan-notices", daemon=True
    )
    thread.start()
    return thread
