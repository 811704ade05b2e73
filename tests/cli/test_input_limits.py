"""`kotoplan` refuses files beyond its limits in one line with exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.formats import jsonlimits


def kotoplan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A real process: a RecursionError or MemoryError is not caught by CliRunner's stand-ins.
    return subprocess.run(
        [sys.executable, "-c", "from web.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[2])},
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 200_000, "nests deeper than 32 levels"),
        ('{"version": ' + "1" * 5001 + "}", "holds a number longer than 40 characters"),
    ],
    ids=["nested", "5001-digits"],
)
@pytest.mark.parametrize("command", ["import", "validate"])
def test_a_file_beyond_the_limits_is_one_line_and_exit_2(
    tmp_path: Path, text: str, says: str, command: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'k.db'}"
    result = kotoplan("--database", database, command, str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"Error: the scenario cannot be read: {path}: {says}"]


def test_a_file_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    with path.open("wb") as file:
        file.truncate(jsonlimits.MAX_FILE_BYTES + 1)  # sparse: costs no disk or reading
    database = f"sqlite:///{tmp_path / 'k.db'}"
    result = kotoplan("--database", database, "import", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: the scenario cannot be read: {path}: is {jsonlimits.MAX_FILE_BYTES + 1} bytes, "
        "more than the 20 MB a file may be"
    ]
