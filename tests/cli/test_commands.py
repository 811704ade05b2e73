"""The `kotoplan` command as a user meets it: messages, exit codes, files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planner.demo.database import make_demo_database
from tests.documents import master_data
from web.cli import main


def run(*args: str, database: str | None = None) -> Result:
    options = ["--database", database] if database else []
    return CliRunner().invoke(main, [*options, *args], catch_exceptions=False)


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_upgrade_import_export_round_trip(
    database_url: str, tiny: dict[str, Any], tmp_path: Path
) -> None:
    assert run("db", "upgrade", database=database_url).exit_code == 0
    again = run("db", "upgrade", database=database_url)
    assert again.exit_code == 0 and "up to date" in again.output
    imported = run("import", str(write(tmp_path / "s.json", tiny)), database=database_url)
    assert imported.exit_code == 0, imported.output
    assert "participants: created 8" in imported.output
    out = tmp_path / "week.json"
    exported = run("export", "--week", "2026-W49", "--out", str(out), database=database_url)
    assert exported.exit_code == 0, exported.output
    assert master_data(json.loads(out.read_text())) == master_data(tiny)


def test_importing_a_broken_file_prints_every_problem_and_changes_nothing(
    tiny: dict[str, Any], tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'k.db'}"
    run("db", "upgrade", database=database)
    run("import", str(write(tmp_path / "ok.json", tiny)), database=database)
    before = run("export", "--week", "2026-W49", database=database).stdout
    broken = copy.deepcopy(tiny)
    broken["participants"][1]["name"] = "Changed Name"
    broken["groups"][1]["members"][0] = "p-77"
    broken["guidance"][1]["participant"] = "p-99"
    broken["participants"][0]["children"][0]["birth_date"] = "2999-01-01"
    result = run("import", str(write(tmp_path / "bad.json", broken)), database=database)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "Error: the scenario has 3 problems:",
        "  participants[0].children[0].birth_date: 2999-01-01 is in the future (today is "
        + result.stderr.split("(today is ")[1].split(")")[0]
        + ")",
        '  groups[1].members[0]: no participant "p-77"',
        '  guidance[1].participant: no participant "p-99"',
    ]
    assert run("export", "--week", "2026-W49", database=database).stdout == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON: Expecting property name"),
        ("[1, 2]", "(document): a scenario is a JSON object"),
    ],
    ids=["not-json", "not-an-object"],
)
def test_files_that_are_no_scenario(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr


def test_commands_refuse_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    result = run("export", "--week", "2026-W49", database=f"sqlite:///{tmp_path / 'n.db'}")
    assert result.exit_code == 1
    assert "run `kotoplan db upgrade` first" in result.stderr


def test_a_week_that_is_not_an_iso_week_is_a_usage_error(tmp_path: Path) -> None:
    result = run("export", "--week", "2026-49", database=f"sqlite:///{tmp_path / 'n.db'}")
    assert result.exit_code == 2
    assert '"2026-49" is not an ISO week like 2026-W49' in result.stderr


@pytest.mark.parametrize("kind", ["scenario", "plan"])
def test_schema_prints_a_json_schema(kind: str) -> None:
    result = run("schema", kind)
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "horizon" in schema["required"]


def test_validate_accepts_the_tiny_scenario(tmp_path: Path, tiny: dict[str, Any]) -> None:
    result = run("validate", str(write(tmp_path / "s.json", tiny)))
    assert result.exit_code == 0 and "a valid scenario" in result.output


def test_demo_creates_a_fresh_database_and_the_week(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    database.write_text("not a database")  # a stale file is replaced, not reused
    # The database alone: `kotoplan demo` builds on it, plans the week and starts a server.
    make_demo_database(database, "2027-W03")
    week = json.loads((tmp_path / "kotoplan-demo-2027-W03.json").read_text())
    assert week["horizon"] == {"start": "2027-01-18", "end": "2027-01-24"}
    assert len(week["participants"]) >= 50
    exported = run("export", "--week", "2027-W03", database=f"sqlite:///{database}")
    assert json.loads(exported.stdout) == week


def test_the_installed_command_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "kotoplan-scenario/1"}')
    process = subprocess.run(
        [str(Path(sys.executable).with_name("kotoplan")), "import", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "name: is required" in process.stderr
