"""The report's figures from a recorded history (tests/reports/history.py), on SQLite and
PostgreSQL, against numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from planner.records.entry import ENTRY_FIELDS, INDICATORS
from planner.reports.facts import History, SessionFact, ShiftFact, StartFact, VisitFact
from planner.reports.figures import KEYS
from planner.reports.period import PeriodError, parse_period
from planner.reports.query import load_history, report
from planner.reports.report import build_report, reached_by_month, weekly_attendance
from tests.conftest import Bind
from tests.reports.history import FROM, TO, add_history

PERIOD = parse_period(FROM, TO)


@pytest.fixture
def session(bind: Bind):
    with Session(bind, join_transaction_mode="create_savepoint") as s:
        add_history(s)
        s.commit()
        yield s


def test_the_total_is_what_the_history_gives_by_hand(session: Session) -> None:
    total = report(session, PERIOD).total
    # Held with someone present: g-kemi W50 and W51. The Tornio session of W50 was cancelled,
    # at W51's nobody came, W49's is before the period and W52's (00.30 on 21.12.) after it.
    assert total.sessions_held == 2
    # W50: p-old + p-a; W51: p-a + anon-7f3a.
    assert total.attendances == 2 + 2
    # 120 + 90 planned minutes.
    assert total.group_hours == (120 + 90) / 60 == 3.5
    # n-1 (7.12. 01.00 in Helsinki, still 6.12. in UTC) and n-2 (20.12. 22.30) are done.
    assert total.visits_done == 2
    assert total.guidance_hours == (60 + 45) / 60 == 1.75
    # p-old, p-a, anon-7f3a at sessions, p-c at a visit (p-old's visit counts her once).
    assert total.participants_reached == 4
    # p-old first came on 30.11., before the period: p-a, anon-7f3a and p-c are new.
    assert total.new_participants == 3
    # par-a: c-aino W50 150 (unconfirmed, came) + c-aino W51 120 (version 2's shift, not
    # version 1's 180) + c-eve 0 (confirmed not given) = 270 min = 4.5 h.
    # par-b: c-bea W50 confirmed 120 (not the published 150) + c-dora 0 (did not come);
    # c-cid's shifts are at a cancelled and at an all-absent session = 120 min = 2 h.
    assert total.childcare_hours_by_partner == {"par-a": 270 / 60, "par-b": 120 / 60}
    # g-kemi: present 2 + 2 of marks 3 + 3; g-tornio 0 of 2; g-tornio-b has no marks.
    assert total.attendance_rate == {
        "g-kemi": round(4 / 6, 3),
        "g-tornio": 0.0,
        "g-tornio-b": None,
    }


def test_by_area_each_municipality_has_its_own_figures(session: Session) -> None:
    by_area = report(session, PERIOD).by_area
    assert set(by_area) == {"kemi", "tornio"}
    kemi, tornio = by_area["kemi"].as_dict(), by_area["tornio"].as_dict()
    assert kemi == {
        "participants_reached": 3,  # p-old, p-a, anon-7f3a (p-old also at n-2)
        "new_participants": 2,  # p-a, anon-7f3a
        "sessions_held": 2,
        "attendances": 4,
        "group_hours": 3.5,
        "visits_done": 1,  # n-2
        "guidance_hours": 0.75,  # 45 min
        "childcare_hours_by_partner": {"par-a": 4.5, "par-b": 2.0},
        "attendance_rate": {"g-kemi": 0.667},
    }
    assert tornio == {
        "participants_reached": 1,  # p-c at n-1
        "new_participants": 1,
        "sessions_held": 0,  # one cancelled, one with all absent
        "attendances": 0,
        "group_hours": 0.0,
        "visits_done": 1,  # n-1; n-3 was a no-show, n-4 cancelled
        "guidance_hours": 1.0,
        "childcare_hours_by_partner": {},  # c-cid's hours are at sessions not held
        "attendance_rate": {"g-tornio": 0.0, "g-tornio-b": None},
    }


def test_a_person_who_first_came_before_the_period_is_not_new(session: Session) -> None:
    before = report(session, parse_period("2026-11-30", "2026-11-30")).total
    assert (before.participants_reached, before.new_participants) == (1, 1)  # p-old
    # From 30.11. on she is new again, in a period that holds her first day.
    wider = report(session, parse_period("2026-11-30", TO)).total
    assert (wider.participants_reached, wider.new_participants) == (4, 4)


def test_the_esf_table_counts_starters_by_each_answer(session: Session) -> None:
    esf = report(session, PERIOD).esf
    # p-a (no date: first came 8.12.), p-g (started 14.12., never came) and anon-7f3a
    # (no record: first came 15.12.); p-old started 30.11. and p-c on 1.12., before it.
    assert esf.starters == 3
    # Every field of the form in its order, every allowed answer, not answered (None) last.
    assert list(esf.fields) == list(ENTRY_FIELDS)
    assert esf.fields["labour_status"] == {
        "employed": 0,
        "unemployed": 0,
        "long_term_unemployed": 1,  # p-g
        "inactive": 1,  # p-a
        "inactive_not_in_education": 0,
        None: 1,  # anon-7f3a
    }
    assert esf.fields["age_band"] == {"below_25": 0, "25_54": 1, "above_54": 0, None: 2}
    assert esf.fields["education"] == {"isced_0_2": 0, "isced_3_4": 1, "isced_5_8": 0, None: 2}
    assert esf.fields["migrant"] == {True: 1, False: 1, None: 1}
    assert esf.fields["rural"] == {True: 0, False: 0, None: 3}
    assert all(sum(counts.values()) == 3 for counts in esf.fields.values())
    # The Annex I roll-ups: p-g's long-term unemployment counts as unemployed too.
    rolled = {name: n for name, n in esf.indicators.items() if n}
    assert rolled == {
        "unemployed": 1,
        "long_term_unemployed": 1,
        "inactive": 1,
        "age_25_54": 1,
        "isced_3_4": 1,
        "migrant": 1,
    }
    assert list(esf.indicators) == [name for name, _field, _counted in INDICATORS]


def test_the_esf_table_has_words_in_finnish_and_english(session: Session) -> None:
    esf = report(session, PERIOD).esf
    fi = {(r.question, r.answer): r.count for r in esf.rows("fi")}
    en = {(r.question, r.answer): r.count for r in esf.rows("en")}
    assert fi[("Työmarkkina-asema", "Pitkäaikaistyötön")] == 1
    assert fi[("Työmarkkina-asema", "Ei vastattu")] == 1
    assert fi[("Maahanmuuttaja", "Kyllä")] == fi[("Maahanmuuttaja", "Ei")] == 1
    assert en[("Age", "25–54 years")] == 1 and en[("Age", "Not answered")] == 2
    indicators = {text: n for _name, text, n in esf.indicator_rows("en")}
    assert indicators["Unemployed, including long-term unemployed"] == 1
    assert indicators["Migrant"] == 1


def test_the_esf_table_ignores_unknown_keys_and_shows_unknown_values_raw() -> None:
    day = dt.date(2026, 12, 8)
    history = History(
        visits=(VisitFact("v", "p", "kemi", day, "done", 60),),
        starts=(StartFact("p", None, {"age_band": "18-24", "shoe_size": 38}),),
    )
    esf = build_report(history, parse_period("2026-12-01", "2026-12-31")).esf
    assert esf.starters == 1
    assert esf.fields["age_band"] == {"below_25": 0, "25_54": 0, "above_54": 0, "18-24": 1, None: 0}
    assert "shoe_size" not in esf.fields
    assert [r.answer for r in esf.rows("fi") if r.value == "18-24"] == ["18-24"]


def test_the_stea_summary_adds_up_the_figures(session: Session) -> None:
    stea = report(session, PERIOD).stea
    assert stea.participants == 4 and stea.new_participants == 3
    assert (stea.group_meetings, stea.guidance_meetings, stea.meetings) == (2, 2, 2 + 2)
    assert stea.meeting_participants == 4 + 2  # attendances + visits done
    assert stea.volunteer_hours == 4.5 + 2.0


def test_the_json_form_has_exactly_the_figures_and_by_area(session: Session) -> None:
    document = report(session, PERIOD).figures_json()
    assert set(document) == {*KEYS, "by_area"}
    assert list(KEYS) == [
        "participants_reached",
        "new_participants",
        "sessions_held",
        "attendances",
        "group_hours",
        "visits_done",
        "guidance_hours",
        "childcare_hours_by_partner",
        "attendance_rate",
    ]
    assert all(set(f) == set(KEYS) for f in document["by_area"].values())


def test_the_charts_series_count_attendances_by_week_and_people_by_month(
    session: Session,
) -> None:
    history = load_history(session, PERIOD)
    weeks, series = weekly_attendance(history, PERIOD)
    assert weeks == ["2026-W50", "2026-W51"]
    assert series == {"kemi": [2, 2], "tornio": [0, 0]}
    # November: p-old; December up to 20.12.: + p-c, p-a, anon-7f3a (p-late comes 21.12.).
    assert reached_by_month(history, dt.date(2026, 12, 20)) == [("2026-11", 1), ("2026-12", 4)]
    assert reached_by_month(history, dt.date(2026, 12, 31))[-1] == ("2026-12", 5)


def test_the_childcare_rule_prefers_the_partners_word_over_the_published_shift() -> None:
    day = dt.date(2026, 12, 8)
    history = History(
        sessions=(SessionFact("s", "g", "kemi", day, 60, "held", {"p": "present"}),),
        shifts=(
            ShiftFact("s/c1", "s", "par", published=90, confirmed=None, came=True),  # 90
            ShiftFact("s/c2", "s", "par", published=90, confirmed=30, came=False),  # 30
            ShiftFact("s/c3", "s", "par", published=90, confirmed=None, came=False),  # 0
            ShiftFact("s/c4", "s", "par", published=90, confirmed=0, came=True),  # not given
        ),
    )
    period = parse_period("2026-12-01", "2026-12-31")
    assert build_report(history, period).total.childcare_hours_by_partner == {"par": 2.0}


def test_a_visit_done_without_minutes_adds_no_hours_but_counts() -> None:
    day = dt.date(2026, 12, 8)
    history = History(visits=(VisitFact("v", "p", "kemi", day, "done", None),))
    total = build_report(history, parse_period("2026-12-08", "2026-12-08")).total
    assert (total.visits_done, total.guidance_hours, total.participants_reached) == (1, 0.0, 1)


@pytest.mark.parametrize(
    ("start", "end", "field", "reason"),
    [
        ("2026-12-31", "2026-12-01", "from", "after_end"),
        ("2026-02-30", "2026-12-01", "from", "not_a_date"),
        ("2026-01-01", "", "to", "missing"),
        ("1066-10-14", "2026-12-01", "from", "out_of_range"),
    ],
    ids=["from-after-to", "no-such-day", "no-end", "long-ago"],
)
def test_a_bad_period_is_refused_naming_its_field(start, end, field, reason) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(start, end)
    assert (caught.value.field, caught.value.reason) == (field, reason)
