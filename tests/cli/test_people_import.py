"""`kotoplan people import`: a people list into the master data from the command line, on SQLite.

The list is judged as the web's upload judges it: a bad row names its row and column and
nothing is written; a good list is merged all at once; `--dry-run` writes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from planner.demo import demo_document
from planner.formats.sheets import MAX_FILE_BYTES
from planner.store import db
from planner.store import models as m
from planner.store.master import import_scenario
from tests.conftest import migrated_sqlite
from web.cli import main

PEOPLE = Path(__file__).resolve().parents[1] / "data" / "people"
WEEK = "2026-W49"


def run(database: str, *args: str | Path) -> Result:
    return CliRunner().invoke(main, ["--database", database, *map(str, args)])


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    """A SQLite database holding the demo region's master data."""
    path = tmp_path / "kotoplan.db"
    shutil.copyfile(migrated_sqlite(), path)
    url = f"sqlite:///{path}"
    with db.opened(url) as engine, Session(engine) as session:
        import_scenario(session, demo_document(WEEK), "test", today=dt.date(2026, 11, 27))
        session.commit()
    return url


def participant(database: str, pid: str) -> tuple[str, list[str], list[tuple[str, bool]]] | None:
    with db.opened(database) as engine, Session(engine) as session:
        row = session.get(m.Participant, pid)
        if row is None:
            return None
        children = sorted((c.birth_date.isoformat(), c.in_daycare) for c in row.children)
        return row.name, row.languages, children


def changes(database: str) -> list[tuple[str, str, str, str]]:
    with db.opened(database) as engine, Session(engine) as session:
        rows = session.scalars(sa.select(m.Change).order_by(m.Change.id))
        return [(c.action, c.kind, c.ref, c.actor) for c in rows]


def test_a_good_list_is_imported_all_at_once(demo_db: str) -> None:
    before = changes(demo_db)
    result = run(demo_db, "people", "import", PEOPLE / "participants-good.csv", "--as", "kaisa")
    assert result.exit_code == 0, result.output
    assert "(participants): 1 new, 1 changed, 1 unchanged" in result.output
    assert "  row 2: p-01 changed (kielet)" in result.output
    assert "Amina" not in result.output and "Testi" not in result.output  # ids, not names
    assert participant(demo_db, "p-testi-aiti") == (
        "Testi Äiti",
        ["ti", "en"],
        [("2021-05-03", True), ("2024-02-01", False)],
    )
    assert participant(demo_db, "p-01")[1] == ["ar", "fi"]  # type: ignore[index]
    assert changes(demo_db)[len(before) :] == [
        ("update", "participants", "p-01", "kaisa"),
        ("create", "participants", "p-testi-aiti", "kaisa"),
    ]
    again = run(demo_db, "people", "import", PEOPLE / "participants-good.csv")
    assert again.exit_code == 0 and "0 new, 0 changed, 3 unchanged" in again.output


def test_the_kind_is_told_by_the_headers_or_by_kind(demo_db: str) -> None:
    result = run(demo_db, "people", "import", PEOPLE / "staff-good.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import" in result.output and "(staff): 1 new, 1 changed" in result.output
    wrong = run(demo_db, "people", "import", PEOPLE / "staff-good.csv", "--kind", "carers")
    assert wrong.exit_code == 1
    assert "has no column" in wrong.output and "kumppani" in wrong.output


def test_a_bad_row_names_its_row_and_column_and_nothing_is_written(demo_db: str) -> None:
    before = changes(demo_db)
    file = PEOPLE / "participants-bad-language.csv"
    result = run(demo_db, "people", "import", file, "--kind", "participants")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Error: {file}: 2 problems, nothing imported:"
    assert lines[1].startswith('  row 2, column "kielet": ')
    assert lines[2].startswith('  row 3, column "lapset": ')
    assert changes(demo_db) == before


@pytest.mark.parametrize(
    "name",
    ["participants-duplicate-id.csv", "participants-unknown-area.csv", "participants-bad-date.csv"],
)
def test_every_rejection_of_the_web_refuses_the_whole_list(demo_db: str, name: str) -> None:
    before = changes(demo_db)
    result = run(demo_db, "people", "import", PEOPLE / name, "--kind", "participants")
    assert result.exit_code == 1
    assert "nothing imported" in result.output and "  row " in result.output
    assert changes(demo_db) == before


def test_a_dry_run_writes_nothing(demo_db: str) -> None:
    before = changes(demo_db)
    result = run(demo_db, "people", "import", PEOPLE / "participants-good.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import" in result.output and "1 new, 1 changed" in result.output
    assert changes(demo_db) == before
    assert participant(demo_db, "p-testi-aiti") is None


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("participants-not-utf8.csv", "is not UTF-8 text"),
        ("participants.pdf", "Upload a .csv or .xlsx file"),
        ("participants-empty.csv", "The file is empty."),
    ],
)
def test_a_file_that_is_no_list_is_one_line(demo_db: str, name: str, says: str) -> None:
    result = run(demo_db, "people", "import", PEOPLE / name, "--kind", "participants")
    assert result.exit_code == 1
    assert says in result.output and len(result.output.strip().splitlines()) == 1


def _workbook(dimension: str) -> bytes:
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><dimension ref="' + dimension.encode() + b'"/>'
        b"<sheetData></sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def test_the_xlsx_limits_hold_on_the_command_line(
    demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a workbook beyond the limits was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    big = tmp_path / "big.xlsx"
    big.write_bytes(_workbook("A1:ZZ90000"))
    result = run(demo_db, "people", "import", big, "--kind", "staff")
    assert result.exit_code == 1
    assert "more than a people list of at most 5000 rows may have" in result.output


def test_a_file_too_large_is_refused_unread(demo_db: str, tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    result = run(demo_db, "people", "import", huge, "--kind", "participants")
    assert result.exit_code == 2
    assert "more than the 8 MB a people list may be" in result.output
