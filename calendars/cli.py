"""`kotoplan feeds` from files: every reader's calendar feed of a plan, written as .ics files.

Plain files, no database: for people without a server, and for tests. The plan is taken as
published at `--published-at` (default: the plan file's modification time, to the second)
and the feeds are written as they are at that moment. If the scenario's `previous` holds
items of the plan's week, they are the earlier published version, dated by the scenario
file's modification time (at the latest the plan's), so re-planned items show as updated
or cancelled events.

What files cannot tell is said in the help and the output: the versions published before
`previous`, and any travel. With a database, `kotoplan feeds` without files (web.cli)
writes the feeds from the published history, as the server serves them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from calendars.audience import Reader, all_readers
from calendars.build import render_feed, window_start
from calendars.event import (
    BASE_URL_VARIABLE,
    DEFAULT_BASE_URL,
    DEFAULT_DOMAIN,
    DOMAIN_VARIABLE,
    FeedSettings,
)
from calendars.fit import misfits
from calendars.offline import offline_versions
from calendars.texts import DEFAULT_LANGUAGE, LANGUAGES
from calendars.timezone import VTIMEZONES
from planner.domain import Plan, Scenario
from planner.formats.plan import load_plan
from planner.formats.problems import InvalidDocument
from planner.formats.scenario import load_scenario, read_json

SECRET_VARIABLE = "KOTOPLAN_FEED_SECRET"
CANNOT_KNOW = (
    "From files alone the feeds know two versions at most: the scenario's `previous` "
    "items and the plan. They cannot know the versions published before (a SEQUENCE may "
    "be lower than the served one, and items cancelled earlier are missing) nor the earlier "
    "travel (a dropped travel leg is not cancelled). Without files, on the database, "
    "`kotoplan feeds` writes the feeds as the server serves them."
)


class Instant(click.ParamType):
    """An ISO 8601 date-time with its UTC offset: `2026-11-27T14:00:00+02:00`."""

    name = "ISO-DATETIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail(f'"{value}" is not an ISO 8601 date-time', param, ctx)
        if moment.tzinfo is None:
            self.fail(f'"{value}" needs a UTC offset, e.g. {value}+02:00 or {value}Z', param, ctx)
        return moment


def _modified(path: Path) -> dt.datetime:
    """A file's modification time, to the whole second."""
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)


def _load(scenario_path: Path, plan_path: Path) -> tuple[Scenario, Plan]:
    """The scenario and a plan of it that can be published; else a message for the user."""
    try:
        scenario = load_scenario(read_json(scenario_path, "scenario"))
        plan = load_plan(read_json(plan_path, "plan"))
    except InvalidDocument as error:
        raise click.ClickException(str(error)) from None
    if plan.status == "failed":
        raise click.ClickException("the plan failed: it has nothing to publish")
    faults = misfits(scenario, plan)
    if faults:
        lines = "\n".join(f"  {fault}" for fault in faults)
        raise click.ClickException(f"the plan does not fit the scenario:\n{lines}")
    if scenario.timezone not in VTIMEZONES:
        known = ", ".join(sorted(VTIMEZONES))
        message = f'calendar feeds know no time zone "{scenario.timezone}", only {known}'
        raise click.ClickException(message)
    return scenario, plan


def feed_options(command: Any) -> Any:
    """The options of `kotoplan feeds` in both modes: where to write, and what the feeds say."""
    options = [
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            required=True,
            help="Folder for the .ics files, made if missing.",
        ),
        click.option(
            "--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True
        ),
        click.option(
            "--domain",
            envvar=DOMAIN_VARIABLE,
            default=None,
            help=f"The right-hand side of every UID; default {DOMAIN_VARIABLE}, else "
            f"{DEFAULT_DOMAIN}, as the server.",
        ),
        click.option(
            "--base-url",
            envvar=BASE_URL_VARIABLE,
            default=None,
            help=f"The web front, for the links to visit pages; default {BASE_URL_VARIABLE}, "
            f"else {DEFAULT_BASE_URL}, as the server.",
        ),
        click.option(
            "--include-visit-address", is_flag=True, help="Home addresses in staff feeds."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def write_feeds(out: Path, feeds: dict[Reader, bytes]) -> None:
    """Each reader's feed as OUT/<kind>-<id>.ics; a clear error if the folder cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for reader, feed in feeds.items():
            (out / f"{reader.key}.ics").write_bytes(feed)
    except OSError as error:
        raise click.ClickException(f"cannot write to {out}: {error.strerror}") from None


def warn(text: str) -> None:
    """A warning on standard error: the command still did what it was asked."""
    click.echo(f"Warning: {text}", err=True)


@click.command("feeds", epilog=CANNOT_KNOW)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@feed_options
@click.option(
    "--secret",
    envvar=SECRET_VARIABLE,
    required=True,
    help=f"Keys the participant codes; also read from {SECRET_VARIABLE}.",
)
@click.option(
    "--published-at",
    type=Instant(),
    default=None,
    help="When the plan was published; default: the plan file's modification time.",
)
def feeds_command(
    scenario: Path,
    plan: Path,
    out: Path,
    lang: str,
    domain: str | None,
    base_url: str | None,
    secret: str,
    published_at: dt.datetime | None,
    include_visit_address: bool,
) -> None:
    """Write every reader's calendar feed of a plan as OUT/<kind>-<id>.ics, from files."""
    loaded, planned = _load(scenario, plan)
    published = published_at or _modified(plan)
    versions = offline_versions(loaded, planned, published, _modified(scenario))
    settings = FeedSettings(
        domain or DEFAULT_DOMAIN, base_url or DEFAULT_BASE_URL, secret, include_visit_address
    )
    feeds = {
        reader: render_feed(reader, [versions], settings, lang, now=published)
        for reader in all_readers(loaded)
    }
    write_feeds(out, {reader: feed.body for reader, feed in feeds.items()})
    click.echo(f"wrote {len(feeds)} feeds of {planned.horizon.start:%G-W%V} to {out}")
    click.echo(f"Note: {CANNOT_KNOW}", err=True)
    if not any(b"BEGIN:VEVENT" in feed.body for feed in feeds.values()):
        warn(_why_empty(loaded, planned, published, settings.past_weeks))


def _why_empty(scenario: Scenario, plan: Plan, now: dt.datetime, past_weeks: int) -> str:
    week = f"{plan.horizon.start:%G-W%V}"
    first = window_start(now, scenario.timezone, past_weeks)
    if plan.horizon.end < first.date():
        return (
            f"every feed is empty: {week} ended more than {past_weeks} weeks before "
            f"{now:%Y-%m-%d %H:%M %z}, when the feeds were made (see --published-at)"
        )
    return f"every feed is empty: the plan of {week} places nothing"
