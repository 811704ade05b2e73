"""`kotoplan retention apply` and `kotoplan participant erase` on a real database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.orm import Session

from planner.records.entry import RecordInput
from planner.records.store import save_record
from planner.store import models as m
from tests.records.conftest import AFTER, attend
from web.cli import main


def run(database_url: str, *args: str):
    return CliRunner().invoke(main, ["--database", database_url, *args], catch_exceptions=False)


def people(session: Session) -> set[str]:
    session.expire_all()
    return set(session.scalars(sa.select(m.Participant.id)))


def test_retention_says_what_it_erases_and_a_dry_run_changes_nothing(
    session: Session, database_url: str
) -> None:
    attend(session)
    kept = RecordInput({"rural": True}, consent_for=("esf_reporting",))
    for person, until in (("p-1", dt.date(2027, 3, 1)), ("p-2", dt.date(2028, 1, 1))):
        save_record(session, person, replace(kept, retain_until=until), actor="t", now=AFTER)
    session.commit()
    dry = run(database_url, "retention", "apply", "--today", "2027-06-01", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would have erased p-1 (kept until 2027-03-01)" in dry.output
    assert "p-2" not in dry.output and "nothing changed" in dry.output
    assert people(session) == {"p-1", "p-2", "p-3"}
    done = run(database_url, "retention", "apply", "--today", "2027-06-01")
    assert done.exit_code == 0, done.output
    assert "erased p-1" in done.output and "member_attendance: 1" in done.output
    assert people(session) == {"p-2", "p-3"}
    again = run(database_url, "retention", "apply", "--today", "2027-06-01")
    assert "no record is past its retention date on 2027-06-01" in again.output


def test_erase_on_request_and_a_second_erase_is_refused(
    session: Session, database_url: str
) -> None:
    attend(session)
    first = run(database_url, "participant", "erase", "p-3")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("erased p-3: now anon-")
    assert people(session) == {"p-1", "p-2"}
    second = run(database_url, "participant", "erase", "p-3")
    assert second.exit_code == 1
    assert "nothing to erase" in second.output and "Traceback" not in second.output
    bad = run(database_url, "retention", "apply", "--today", "1.6.2027")
    assert bad.exit_code == 2 and "is not a date like 2026-12-31" in bad.output
