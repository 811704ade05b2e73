"""`kotoplan feeds`: one .ics per reader from files; clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner, Result

from calendars.cli import feeds_command
from tests import builders as b

PUBLISHED = "2026-11-27T14:00:00+02:00"
READER_FILES = {
    "coordinator.ics", "staff-s-aino.ics", "partner-par-parish.ics", "carer-c-aada.ics",
    "venue-v-hall.ics", "group-g-1.ics",
}  # fmt: skip


def write(folder: Path, name: str, value: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def run(*args: str | Path, secret: str | None = "cli-secret") -> Result:
    env = {"KOTOPLAN_FEED_SECRET": secret}  # None: not set at all
    return CliRunner().invoke(feeds_command, [str(a) for a in args], env=env)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "scenario.json", b.world()), write(tmp_path, "plan.json", b.world_plan())


def test_it_writes_one_feed_per_reader(files: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = run(*files, "--out", out, "--published-at", PUBLISHED, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == READER_FILES
    staff = icalendar.Calendar.from_ical((out / "staff-s-aino.ics").read_bytes())
    assert str(staff["X-WR-CALNAME"]) == "Kotoplan – Staff s-aino"
    summaries = sorted(str(e["SUMMARY"]) for e in staff.walk("VEVENT"))
    assert summaries[0].startswith("Group: Group g-1")
    assert summaries[1].startswith("Home visit: Kemi (")
    assert all(str(e["DTSTAMP"].to_ical().decode()) == "20261127T120000Z"
               for e in staff.walk("VEVENT"))  # fmt: skip


def test_the_same_files_give_the_same_bytes(files: tuple[Path, Path], tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert run(*files, "--out", tmp_path / name, "--published-at", PUBLISHED).exit_code == 0
    for name in READER_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_the_options_reach_the_feeds(files: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = run(
        *files, "--out", out, "--published-at", PUBLISHED, "--domain", "plan.example.fi",
        "--base-url", "https://plan.example.fi/", "--include-visit-address",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (out / "staff-s-aino.ics").read_bytes().decode().replace("\r\n ", "")
    assert f"UID:n-1/{b.WEEK}/1@plan.example.fi" in text
    assert f"URL:https://plan.example.fi/visits/n-1%2F{b.WEEK}%2F1" in text
    assert "LOCATION:Home street 7 (p-1)" in text
    assert "Home street" not in (out / "coordinator.ics").read_text(encoding="utf-8")


def test_previous_items_of_the_week_are_the_earlier_version(tmp_path: Path) -> None:
    earlier = b.world_plan()
    scenario = b.world(previous={"sessions": earlier["sessions"], "visits": earlier["visits"]})
    replan = b.world_plan()
    replan["visits"] = []
    replan["unplaced"] = [b.unplaced(f"n-1/{b.WEEK}/1", "visit")]
    b.move_session(replan, f"g-1/{b.WEEK}/1", b.day("thu"), "10:00", "12:00")
    files = write(tmp_path, "s.json", scenario), write(tmp_path, "p.json", replan)
    out = tmp_path / "feeds"
    assert run(*files, "--out", out, "--published-at", PUBLISHED).exit_code == 0
    staff = icalendar.Calendar.from_ical((out / "staff-s-aino.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in staff.walk("VEVENT")}
    assert events[f"g-1/{b.WEEK}/1"]["SEQUENCE"] == 1
    assert events[f"n-1/{b.WEEK}/1"]["STATUS"] == "CANCELLED"
    carer = icalendar.Calendar.from_ical((out / "carer-c-aada.ics").read_bytes())
    (shift,) = carer.walk("VEVENT")
    assert shift["SEQUENCE"] == 1


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("not json", "the plan has 1 problem"),
        ({"format": "kotoplan-plan/1"}, "the plan has"),
        (b.plan_doc([b.session(f"g-9/{b.WEEK}/1", b.day("tue"), "10:00", "12:00")]),
         "there is no group g-9 in the scenario"),
        (b.plan_doc(status="failed", errors=[{"ref": "x", "rule": "H11", "text": "locked"}]),
         "the plan failed"),
    ],
    ids=["not-json", "not-a-plan", "another-scenario", "failed"],
)  # fmt: skip
def test_a_bad_plan_is_one_clear_error(
    files: tuple[Path, Path], tmp_path: Path, broken: Any, message: str
) -> None:
    scenario, plan = files
    if isinstance(broken, str):
        plan.write_text(broken, encoding="utf-8")
    else:
        write(tmp_path, plan.name, broken)
    result = run(scenario, plan, "--out", tmp_path / "feeds")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "feeds").exists()


def test_a_missing_scenario_is_one_clear_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere.json", files[1], "--out", tmp_path / "feeds")
    assert result.exit_code == 1
    assert "the scenario has 1 problem" in result.output and "nowhere.json" in result.output


def test_the_secret_is_required(files: tuple[Path, Path], tmp_path: Path) -> None:
    result = run(*files, "--out", tmp_path / "feeds", secret=None)
    assert result.exit_code == 2 and "--secret" in result.output


def test_a_time_without_offset_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    result = run(*files, "--out", tmp_path, "--published-at", "2026-11-27T14:00")
    assert result.exit_code == 2 and "needs a UTC offset" in result.output


def test_a_zone_without_a_vtimezone_is_refused(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.json", b.world(timezone="Europe/Stockholm"))
    plan = write(tmp_path, "p.json", b.world_plan())
    result = run(scenario, plan, "--out", tmp_path / "feeds")
    assert result.exit_code == 1 and 'no time zone "Europe/Stockholm"' in result.output
