"""`kotoplan feeds` and `feed-link` agree with the server (issue 13): history, URL and UIDs."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner, Result
from flask import Flask

from calendars.event import DEFAULT_DOMAIN
from tests import builders as b
from tests.web.conftest import LiveServer, publish_plan
from tests.web.test_feeds import new_link
from web import create_app
from web.cli import main

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
SERVER = {
    "KOTOPLAN_SECRET_KEY": "test-secret",
    "KOTOPLAN_BASE_URL": "https://kotoplan.example.org",
    "KOTOPLAN_FEED_DOMAIN": "kotoplan.example.org",
}


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["CLOCK"] = lambda: NOW
    return app


def run(app: Flask, *args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    """The `kotoplan` command on the app's database, configured as the app is."""
    return CliRunner().invoke(
        main,
        ["--database", app.config["DATABASE_URL"], *map(str, args)],
        env=SERVER if env is None else env,
        catch_exceptions=False,
    )


def feeds_now(app: Flask, out: Path) -> dict[str, dict[str, icalendar.Event]]:
    """`kotoplan feeds` on the database as of NOW: each file's events by UID."""
    result = run(app, "feeds", "--out", out, "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output
    calendars = {
        path.name: icalendar.Calendar.from_ical(path.read_bytes()) for path in out.iterdir()
    }
    return {
        name: {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        for name, calendar in calendars.items()
    }


def test_successive_outputs_follow_the_published_history(
    app: Flask, live: LiveServer, demo_plan_document: dict, tmp_path: Path
) -> None:
    # Issue 13: from files, a SEQUENCE went back to 0, a v2 cancellation vanished in v3 and
    # a dropped travel leg vanished without a cancel.
    first = demo_plan_document
    publish_plan(app, first)
    outputs = [feeds_now(app, tmp_path / "v1")]
    second = copy.deepcopy(first)
    dropped_visit = second["visits"].pop(0)
    moved = second["sessions"][0]
    moved["venue"] = next(s["venue"] for s in second["sessions"] if s["venue"] != moved["venue"])
    publish_plan(app, second)
    outputs.append(feeds_now(app, tmp_path / "v2"))
    third = copy.deepcopy(second)
    last_leg = max(third["travel"], key=lambda leg: leg["start"])
    third["travel"].remove(last_leg)
    publish_plan(app, third)
    outputs.append(feeds_now(app, tmp_path / "v3"))

    for earlier, later in zip(outputs, outputs[1:], strict=False):
        for name, events in earlier.items():
            assert set(events) <= set(later[name]), name  # nothing vanishes in the week
            for uid, event in events.items():
                assert int(later[name][uid]["SEQUENCE"]) >= int(event["SEQUENCE"]), (name, uid)
    coordinator = outputs[2]["coordinator.ics"]
    visit = coordinator[f"{dropped_visit['id']}@kotoplan.example.org"]
    assert str(visit["STATUS"]) == "CANCELLED"
    assert int(coordinator[f"{moved['id']}@kotoplan.example.org"]["SEQUENCE"]) == 1
    leg_uids = {uid for uid in outputs[1]["coordinator.ics"] if uid.startswith("travel/")}
    cancelled = [u for u in leg_uids if str(coordinator[u]["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 1 and f"/{last_leg['person']}/" in cancelled[0]
    # Each file is the bytes the server serves at the same moment.
    path = new_link(app, "staff", last_leg["person"])
    served = live.request("GET", path)[2]
    assert (tmp_path / "v3" / f"staff-{last_leg['person']}.ics").read_bytes() == served


def test_every_reader_of_the_database_is_written_interpreters_included(
    app: Flask, demo_plan_document: dict, tmp_path: Path
) -> None:
    publish_plan(app, demo_plan_document)
    names = set(feeds_now(app, tmp_path / "feeds"))
    assert {"coordinator.ics", "interpreter-i-hassan.ics", "staff-s-hanna.ics"} <= names


def test_an_empty_output_is_said_so(app: Flask, demo_plan_document: dict, tmp_path: Path) -> None:
    # Issue 13: a week more than four weeks back gave empty calendars without a word.
    publish_plan(app, demo_plan_document)
    later = (NOW + dt.timedelta(weeks=6)).isoformat()
    result = run(app, "feeds", "--out", tmp_path / "feeds", "--now", later)
    assert result.exit_code == 0
    assert "Warning: every feed is empty" in result.stderr
    result = run(app, "feeds", "--out", tmp_path / "again", "--now", NOW.isoformat())
    assert "Warning" not in result.stderr


def test_files_mode_says_what_it_cannot_know_and_when_a_week_is_too_old(tmp_path: Path) -> None:
    scenario, plan = tmp_path / "s.json", tmp_path / "p.json"
    scenario.write_text(json.dumps(b.world()), encoding="utf-8")
    plan.write_text(json.dumps(b.world_plan()), encoding="utf-8")
    env = {"KOTOPLAN_FEED_SECRET": "s", "KOTOPLAN_FEED_DOMAIN": None, "KOTOPLAN_BASE_URL": None}
    runner = CliRunner()
    result = runner.invoke(
        main, ["feeds", str(scenario), str(plan), "--out", str(tmp_path / "f"),
               "--published-at", "2026-11-27T12:00:00+02:00"], env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "cannot know the versions published before" in result.stderr
    assert "Warning" not in result.stderr
    # The server's UID domain, so a file and the served feed hold the same events.
    text = (tmp_path / "f" / "coordinator.ics").read_bytes().decode()
    assert f"@{DEFAULT_DOMAIN}\r\n" in text
    assert create_app({"SECRET_KEY": "x"}).config["FEED_DOMAIN"] == DEFAULT_DOMAIN
    late = runner.invoke(
        main, ["feeds", str(scenario), str(plan), "--out", str(tmp_path / "g"),
               "--published-at", "2027-01-15T12:00:00+02:00"], env=env,
    )  # fmt: skip
    assert late.exit_code == 0
    assert f"every feed is empty: {b.WEEK} ended more than 4 weeks before" in late.stderr
    help_text = " ".join(runner.invoke(main, ["feeds", "--help"]).output.split())
    assert "They cannot know the versions published before" in help_text


def test_feed_link_gives_an_interpreter_s_link_at_the_configured_address(
    app: Flask, live: LiveServer, demo_plan_document: dict
) -> None:
    # Issue 13: `feed-link interpreter` was refused, and the port was always 8000.
    publish_plan(app, demo_plan_document)
    env = {**SERVER, "KOTOPLAN_BASE_URL": f"http://127.0.0.1:{live.port}"}
    result = run(app, "feed-link", "interpreter", "i-hassan", env=env)
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith(f"http://127.0.0.1:{live.port}/feeds/") and result.stderr == ""
    status, _, body = live.request("GET", url.removeprefix(f"http://127.0.0.1:{live.port}"))
    assert status == 200 and b"Hassan Esimerkki" in body
    given = run(app, "feed-link", "interpreter", "i-hassan", "--base-url", "https://p.example.fi/")
    assert given.stdout.strip() == url.replace(
        f"http://127.0.0.1:{live.port}", "https://p.example.fi"
    )
    bare = run(app, "feed-link", "staff", "s-hanna", env={**SERVER, "KOTOPLAN_BASE_URL": None})
    assert "KOTOPLAN_BASE_URL is not set" in bare.stderr
