"""The ESF indicator table from recorded attendance and records, before and after erasure."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from planner.records.entry import RecordInput
from planner.records.erasure import apply_retention, erase_person
from planner.records.indicators import indicator_table
from planner.records.store import save_record
from tests.records.conftest import AFTER, attend

WEEK_START, WEEK_END = dt.date(2026, 11, 30), dt.date(2026, 12, 6)


def test_the_table_counts_who_started_and_erasure_keeps_it(session: Session) -> None:
    attend(session)  # p-1 and p-2 present on Tuesday 1.12., p-3 absent
    keep: dict = dict(consent_for=("esf_reporting",), retain_until=dt.date(2027, 1, 1))
    answers = {
        "p-1": {"labour_status": "long_term_unemployed", "rural": True},
        "p-2": {"labour_status": "employed"},
    }
    for person, given in answers.items():
        save_record(session, person, RecordInput(given, **keep), actor="t", now=AFTER)
    # p-3 never came, but her record says she started last month: not in this week's table.
    started = RecordInput({}, started_on=dt.date(2026, 11, 2))
    save_record(session, "p-3", started, actor="t", now=AFTER)
    session.commit()
    table = indicator_table(session, WEEK_START, WEEK_END)
    assert table["participants"] == 2
    assert (table["unemployed"], table["long_term_unemployed"], table["employed"]) == (1, 1, 1)
    assert table["rural"] == 1 and table["by_area"]["kemi"]["participants"] == 2
    assert (
        indicator_table(session, dt.date(2026, 11, 1), dt.date(2026, 11, 29))["participants"] == 1
    )
    erase_person(session, "p-2", actor="t", now=AFTER)
    apply_retention(session, dt.date(2027, 1, 2), actor="t", now=AFTER)  # erases p-1
    session.commit()
    assert indicator_table(session, WEEK_START, WEEK_END) == table
