"""The participant-record commands of `kotoplan`: retention and erasure on request.

Both erase all or nothing in one transaction and say what they did, table by table;
`--dry-run` shows what would be done and writes nothing.
"""

from __future__ import annotations

import datetime as dt

import click

from planner.commands.support import actor, fail, reports_errors
from planner.records.erasure import apply_retention, erase_person
from planner.records.store import RecordError
from planner.store import db
from planner.store.models import utcnow


class IsoDate(click.ParamType):
    """A calendar date written 2026-12-31; anything else is a usage error naming the option."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> dt.date:  # type: ignore[no-untyped-def]
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f'"{value}" is not a date like 2026-12-31', param, ctx)


@click.group("retention")
def retention_group() -> None:
    """Erase participant records kept past their retention date."""


@retention_group.command("apply")
@click.option(
    "--today", type=IsoDate(), default=None, help="The date to judge by (default: today)."
)
@click.option("--dry-run", is_flag=True, help="Show what would be erased; change nothing.")
@click.option("--as", "who", default=None, help="Who erases, for the change log.")
@click.pass_obj
@reports_errors
def retention_apply(
    obj: dict[str, str], today: dt.date | None, dry_run: bool, who: str | None
) -> None:
    """Erase every participant whose record's retention date has passed.

    Each is made anonymous everywhere (one key for all their rows) and their master data
    deleted; the reports' totals stay the same.
    """
    day = today or dt.date.today()
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        done = apply_retention(session, day, actor=who or actor(), now=utcnow())
        prefix = "would have " if dry_run else ""
        for until, erasure in done:
            click.echo(
                f"{prefix}erased {erasure.person} (kept until {until.isoformat()}): "
                f"now {erasure.key}"
            )
            for line in erasure.lines():
                click.echo(f"  {line}")
        if dry_run:
            session.rollback()
    if not done:
        click.echo(f"no record is past its retention date on {day.isoformat()}")
    elif dry_run:
        click.echo(f"dry run: {len(done)} to erase, nothing changed")
    else:
        click.echo(f"erased {len(done)} participant{'s' if len(done) != 1 else ''}")


@click.group("participant")
def participant_group() -> None:
    """A participant's personal data."""


@participant_group.command("erase")
@click.argument("person")
@click.option("--dry-run", is_flag=True, help="Show what would be erased; change nothing.")
@click.option("--as", "who", default=None, help="Who erases, for the change log.")
@click.pass_obj
@reports_errors
def participant_erase(obj: dict[str, str], person: str, dry_run: bool, who: str | None) -> None:
    """Erase a participant on request: anonymous in attendance and reports, gone from the rest."""
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        try:
            erasure = erase_person(session, person, actor=who or actor(), now=utcnow())
        except RecordError as error:
            raise fail(error.message) from None
        if dry_run:
            session.rollback()
    click.echo(f"{'would have ' if dry_run else ''}erased {erasure.person}: now {erasure.key}")
    for line in erasure.lines():
        click.echo(f"  {line}")
    if dry_run:
        click.echo("dry run: nothing changed")
