"""The people-list command of `kotoplan`: a CSV or XLSX list of people into the master data.

It reads and judges the list exactly as the web's upload does (`planner.formats.people`):
every rejected row is one line naming its row, its column and the problem, and a list
with any rejected row changes nothing. A good list is merged in one transaction through
the importer, which validates the whole master data again; `--dry-run` only shows what
would change. Rows are named by their ids, never by the people's names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from planner.commands.support import actor, fail, reports_errors
from planner.formats import people
from planner.formats.columns import COLUMNS
from planner.formats.people import Preview
from planner.formats.sheets import MAX_FILE_BYTES, SheetError, Table, read_table
from planner.store import db
from planner.store.master import import_scenario, scenario_document


@click.group("people")
def people_group() -> None:
    """Lists of participants, staff or carers from spreadsheets."""


@people_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(list(COLUMNS)),
    default=None,
    help="What the list holds (default: the one kind whose required columns it has).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--as", "who", default=None, help="Who is importing, for the change log.")
@click.pass_obj
@reports_errors
def people_import(
    obj: dict[str, str], file: Path, kind: str | None, dry_run: bool, who: str | None
) -> None:
    """Import a people list (.csv or .xlsx, Finnish or English headers), all or nothing."""
    table = _table(file)
    kind = kind or _kind(file, table)
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
        doc = scenario_document(session, monday, previous=False)
        try:
            preview = people.preview_table(kind, table, doc)
        except SheetError as error:
            raise fail(f"{file}: {error}") from None
        _refuse_rejected(file, preview)
        for header in preview.unknown:
            click.echo(f'{file}: column "{header}" is not one of a {kind} list; it is ignored')
        if dry_run or not preview.can_apply:
            session.rollback()
        else:
            import_scenario(session, preview.doc, who or actor())
    verb = "would import" if dry_run else "imported" if preview.can_apply else "nothing new in"
    counts = ", ".join(f"{preview.count(s)} {s}" for s in ("new", "changed", "unchanged"))
    click.echo(f"{verb} {file} ({kind}): {counts}")
    for outcome in preview.outcomes:
        fields = f" ({', '.join(outcome.fields)})" if outcome.fields else ""
        click.echo(f"  row {outcome.row}: {outcome.id} {outcome.status}{fields}")


def _table(file: Path) -> Table:
    """The file's table, refused unread when it is larger than a people list may be."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                f"{file}: is {size} bytes, more than the {MAX_FILE_BYTES // 2**20} MB a "
                "people list may be",
                exit_code=2,
            )
        data = file.read_bytes()
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror or error}") from None
    try:
        return read_table(file.name, data)
    except SheetError as error:
        raise fail(f"{file}: {error}") from None


def _kind(file: Path, table: Table) -> str:
    """The one kind of list the table's headers fit."""
    kinds = people.kinds_of(table)
    if len(kinds) != 1:
        which = " or ".join(kinds) if kinds else "no kind of list"
        raise fail(f"{file}: the headers fit {which}; say which with --kind")
    return kinds[0]


def _refuse_rejected(file: Path, preview: Preview) -> None:
    """Every rejected row and every problem of the whole list, one a line; nothing is written."""
    lines = [f'  row {r.row}, column "{r.column}": {r.message}' for r in preview.rejected]
    lines += [f"  the list as a whole: {message}" for message in preview.general]
    if lines:
        count = len(lines)
        noun = "problem" if count == 1 else "problems"
        raise fail(f"{file}: {count} {noun}, nothing imported:\n" + "\n".join(lines))
