"""`kotoplan feeds`: every reader's calendar feed of a plan, written as .ics files.

Plain files, no database: for people without a server, and for tests. The plan is taken as
published at `--published-at` (default: the plan file's modification time, to the second)
and the feeds are written as they are at that moment. If the scenario's `previous` holds
items of the plan's week, they are the earlier published version, dated by the scenario
file's modification time (at the latest the plan's), so re-planned items show as updated
or cancelled events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from calendars.audience import all_readers
from calendars.build import build_feed
from calendars.event import FeedSettings
from calendars.offline import offline_versions
from calendars.texts import DEFAULT_LANGUAGE, LANGUAGES
from calendars.timezone import VTIMEZONES
from planner.check import plan_consistency
from planner.checkctx import CheckContext
from planner.domain import Plan, Scenario
from planner.plan import load_plan
from planner.problems import InvalidDocument
from planner.scenario import load_scenario, read_json

DEFAULT_DOMAIN = "kotoplan.example.org"
SECRET_VARIABLE = "KOTOPLAN_FEED_SECRET"


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
    faults = list(plan_consistency(CheckContext(scenario, plan)))
    if faults:
        lines = "\n".join(f"  {fault.ref}: {fault.text}" for fault in faults)
        raise click.ClickException(f"the plan does not fit the scenario:\n{lines}")
    if scenario.timezone not in VTIMEZONES:
        known = ", ".join(sorted(VTIMEZONES))
        message = f'calendar feeds know no time zone "{scenario.timezone}", only {known}'
        raise click.ClickException(message)
    return scenario, plan


@click.command("feeds")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the .ics files, made if missing.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True)
@click.option(
    "--domain",
    default=DEFAULT_DOMAIN,
    show_default=True,
    help="The installation's domain, the right-hand side of every UID.",
)
@click.option(
    "--base-url",
    default=f"https://{DEFAULT_DOMAIN}",
    show_default=True,
    help="The web front, for the links to visit pages.",
)
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
@click.option("--include-visit-address", is_flag=True, help="Home addresses in staff feeds.")
def feeds_command(
    scenario: Path,
    plan: Path,
    out: Path,
    lang: str,
    domain: str,
    base_url: str,
    secret: str,
    published_at: dt.datetime | None,
    include_visit_address: bool,
) -> None:
    """Write every reader's calendar feed of a plan as OUT/<kind>-<id>.ics."""
    loaded, planned = _load(scenario, plan)
    published = published_at or _modified(plan)
    versions = offline_versions(loaded, planned, published, _modified(scenario))
    settings = FeedSettings(domain, base_url, secret, include_visit_address)
    readers = all_readers(loaded)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for reader in readers:
            feed = build_feed(reader, [versions], settings, lang, now=published)
            (out / f"{reader.key}.ics").write_bytes(feed)
    except OSError as error:
        raise click.ClickException(f"cannot write to {out}: {error.strerror}") from None
    click.echo(f"wrote {len(readers)} feeds to {out}")
