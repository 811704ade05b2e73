"""`kotoplan report`: the figures of a period for the funders, as JSON, CSV, XLSX or PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.commands.support import actor, fail, reports_errors
from planner.reports.formats import FORMATS, WITH_ESF, render
from planner.reports.period import PeriodError, parse_period
from planner.reports.query import report
from planner.reports.texts import LANGUAGES
from planner.store import db
from planner.store import models as m


@click.command("report")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="First day, included.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Last day, included.")
@click.option("--format", "form", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--language", type=click.Choice(LANGUAGES), default="fi", show_default=True, help="Of the PDF."
)
@click.option("--as", "who", default=None, help="Who exports, for the log of ESF reads.")
@click.pass_obj
@reports_errors
def report_command(
    obj: dict[str, str],
    start: str,
    end: str,
    form: str,
    out: Path | None,
    language: str,
    who: str | None,
) -> None:
    """The report of a period (Helsinki days, both included), by municipality and in total.

    JSON goes to stdout unless --out names a file; XLSX and PDF need --out. Both hold the
    ESF table, so writing them is logged as an export of participant data.
    """
    try:
        period = parse_period(start, end)
    except PeriodError as error:
        raise fail(f"--{error.field}: {error.message}", exit_code=2) from None
    if out is None and form in ("xlsx", "pdf"):
        raise fail(f"--out: {form.upper()} is written to a file: name one", exit_code=2)
    if out is not None and not out.parent.is_dir():
        raise fail(f"--out: cannot write {out}: no folder {out.parent}")
    with db.opened(obj["database"]) as engine, db.session_scope(engine) as session:
        db.require_current(engine)
        content = render(report(session, period), form, language)
        if form in WITH_ESF:
            session.add(
                m.RecordRead(
                    actor=who or actor(),
                    what="export",
                    person=None,
                    detail={"report": form, "from": start, "to": end},
                )
            )
        _write(content, out)


def _write(content: bytes, out: Path | None) -> None:
    """The report to a file, whole or not at all, or to stdout."""
    if out is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(content)
        partial.replace(out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"--out: cannot write {out}: {error.strerror}") from None
    click.echo(f"wrote {out}", err=True)
