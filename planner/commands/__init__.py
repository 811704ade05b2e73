"""The planner's commands of `kotoplan`: database, import and export, schemas, attendance.

Each command opens what it needs (a file, a database session) and commits or rolls back;
errors reach the user as one clear message on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from planner.attendance.importer import ImportRejected, import_attendance
from planner.commands.people import people_group
from planner.commands.planning import check_command, generate_command, plan_command, solve_command
from planner.commands.records import participant_group, retention_group
from planner.commands.reports import report_command
from planner.commands.support import ISO_WEEK, actor, fail, refuse_input, reports_errors, write_json
from planner.domain.childcare import judged_on
from planner.formats import jsonlimits, wire
from planner.formats.jsonlimits import JsonLimitError
from planner.formats.problems import DocumentBeyondLimits, InvalidDocument
from planner.formats.scenario import dump_scenario, read_json, validate_scenario
from planner.store import db
from planner.store.master import export_scenario, import_scenario


@click.group("db")
def db_group() -> None:
    """Create or migrate the database."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision.")
@click.pass_obj
@reports_errors
def db_upgrade(obj: dict[str, str], revision: str) -> None:
    """Create the database's tables, or migrate them to this version of Kotoplan."""
    with db.opened(obj["database"]) as engine:
        before = db.current_revision(engine)
        db.upgrade(engine, revision)
        after = db.current_revision(engine)
    if before == after:
        click.echo(f"database is up to date (revision {after})")
    else:
        click.echo(f"database migrated from {before or 'empty'} to revision {after}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also delete master data the file does not hold.")
@click.option("--as", "who", default=None, help="Who is importing, for the change log.")
@click.pass_obj
@reports_errors
def import_command(obj: dict[str, str], file: Path, replace: bool, who: str | None) -> None:
    """Import a scenario's master data, all or nothing: an invalid file changes nothing."""
    data = read_json(file, "scenario")
    _, problems = validate_scenario(data)  # the file's own problems first, database or not
    if problems:
        raise InvalidDocument("scenario", problems)
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        report = import_scenario(session, data, who or actor(), replace=replace)
    click.echo(f"imported {file}")
    for line in report.lines():
        click.echo(f"  {line}")


@click.command("export")
@click.option("--week", type=ISO_WEEK, required=True, help="ISO week, e.g. 2026-W49.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.pass_obj
@reports_errors
def export_command(obj: dict[str, str], week: str, out: Path | None) -> None:
    """Write the complete scenario of an ISO week from the database."""
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        scenario = export_scenario(session, week, today=judged_on(week))
    write_json(dump_scenario(scenario), out)


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def validate_command(file: Path) -> None:
    """Check a scenario file and list every problem in it."""
    try:
        data = read_json(file, "scenario")
    except DocumentBeyondLimits as error:
        raise refuse_input(error) from None
    except InvalidDocument as error:
        raise fail(str(error)) from None
    _, problems = validate_scenario(data)
    if problems:
        raise fail(str(InvalidDocument("scenario", problems)))
    click.echo(f"{file}: a valid scenario")


@click.command("schema")
@click.argument("kind", type=click.Choice(["scenario", "plan"]))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a scenario or a plan."""
    write_json(wire.json_schema(kind), None)  # type: ignore[arg-type]


@click.group("attendance")
def attendance_group() -> None:
    """What happened at the published plans' sessions and visits."""


@attendance_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "who", default=None, help="Who is recording, for the change log.")
@click.pass_obj
@reports_errors
def attendance_import(obj: dict[str, str], file: Path, who: str | None) -> None:
    """Record a CSV of item,person,status (present/absent/excused for a session member,
    done/cancelled/no_show for a visit), all or nothing: a bad row changes nothing."""
    try:
        text = jsonlimits.read_text(file).removeprefix("\ufeff")  # a spreadsheet's BOM
    except JsonLimitError as error:
        raise fail(f"the attendance file cannot be read: {file}: {error}", exit_code=2) from None
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise fail(f"cannot read {file}: it is not UTF-8 text") from None
    now = dt.datetime.now(dt.UTC)
    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
        try:
            with db.session_scope(engine) as session:
                result = import_attendance(session, text, actor=who or actor(), now=now)
        except ImportRejected as error:
            count = len(error.problems)
            lines = "\n".join(f"  line {n}: {message}" for n, message in error.problems)
            noun = "row" if count == 1 else "rows"
            raise fail(f"{file}: {count} bad {noun}, nothing recorded:\n{lines}") from None
    click.echo(
        f"imported {file}: {result.rows} rows for {len(result.items)} items, "
        f"{result.changed} changed, {result.unchanged} unchanged"
    )


# The planner's commands; `web.cli` assembles them with the rest into `kotoplan`.
COMMANDS: tuple[click.Command, ...] = (
    db_group,
    import_command,
    export_command,
    validate_command,
    schema_command,
    attendance_group,
    people_group,
    solve_command,
    check_command,
    generate_command,
    plan_command,
    retention_group,
    participant_group,
    report_command,
)
