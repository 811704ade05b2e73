"""Who started in a period, and the report's ESF table over recorded attendance and
records, before and after erasure."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from planner.records import labels
from planner.records.entry import ENTRY_FIELDS, INDICATORS, RecordInput
from planner.records.erasure import apply_retention, erase_person
from planner.records.indicators import started_in
from planner.records.store import save_record
from planner.reports.period import Period
from planner.reports.query import report
from tests.records.conftest import AFTER, attend

WEEK = Period(dt.date(2026, 11, 30), dt.date(2026, 12, 6))
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 29))


def test_a_given_start_date_wins_over_the_first_attendance() -> None:
    given = {"a": None, "b": dt.date(2026, 11, 2), "c": dt.date(2026, 12, 2)}
    first = {"a": dt.date(2026, 12, 1), "b": dt.date(2026, 12, 1), "d": dt.date(2026, 12, 6)}
    # a by her first attendance, c by her date (never came), d without a record; b started
    # in November though she first came this week.
    assert started_in(given, first, WEEK.start, WEEK.end) == ["a", "c", "d"]
    assert started_in(given, first, NOVEMBER.start, NOVEMBER.end) == ["b"]


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
    table = report(session, WEEK).esf
    assert table.starters == 2
    assert table.fields["labour_status"]["long_term_unemployed"] == 1
    assert table.fields["labour_status"]["employed"] == 1
    assert table.fields["rural"] == {True: 1, False: 0, None: 1}
    indicators = table.indicators
    assert (indicators["unemployed"], indicators["long_term_unemployed"]) == (1, 1)
    assert (indicators["employed"], indicators["rural"]) == (1, 1)
    assert report(session, NOVEMBER).esf.starters == 1
    erase_person(session, "p-2", actor="t", now=AFTER)
    apply_retention(session, dt.date(2027, 1, 2), actor="t", now=AFTER)  # erases p-1
    session.commit()
    assert report(session, WEEK).esf == table


def test_every_question_answer_and_indicator_has_its_words_in_both_languages() -> None:
    def words(language: str) -> list[str]:
        found = []
        for field in ENTRY_FIELDS:
            found.append(labels.question(field, language))
            found += [labels.answer(value, language) for value in labels.answers_of(field)]
        found += [labels.indicator(name, language) for name, _field, _counted in INDICATORS]
        return [*found, labels.answer(None, language)]

    finnish, english = words("fi"), words("en")
    assert all(finnish) and all(english)
    # Translated, not copied: no Finnish text is its English one.
    assert [pair for pair in zip(finnish, english, strict=True) if pair[0] == pair[1]] == []
    assert labels.answer(None, "fi") == labels.not_answered("fi") == "Ei vastattu"
