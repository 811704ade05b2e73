"""`kotoplan demo`: from nothing to a published week in a browser, on the embedded database.

A fresh SQLite file with the Meri-Lappi region, the four weeks before the coming week
planned, published and recorded (`planner.demo.history`), the coming week planned and
published, a coordinator account whose password is printed once, a feed URL of each kind,
and the server started on this machine.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path

import click

from planner.commands.support import ISO_WEEK, reports_errors
from planner.demo.database import DEMO_DATABASE, make_demo_database
from planner.demo.records import COORDINATOR
from planner.domain import Plan
from planner.formats.plan import dump_plan
from planner.solver import Progress, SolveOptions, solve
from planner.store import db, review
from planner.store.plans import save_draft
from web import accounts, feedlinks, serving


def _progress() -> Callable[[Progress], None]:
    last = [0.0]

    def report(progress: Progress) -> None:
        if progress.elapsed - last[0] >= 2 or progress.placed == progress.items:
            last[0] = progress.elapsed
            cost = "" if progress.objective is None else f", cost {progress.objective:.0f}"
            placed = f"{progress.placed} of {progress.items} placed"
            click.echo(f"  {progress.elapsed:5.1f} s: {placed}{cost}")

    return report


def _feed_readers(plan: Plan) -> list[tuple[str, str]]:
    """One reader of each kind that has something in the plan."""
    shift, session, visit = plan.shifts[0], plan.sessions[0], plan.visits[0]
    interpreters = [i for s in plan.sessions for i in s.interpreters]
    interpreters += [v.interpreter for v in plan.visits if v.interpreter is not None]
    readers = [("staff", visit.staff)]
    readers += [("interpreter", interpreters[0])] if interpreters else []
    return readers + [
        ("carer", shift.carer),
        ("partner", shift.partner),
        ("venue", session.venue),
        ("group", session.group),
    ]


@click.command("demo")
@click.option(
    "--database-file",
    default=DEMO_DATABASE,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite file to create afresh.",
)
@click.option("--week", type=ISO_WEEK, default=None, help="ISO week; default: the coming week.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(1, 600))
@click.option("--no-serve", is_flag=True, help="Prepare everything but do not start the server.")
@reports_errors
def demo_command(
    database_file: Path,
    week: str | None,
    host: str,
    port: int,
    time_limit: float,
    no_serve: bool,
) -> None:
    """The whole demo: the region, the coming week planned and published, and the server."""
    url, scenario = make_demo_database(database_file, week)
    week = f"{scenario.horizon.start:%G-W%V}"
    click.echo(f"Planning {week} (at most {time_limit:.0f} s)...")
    started = time.monotonic()
    plan = solve(scenario, SolveOptions(time_limit=time_limit), _progress())
    password = secrets.token_urlsafe(12)
    with db.opened(url) as engine, db.session_scope(engine) as session:
        version = save_draft(session, dump_plan(plan), "demo")
        # Through Publish's checks, as the weeks before it were (`planner.demo.history`).
        review.publish_checked(session, week, version.version, "demo", scenario)
        accounts.create_user(
            session, COORDINATOR, password, "coordinator", display_name="Demo-koordinaattori"
        )
    placed = len(plan.sessions) + len(plan.visits)
    click.echo(
        f"Published {week}: {placed} items placed, {len(plan.unplaced)} not, "
        f"in {time.monotonic() - started:.1f} s."
    )
    app = serving.make_app(url, host, port)
    base = app.config["BASE_URL"]
    with app.app_context():
        from web import database
        from web.feeds import feed_key, feed_url
        from web.notices import queue_notices

        # A week's first plan is news to everyone in it. The demo's addresses are made up,
        # so it never mails them: the portals show the notices.
        queue_notices(database.session(), week, version.version, deliver=False)
        links = [
            (kind, reader, feed_url(feedlinks.link(database.session(), kind, reader, feed_key())))
            for kind, reader in _feed_readers(plan)
        ]
        database.session().commit()
    app.extensions["kotoplan.engine"].dispose()
    click.echo("")
    click.echo(f"Log in at {base}/login")
    click.echo(f"  username: {COORDINATOR}")
    click.echo(f"  password: {password}   (shown only now)")
    click.echo("Calendar feeds (subscribe in Google, Outlook, Apple Calendar or Thunderbird):")
    for kind, reader, link in links:
        click.echo(f"  {kind:<11} {reader:<16} {link}")
    if no_serve:
        click.echo(f"Start the server with: kotoplan --database {url} serve --port {port}")
        return
    serving.serve(url, host, port)
