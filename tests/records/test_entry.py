"""The entry form's rules, without a database: every problem names its field."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.records.entry import (
    ENTRY_FIELDS,
    InvalidRecord,
    RecordInput,
    check_record,
    indicator_counts,
    parse_entry,
)

TODAY = dt.date(2026, 12, 7)
LATER = dt.date(2036, 12, 31)


def test_every_field_may_be_left_unanswered() -> None:
    assert parse_entry({}) == dict.fromkeys(ENTRY_FIELDS)
    assert check_record(RecordInput({}), TODAY) == dict.fromkeys(ENTRY_FIELDS)


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age_band": "old"}, "entry.age_band"),
        ({"labour_status": "retired"}, "entry.labour_status"),
        ({"education": 3}, "entry.education"),
        ({"disability": "yes"}, "entry.disability"),
        ({"shoe_size": 38}, "entry.shoe_size"),
        (
            {"jobless_household": False, "jobless_household_with_children": True},
            "entry.jobless_household_with_children",
        ),
    ],
)
def test_a_wrong_answer_is_refused_naming_its_field(answers: dict, field: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        parse_entry(answers)
    assert caught.value.fields() == [field]
    assert field in str(caught.value)


def test_entry_data_needs_consent_and_a_retention_date() -> None:
    with pytest.raises(InvalidRecord) as caught:
        check_record(RecordInput({"migrant": True}), TODAY)
    assert caught.value.fields() == ["consent_for", "retain_until"]
    kept = check_record(
        RecordInput({"migrant": True}, consent_for=("esf_reporting",), retain_until=LATER), TODAY
    )
    assert kept["migrant"] is True


def test_dates_and_purposes_are_checked() -> None:
    given = RecordInput(
        {},
        consent_for=("marketing",),
        started_on=dt.date(2026, 12, 1),
        ended_on=dt.date(2026, 11, 1),
        retain_until=dt.date(2026, 1, 1),
    )
    with pytest.raises(InvalidRecord) as caught:
        check_record(given, TODAY)
    assert caught.value.fields() == ["consent_for", "ended_on", "retain_until"]


def test_nested_indicators_count_their_parts() -> None:
    counts = indicator_counts(
        [
            {"labour_status": "long_term_unemployed", "age_band": "25_54", "rural": True},
            {"labour_status": "unemployed", "rural": False},
            {"labour_status": "inactive_not_in_education"},
            None,
        ]
    )
    assert counts["participants"] == 4
    assert (counts["unemployed"], counts["long_term_unemployed"]) == (2, 1)
    assert (counts["inactive"], counts["inactive_not_in_education"]) == (1, 1)
    assert (counts["age_25_54"], counts["rural"], counts["employed"]) == (1, 1, 0)
