"""`kotoplan publish` and `kotoplan attendance import` on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from planner.domain.timeparts import iso_week
from planner.store import db
from planner.store import models as m
from planner.store.master import import_scenario
from planner.store.plans import PUBLISHED, publish, save_draft
from tests import builders as b
from web.cli import main

# A week that is over, whatever day the tests run: attendance is recorded as of now.
WEEK = iso_week(dt.date.today() - dt.timedelta(weeks=2))
SESSION = f"g-1/{WEEK}/1"
VISIT = f"n-1/{WEEK}/1"
ENV = {"KOTOPLAN_SECRET_KEY": "test-secret", "KOTOPLAN_SMTP_HOST": None}


def run(database: str, *args: str | Path) -> Result:
    return CliRunner().invoke(
        main, ["--database", database, *map(str, args)], env=ENV, catch_exceptions=False
    )


@pytest.fixture
def world_db(database_url: str) -> str:
    """The builders' world of WEEK in a migrated database, its plan saved as draft 1."""
    with db.opened(database_url) as engine:
        db.upgrade(engine)
        with Session(engine) as session:
            import_scenario(session, b.world(WEEK), actor="test")
            save_draft(session, b.world_plan(WEEK), actor="test")
            session.commit()
    return database_url


def versions(database: str) -> list[tuple[int, str]]:
    with db.opened(database) as engine, Session(engine) as session:
        rows = session.execute(
            sa.select(m.PlanVersion.version, m.PlanVersion.status)
            .where(m.PlanVersion.week == WEEK)
            .order_by(m.PlanVersion.version)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def count(database: str, model: type[m.Base], **where: object) -> int:
    with db.opened(database) as engine, Session(engine) as session:
        query = sa.select(sa.func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return session.scalar(query) or 0


def test_publish_publishes_the_newest_draft_with_its_notices(world_db: str) -> None:
    result = run(world_db, "publish", "--week", WEEK, "--as", "kaisa")
    assert result.exit_code == 0, result.output
    assert f"published version 1 of {WEEK}" in result.output
    assert versions(world_db) == [(1, PUBLISHED)]
    # As the web's Publish: the week's first publication tells everyone with an item.
    notices = count(world_db, m.Notice, week=WEEK, version=1)
    assert notices > 0 and f"{notices} change notices" in result.output
    assert count(world_db, m.Change, action="publish", actor="kaisa") == 1
    again = run(world_db, "publish", "--week", WEEK)
    assert again.exit_code == 1
    assert f"{WEEK} has no draft to publish: its newest version 1 is published" in again.stderr
    assert count(world_db, m.Notice, week=WEEK) == notices


def test_publish_refuses_what_the_web_refuses(world_db: str) -> None:
    with db.opened(world_db) as engine, Session(engine) as session:
        save_draft(session, b.world_plan(WEEK), actor="test")  # version 2
        session.commit()
    older = run(world_db, "publish", "--week", WEEK, "--version", "1")
    assert older.exit_code == 1 and "not the newest draft" in older.stderr
    missing = run(world_db, "publish", "--week", WEEK, "--version", "7")
    assert missing.exit_code == 1 and f"no plan version 7 of {WEEK}" in missing.stderr
    assert versions(world_db) == [(1, "draft"), (2, "draft")]


def test_publish_refuses_a_plan_that_books_someone_away(world_db: str) -> None:
    tuesday = b.day("tue", WEEK)
    with db.opened(world_db) as engine, Session(engine) as session:
        staff = session.get(m.StaffMember, "s-aino")
        assert staff is not None
        staff.absent = [{"start": f"{tuesday}T08:00", "end": f"{tuesday}T16:00"}]
        session.commit()
    result = run(world_db, "publish", "--week", WEEK)
    assert result.exit_code == 1
    assert "books people who cannot come" in result.stderr and SESSION in result.stderr
    assert "Traceback" not in result.output
    assert versions(world_db) == [(1, "draft")]
    assert count(world_db, m.Notice) == 0


def test_publish_refuses_a_plan_that_breaks_a_rule_now(world_db: str) -> None:
    with db.opened(world_db) as engine, Session(engine) as session:
        session.add(m.ClosedDate(date=dt.date.fromisoformat(b.day("tue", WEEK))))
        session.commit()
    result = run(world_db, "publish", "--week", WEEK)
    assert result.exit_code == 1
    assert f"version 1 of {WEEK} breaks 2 rules against today's master data" in result.stderr
    assert f"H2 {SESSION}: {SESSION} is on {b.day('tue', WEEK)}, a closed date" in result.stderr
    assert versions(world_db) == [(1, "draft")]


def test_publish_without_any_plan_or_with_a_malformed_week(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'k.db'}"
    with db.opened(database) as engine:
        db.upgrade(engine)
    nothing = run(database, "publish", "--week", "2026-W49")
    assert nothing.exit_code == 1
    assert "2026-W49 has no plan version; plan it first" in nothing.stderr
    malformed = run(database, "publish", "--week", "2026-W60")
    assert malformed.exit_code == 2 and "--week" in malformed.stderr


@pytest.fixture
def published_db(world_db: str) -> str:
    with db.opened(world_db) as engine, Session(engine) as session:
        publish(session, WEEK, 1, actor="test")
        session.commit()
    return world_db


def test_attendance_import_records_once_and_twice_changes_nothing(
    published_db: str, tmp_path: Path
) -> None:
    csv = tmp_path / "week.csv"
    csv.write_text(
        f"item,person,status\n{SESSION},p-1,present\n{VISIT},p-1,no_show\n", encoding="utf-8"
    )
    first = run(published_db, "attendance", "import", csv, "--as", "ohjaaja")
    assert first.exit_code == 0, first.output
    assert "2 rows for 2 items, 2 changed, 0 unchanged" in first.output
    assert count(published_db, m.MemberAttendance, person="p-1", status="present") == 1
    assert count(published_db, m.VisitRecord, status="no_show") == 1
    assert count(published_db, m.Change, kind="attendance", actor="ohjaaja") == 2
    second = run(published_db, "attendance", "import", csv)
    assert second.exit_code == 0, second.output
    assert "2 rows for 2 items, 0 changed, 2 unchanged" in second.output
    assert count(published_db, m.Change, kind="attendance") == 2


def test_attendance_import_reports_every_bad_row_and_records_nothing(
    published_db: str, tmp_path: Path
) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "item,person,status\n"
        f"{SESSION},p-1,present\n"  # good, but the file is refused as a whole
        f"{SESSION},p-stranger,present\n"
        f"{VISIT},p-1,maybe\n"
        f"g-1/{WEEK}/9,p-1,present\n",
        encoding="utf-8",
    )
    result = run(published_db, "attendance", "import", csv)
    assert result.exit_code == 1
    assert "3 bad rows, nothing recorded" in result.stderr
    lines = [line.strip() for line in result.stderr.splitlines() if "line " in line]
    assert [line.split(":")[0] for line in lines] == ["line 3", "line 4", "line 5"]
    assert "p-stranger is not a member of g-1" in lines[0]
    assert "'maybe'" in lines[1] and "is not in the published plan" in lines[2]
    assert count(published_db, m.SessionRecord) == 0
    assert count(published_db, m.VisitRecord) == 0


def test_attendance_import_needs_a_published_plan_and_a_readable_file(
    world_db: str, tmp_path: Path
) -> None:
    csv = tmp_path / "draft.csv"
    csv.write_text(f"item,person,status\n{SESSION},p-1,present\n", encoding="utf-8")
    result = run(world_db, "attendance", "import", csv)
    assert result.exit_code == 1 and "line 2: item:" in result.stderr
    assert f"the plan of {WEEK} is not published" in result.stderr
    missing = run(world_db, "attendance", "import", tmp_path / "nowhere.csv")
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
