"""The `kotoplan` command: database, import and export, schemas and the demo.

Each command opens what it needs (a file, a database session) and commits or rolls back;
errors reach the user as one clear message on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from planner import jsonlimits, wire
from planner.attendance.importer import ImportRejected, import_attendance
from planner.cli_planning import check_command, generate_command, plan_command, solve_command
from planner.cli_records import participant_group, retention_group
from planner.cli_reports import report_command
from planner.cli_support import ISO_WEEK, actor, fail, refuse_input, reports_errors, write_json
from planner.demo import coming_week, demo_document
from planner.demo.history import judged_on, make_history
from planner.jsonlimits import JsonLimitError
from planner.problems import DocumentBeyondLimits, InvalidDocument
from planner.scenario import dump_scenario, read_json, validate_scenario
from planner.store import db
from planner.store.master import export_scenario, import_scenario
from planner.timeparts import iso_week

DEMO_DATABASE = "kotoplan-demo.db"
HISTORY_TIME_LIMIT = 1.0  # seconds of deterministic search for each week before the demo's


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


@main.group("db")
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


@main.command("import")
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


@main.command("export")
@click.option("--week", type=ISO_WEEK, required=True, help="ISO week, e.g. 2026-W49.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.pass_obj
@reports_errors
def export_command(obj: dict[str, str], week: str, out: Path | None) -> None:
    """Write the complete scenario of an ISO week from the database."""
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        scenario = export_scenario(session, week)
    write_json(dump_scenario(scenario), out)


@main.command("validate")
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


@main.command("schema")
@click.argument("kind", type=click.Choice(["scenario", "plan"]))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a scenario or a plan."""
    write_json(wire.json_schema(kind), None)  # type: ignore[arg-type]


@main.group("attendance")
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


@main.command("demo")
@click.option(
    "--database-file",
    default=DEMO_DATABASE,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite file to create afresh.",
)
@click.option("--week", type=ISO_WEEK, default=None, help="ISO week; default: the coming week.")
@reports_errors
def demo_command(database_file: Path, week: str | None) -> None:
    """Create a fresh SQLite database holding the Meri-Lappi demo region."""
    url, scenario = make_demo_database(database_file, week)
    click.echo("Next: export another week with")
    click.echo(f"  kotoplan --database {url} export --week {iso_week(scenario.horizon.start)}")


def make_demo_database(
    database_file: Path, week: str | None, history_time_limit: float = HISTORY_TIME_LIMIT
) -> tuple[str, Any]:
    """A fresh SQLite file with the demo region, the four weeks before its week planned,
    published and recorded, and its week's scenario written beside it.

    Returns the database URL and the scenario of the week (the coming week by default);
    the week itself is not planned here. Any week will do, past ones too.
    """
    week = week or coming_week(dt.date.today())
    # Demo children keep their ages in any week, but none is born after today: the database
    # must plan other weeks too, judged as of today (issue 13).
    born_by = dt.date.today()
    today = judged_on(week, born_by)
    database_file.unlink(missing_ok=True)
    url = f"sqlite:///{database_file}"
    with db.opened(url) as engine:
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            report = import_scenario(session, demo_document(week, born_by), "demo", today=today)
        history = make_history(engine, week, born_by, history_time_limit)
        with db.session_scope(engine) as session:
            # Its `previous` is the week before's published plan: the week stays near it.
            scenario = export_scenario(session, week, today=today)
    out = database_file.with_name(f"kotoplan-demo-{week}.json")
    write_json(dump_scenario(scenario), out)
    click.echo(f"Created {database_file} with the Meri-Lappi demo region:")
    for line in report.lines():
        click.echo(f"  {line}")
    for line in history.lines():
        click.echo(line)
    click.echo(_demo_summary(scenario))
    click.echo(f"The scenario of {week} is in {out}.")
    return url, scenario


def _demo_summary(scenario: Any) -> str:
    areas = {a.id: a.name for a in scenario.areas}
    venue_area = {v.id: v.area for v in scenario.venues}
    lines = [f"Week {scenario.horizon.start:%-d.%-m.} - {scenario.horizon.end:%-d.%-m.%Y}:"]
    for area_id, name in areas.items():
        groups = [g for g in scenario.groups if venue_area[g.venues[0]] == area_id]
        people = [p for p in scenario.participants if p.area == area_id]
        sessions = sum(g.sessions_per_week for g in groups)
        lines.append(
            f"  {name:<10} {len(people):>3} participants, {_count(len(groups), 'group')}, "
            f"{_count(sessions, 'session')} a week"
        )
    visits = sum(n.visits_per_week for n in scenario.guidance)
    lines.append(
        f"  {len(scenario.staff)} staff, {len(scenario.carers())} carers from "
        f"{len(scenario.partners)} partners, {len(scenario.interpreters)} interpreters, "
        f"{visits} guidance visits to place"
    )
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n:>2} {noun}{'' if n == 1 else 's'}"


for command in (
    solve_command,
    check_command,
    generate_command,
    plan_command,
    retention_group,
    participant_group,
    report_command,
):
    main.add_command(command)
