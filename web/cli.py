"""The `kotoplan` console command, assembled here and only here.

The planner exports its commands (`planner.commands.COMMANDS`), the feeds theirs
(`calendars.cli`); this module adds the accounts, publishing, the server, the worker,
the notices and the demo, and puts them all in one group.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

import click

from calendars.cli import CANNOT_KNOW, SECRET_VARIABLE, Instant, feed_options
from calendars.cli import feeds_command as files_feeds_command
from calendars.event import BASE_URL_VARIABLE, DEFAULT_BASE_URL
from planner import commands as planner_cli
from planner.commands.support import ISO_WEEK, actor, fail, reports_errors
from planner.store import db
from web import accounts, feedlinks, serving
from web.demo import demo_command
from web.feedwriter import feed_config, write_database_feeds
from web.serving import start_sender


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    envvar="DATABASE_URL",
    default=db.DEFAULT_URL,
    show_default=True,
    help="SQLAlchemy URL; also read from DATABASE_URL "
    "(PostgreSQL: postgresql+psycopg://user@host:5432/name).",
)
@click.pass_context
def main(ctx: click.Context, database: str) -> None:
    """Kotoplan plans a week of group sessions, childcare shifts and home visits."""
    ctx.obj = {"database": database}


@main.group("user")
def user_group() -> None:
    """Accounts of the web front."""


@user_group.command("add")
@click.argument("username")
@click.option(
    "--role", type=click.Choice(accounts.ROLES), required=True, help="What the user may do."
)
@click.option("--name", "display_name", default=None, help="Name shown in the web front.")
@click.option("--staff", "staff_id", default=None, help="Staff id (role staff).")
@click.option("--partner", "partner_id", default=None, help="Partner id (role partner).")
@click.option("--language", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input, not a prompt."
)
@click.pass_obj
@reports_errors
def user_add(
    obj: dict[str, str],
    username: str,
    role: str,
    display_name: str | None,
    staff_id: str | None,
    partner_id: str | None,
    language: str,
    password_stdin: bool,
) -> None:
    """Create an account; the password is asked for and never shown."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        try:
            user = accounts.create_user(
                session, username, password, role, display_name, staff_id, partner_id, language
            )
        except accounts.AccountError as error:
            raise fail(str(error)) from None
        username = user.username
    click.echo(f"created {role} account {username}")


@user_group.command("unlock")
@click.argument("username")
@click.pass_obj
@reports_errors
def user_unlock(obj: dict[str, str], username: str) -> None:
    """Let an account locked by wrong passwords try again now (its own count only)."""
    from web import throttle

    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
        with db.session_scope(engine) as session:
            user = accounts.find_user(session, username)
            if user is None:
                raise fail(f'no account "{username}"')
            username = user.username
        redis = os.environ.get("KOTOPLAN_REDIS_URL") or None
        prefix = os.environ.get("KOTOPLAN_REDIS_PREFIX") or throttle.DEFAULTS["REDIS_PREFIX"]
        throttle.make_throttle(engine, redis, redis_prefix=prefix).unlock(username)
    click.echo(f"unlocked account {username}")


@main.command("feed-link")
@click.argument("kind", type=click.Choice(sorted(feedlinks.READER_KINDS)))
@click.argument("reader_id", required=False)
@click.option("--replace", is_flag=True, help="A new link; the old one then answers 410 Gone.")
@click.option(
    "--base-url",
    envvar=BASE_URL_VARIABLE,
    default=None,
    help=f"Where the server is reached, e.g. https://kotoplan.example.fi; default "
    f"{BASE_URL_VARIABLE}, else {DEFAULT_BASE_URL}.",
)
@click.pass_obj
@reports_errors
def feed_link_command(
    obj: dict[str, str], kind: str, reader_id: str | None, replace: bool, base_url: str | None
) -> None:
    """Print the calendar feed URL of a staff member, interpreter, carer, partner, venue,
    group or the coordinator (no id), made on first use. The URL is a secret: share it only
    with them."""
    from web import create_app, database
    from web.feeds import feed_key, feed_url

    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
    if not base_url:
        click.echo(
            f"Warning: {BASE_URL_VARIABLE} is not set: the address assumes the server at "
            f"{DEFAULT_BASE_URL}; give --base-url where it is reached.",
            err=True,
        )
    app = create_app({"DATABASE_URL": obj["database"], **feed_config(base_url, None)})
    with app.app_context():
        session = database.session()
        make = feedlinks.issue if replace else feedlinks.link
        try:
            token = make(session, kind, reader_id, feed_key())
        except feedlinks.LinkError as error:
            raise fail(str(error)) from None
        session.commit()
        click.echo(feed_url(token))
    app.extensions["kotoplan.engine"].dispose()


@main.command("feeds", epilog=f"With SCENARIO and PLAN (files mode): {CANNOT_KNOW}")
@click.argument("files", nargs=-1, metavar="[SCENARIO PLAN]", type=click.Path(dir_okay=False))
@feed_options
@click.option(
    "--secret",
    envvar=SECRET_VARIABLE,
    default=None,
    help=f"Files mode: keys the participant codes; also read from {SECRET_VARIABLE}. "
    "On the database, the server's own key.",
)
@click.option(
    "--published-at",
    type=Instant(),
    default=None,
    help="Files mode: when the plan was published; default: the plan file's time.",
)
@click.option(
    "--now",
    type=Instant(),
    default=None,
    help="On the database: the feeds as the server serves them at this moment; default now.",
)
@click.pass_context
@reports_errors
def feeds_command(
    ctx: click.Context,
    files: tuple[str, ...],
    secret: str | None,
    published_at: object,
    now: object,
    **options: object,
) -> None:
    """Write every reader's calendar feed as OUT/<kind>-<id>.ics: from the database's
    published history as the server serves them, or from a SCENARIO and PLAN file."""
    if files:
        if len(files) != 2:
            raise click.UsageError("give both SCENARIO and PLAN, or neither for the database")
        if not secret:
            raise click.UsageError(f"files mode needs --secret (or {SECRET_VARIABLE})")
        scenario, plan = (Path(f) for f in files)
        ctx.invoke(
            files_feeds_command, scenario=scenario, plan=plan, secret=secret,
            published_at=published_at, **options,
        )  # fmt: skip
        return
    if published_at is not None:
        raise click.UsageError("--published-at is for files; the database knows its own")
    write_database_feeds(ctx.obj["database"], now, **options)  # type: ignore[arg-type]


@main.command("publish")
@click.option("--week", type=ISO_WEEK, required=True, help="ISO week, e.g. 2026-W49.")
@click.option(
    "--version", "number", type=click.IntRange(min=1), default=None,
    help="The version to publish; default: the week's newest draft.",
)  # fmt: skip
@click.option("--as", "who", default=None, help="Who publishes, for the change log.")
@click.pass_obj
@reports_errors
def publish_command(obj: dict[str, str], week: str, number: int | None, who: str | None) -> None:
    """Publish a week's newest draft with the checks of the web's Publish, and write its
    change notices (sent by email if KOTOPLAN_SMTP_HOST is set, else shown in the portals)."""
    from planner.domain.childcare import judged_on
    from planner.store import review
    from planner.store.master import export_scenario
    from planner.store.plans import DRAFT
    from web import create_app, database
    from web.notices import queue_notices

    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
    app = create_app({"DATABASE_URL": obj["database"]})
    try:
        with app.app_context():
            session = database.session()
            if number is None:
                newest = review.newest(session, week)
                if newest is None:
                    raise fail(f"{week} has no plan version; plan it first (kotoplan plan)")
                if newest.status != DRAFT:
                    raise fail(
                        f"{week} has no draft to publish: its newest version {newest.version} "
                        f"is {newest.status}"
                    )
                number = newest.version
            scenario = export_scenario(session, week, today=judged_on(week))
            try:
                row = review.publish_checked(session, week, number, who or actor(), scenario)
                notices = queue_notices(session, week, number, scenario)
            except review.ReviewError as error:
                session.rollback()
                raise fail(f"cannot publish: {error}") from None
            session.commit()
            click.echo(f"published version {row.version} of {week}; {len(notices)} change notices")
    finally:
        app.extensions["kotoplan.engine"].dispose()


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--no-worker", is_flag=True, help="Run no planning jobs here (`kotoplan worker` runs them)."
)
@click.pass_obj
@reports_errors
def serve_command(obj: dict[str, str], host: str, port: int, threads: int, no_worker: bool) -> None:
    """Serve the web front of an existing database (waitress; no access log, so no tokens).

    A worker thread runs the planning jobs too, each solve in a process of its own.
    """
    serving.serve(obj["database"], host, port, threads, no_worker)


@main.command("worker")
@click.option("--once", is_flag=True, help="Run the jobs queued now, then exit.")
@click.option(
    "--poll", type=click.FloatRange(min=0.1), default=1.0, show_default=True,
    help="Seconds between looks at the queue.",
)  # fmt: skip
@click.pass_obj
@reports_errors
def worker_command(obj: dict[str, str], once: bool, poll: float) -> None:
    """Run planning jobs from the database; any number of workers, on any machines.

    With KOTOPLAN_SMTP_HOST set, it sends the change notices that are due, too.
    """
    from planner.runtime.worker import run_worker

    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("planner").setLevel(logging.INFO)  # each job's start and end
    shutdown = threading.Event()
    # Ctrl+C or a service manager's stop: end the solve under way cleanly, then exit.
    signums = (signal.SIGINT, signal.SIGTERM)
    before = {signum: signal.signal(signum, lambda *_: shutdown.set()) for signum in signums}
    sender = None if once else start_sender(obj["database"], shutdown)
    try:
        ran = run_worker(obj["database"], shutdown, poll, once)
    finally:
        shutdown.set()
        if sender is not None:
            sender.join(timeout=10)
        for signum, handler in before.items():
            signal.signal(signum, handler)
    click.echo(f"ran {ran} planning jobs")


@main.group("notices")
def notices_group() -> None:
    """Change notices to staff, carers and partners: the outbox of email."""


@notices_group.command("send")
@click.pass_obj
@reports_errors
def notices_send(obj: dict[str, str]) -> None:
    """Send the notices that are due now through the KOTOPLAN_SMTP_* server."""
    from planner.runtime.mail import MailError, smtp_settings
    from planner.runtime.outbox import send_pending

    try:
        settings = smtp_settings(os.environ)
    except MailError as error:
        raise fail(str(error)) from None
    if settings is None:
        raise fail("no mail server: set KOTOPLAN_SMTP_HOST (and KOTOPLAN_SMTP_FROM, ...)")
    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
        done = send_pending(engine, settings)
    click.echo(f"sent {done.sent}; {done.retrying} to try again later; {done.failed} failed")


for command in (*planner_cli.COMMANDS, demo_command):
    main.add_command(command)
