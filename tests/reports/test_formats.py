"""The report as CSV, XLSX and PDF carries the figures of the JSON form; the CLI's errors."""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from planner.reports.formats import NO_MARKS, render
from planner.reports.period import parse_period
from planner.reports.query import report
from planner.store import db
from planner.store import models as m
from tests.conftest import Bind
from tests.reports.history import FROM, TO, add_history
from web.cli import main

PERIOD = parse_period(FROM, TO)


@pytest.fixture
def session(bind: Bind):
    with Session(bind, join_transaction_mode="create_savepoint") as s:
        add_history(s)
        s.commit()
        yield s


def figures_from_table(rows: list[list[object]]) -> dict[str, object]:
    """The JSON form read back from the figures table (CSV or the XLSX sheet)."""
    header = [str(h) for h in rows[0]]

    def value(text: object) -> object:
        if text == NO_MARKS:
            return None
        if isinstance(text, str):
            return float(text) if "." in text else int(text)
        return text

    def figures(row: list[object]) -> dict[str, object]:
        found: dict[str, object] = {}
        maps: dict[str, dict[str, object]] = {
            "childcare_hours_by_partner": {},
            "attendance_rate": {},
        }
        for key, cell in zip(header[3:], row[3:], strict=True):
            if ":" in key:
                name, _, ref = key.partition(":")
                if cell not in ("", None):
                    maps[name][ref] = value(cell)
            else:
                found[key] = value(cell)
        return {**found, **maps}

    by_area = {str(row[1]): figures(row) for row in rows[1:] if row[0] == "area"}
    (total,) = [figures(row) for row in rows[1:] if row[0] == "total"]
    return {**total, "by_area": by_area}


def as_numbers(document: dict) -> dict:
    """JSON figures with integers as floats where the table may hold either."""
    return json.loads(json.dumps(document), parse_int=float)


def test_the_csv_carries_the_json_figures(session: Session) -> None:
    rep = report(session, PERIOD)
    text = render(rep, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows] == ["scope", "area", "area", "total"]
    assert as_numbers(figures_from_table(rows)) == as_numbers(json.loads(render(rep, "json")))


def test_the_xlsx_carries_the_json_figures_and_the_funders_tables(session: Session) -> None:
    rep = report(session, PERIOD)
    book = load_workbook(io.BytesIO(render(rep, "xlsx")), read_only=True)
    assert book.sheetnames == ["figures", "esf", "esf_indicators", "stea"]
    rows = [list(r) for r in book["figures"].iter_rows(values_only=True)]
    assert as_numbers(figures_from_table(rows)) == as_numbers(rep.figures_json())
    esf = [tuple(r) for r in book["esf"].iter_rows(values_only=True)]
    assert esf[0] == ("field", "value", "question", "answer", "count")
    assert esf[1] == ("starters", None, "Aloittaneita", None, 3)
    assert ("labour_status", None, "Työmarkkina-asema", "Ei vastattu", 1) in esf
    long_term = ("labour_status", "long_term_unemployed", "Työmarkkina-asema", "Pitkäaikaistyötön")
    assert (*long_term, 1) in esf
    assert ("age_band", "25_54", "Ikä", "25–54-vuotias", 1) in esf
    assert ("migrant", True, "Maahanmuuttaja", "Kyllä", 1) in esf
    assert ("age_band", "above_54", "Ikä", "Yli 54-vuotias", 0) in esf  # every answer, zero too
    indicators = {r[0]: r[1:] for r in book["esf_indicators"].iter_rows(values_only=True)}
    assert indicators["unemployed"] == ("Työttömät, myös pitkäaikaistyöttömät", 1)
    english = load_workbook(io.BytesIO(render(rep, "xlsx", "en")), read_only=True)
    assert ("age_band", "25_54", "Age", "25–54 years", 1) in english["esf"].iter_rows(
        values_only=True
    )
    english.close()
    stea = dict(list(book["stea"].iter_rows(values_only=True))[1:])
    assert stea["meetings"] == 4 and stea["volunteer_hours"] == 6.5
    book.close()


def pdf_text(content: bytes) -> str:
    """The text drawing operators of a PDF, its compressed streams unpacked."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    out = []
    for stream in streams:
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


def test_the_pdf_is_a_printable_page_with_the_name_and_period(session: Session) -> None:
    session.add(
        m.Organisation(
            id=1, name="Äitien ryhmä ry", timezone="Europe/Helsinki", country="FI", settings={}
        )
    )
    session.commit()
    content = render(report(session, PERIOD), "pdf", "fi")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "7.12.2026-20.12.2026" in text
    assert "Äitien ryhmä ry" in text  # ä in the core font's Latin-1
    assert "Osallistumiskerrat" in text and "ESR-indikaattorit" in text
    assert "Pitkäaikaistyötön" in text and "Työttömät, myös pitkäaikaistyöttömät" in text
    assert "STEA-yhteenveto" in text
    english = pdf_text(render(report(session, PERIOD), "pdf", "en"))
    assert "Attendances" in english and "STEA summary" in english
    assert "Long-term unemployed" in english and "Not answered" in english


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with db.opened(url) as engine:
        db.upgrade(engine)
        with db.session_scope(engine) as s:
            add_history(s)
    return url


def run(database: str, *args: str):
    return CliRunner().invoke(main, ["--database", database, "report", *args])


def test_the_cli_writes_json_to_stdout_and_files_in_each_format(
    database: str, tmp_path: Path
) -> None:
    result = run(database, "--from", FROM, "--to", TO)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["attendances"] == 4
    for form in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"report.{form}"
        result = run(database, "--from", FROM, "--to", TO, "--format", form, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    with db.opened(database) as engine, Session(engine) as s:
        reads = s.execute(sa.select(m.RecordRead.what, m.RecordRead.person)).all()
    assert reads == [("export", None), ("export", None)]  # the XLSX and the PDF hold the ESF


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--from", "2026-12-32", "--to", TO], "--from: '2026-12-32' is not a date", 2),
        (["--from", TO, "--to", FROM], "--from: 2026-12-20 is after the end 2026-12-07", 2),
        (["--from", FROM, "--to", TO, "--format", "xlsx"], "--out: XLSX is written to a file", 2),
        (["--from", FROM, "--to", TO, "--out", "missing/r.json"], "--out: cannot write", 1),
    ],
    ids=["bad-date", "from-after-to", "xlsx-to-stdout", "no-such-folder"],
)
def test_the_cli_refuses_a_bad_period_or_output(database, args, message, code) -> None:
    result = run(database, *args)
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output


def test_the_cli_reports_an_unwritable_file(database: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(database, "--from", FROM, "--to", TO, "--out", str(blocker / "r.csv"))
    assert result.exit_code == 1 and "--out: cannot write" in result.output


def test_the_readme_example_is_what_the_report_gives(session: Session) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reports", 1)[1].split("\n## ", 1)[0]
    example = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    assert example == report(session, parse_period("2026-12-08", "2026-12-08")).figures_json()
