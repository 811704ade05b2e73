"""Rule H9's arithmetic in `planner.domain.childcare`: children, carers, shifts, judged day."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from planner.check.context import CheckContext
from planner.domain import (
    Child,
    ChildcareSettings,
    ChildCounts,
    Group,
    Participant,
    Session,
    childcare,
)
from planner.domain.childcare import Headcount
from planner.domain.timeparts import WeeklyWindows
from tests import builders as b

RULES = ChildcareSettings()  # 7 a carer, under 3 weigh 7/4, at most 6, 15 min, at least 1
DAY = dt.date(2026, 12, 1)
UTC = dt.UTC


def _group(members: tuple[str, ...] = ("p-1",), childcare: bool = True) -> Group:
    return Group(
        id="g-1",
        name="Group",
        theme="everyday_life",
        venues=("v-hall",),
        language="fi",
        members=members,
        sessions_per_week=1,
        duration_minutes=120,
        windows=WeeklyWindows(),
        facilitators=1,
        childcare=childcare,
    )


def _mother(id: str, *children: Child) -> Participant:
    return Participant(id, "Mother (fictional)", "kemi", "Home street 7", ("fi",), children)


def _born(years: int, days: int = 0) -> dt.date:
    """A birth date `years` years before DAY, `days` days further back (negative: later)."""
    return DAY.replace(year=DAY.year - years) - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("count", "rules", "wanted"),
    [
        pytest.param(Headcount(from_3=7), RULES, 1, id="seven-from-3-fill-one-carer"),
        pytest.param(Headcount(from_3=8), RULES, 2, id="the-eighth-needs-a-second"),
        pytest.param(Headcount(under_3=4), RULES, 1, id="four-under-3-weigh-exactly-7"),
        pytest.param(Headcount(under_3=4, from_3=1), RULES, 2, id="weight-8-needs-two"),
        pytest.param(Headcount(under_3=3, from_3=1), RULES, 1, id="weight-6.25-needs-one"),
        pytest.param(Headcount(under_3=8), RULES, 2, id="weight-14-needs-two"),
        pytest.param(Headcount(under_3=9), RULES, 3, id="weight-15.75-needs-three"),
        pytest.param(Headcount(from_3=1), ChildcareSettings(min_carers=2), 2, id="min-carers"),
        pytest.param(
            Headcount(under_3=10),
            ChildcareSettings(under_3_weight=Fraction(7, 10)),
            1,
            id="exact-not-floating-point",  # 10 * 0.7 is 7.000000000000001 in floats
        ),
        pytest.param(Headcount(), RULES, 0, id="no-child-no-carer"),
    ],
)
def test_carers_needed_at_the_ratio_boundaries(count, rules, wanted) -> None:
    assert childcare.carers_needed(rules, True, count) == wanted


def test_a_group_without_childcare_needs_no_carer_whatever_its_children() -> None:
    assert childcare.carers_needed(RULES, False, Headcount(under_3=20, infants=3)) == 0


@pytest.mark.parametrize(
    ("born", "in_daycare", "counted"),
    [
        pytest.param(_born(6, days=-1), False, Headcount(from_3=1), id="six-until-tomorrow"),
        pytest.param(_born(7), False, Headcount(), id="seven-today-is-at-school"),
        pytest.param(_born(3), False, Headcount(from_3=1), id="three-today-is-from-3"),
        pytest.param(_born(3, days=-1), False, Headcount(under_3=1), id="three-tomorrow"),
        pytest.param(_born(1, days=-1), False, Headcount(under_3=1, infants=1), id="infant"),
        pytest.param(_born(1), False, Headcount(under_3=1), id="one-today-is-no-infant"),
        pytest.param(DAY, False, Headcount(under_3=1, infants=1), id="born-that-day"),
        pytest.param(DAY + dt.timedelta(days=1), False, Headcount(), id="not-yet-born"),
        pytest.param(_born(2), True, Headcount(), id="in-daycare"),
    ],
)
def test_children_are_counted_by_their_age_on_the_day(born, in_daycare, counted) -> None:
    child = Child("ch-1", born, in_daycare)
    assert childcare.headcount([child], DAY, RULES) == counted


def test_max_age_is_a_setting() -> None:
    child = Child("ch-1", _born(7))
    assert childcare.headcount([child], DAY, ChildcareSettings(max_age=7)) == Headcount(from_3=1)


def test_a_group_counts_every_members_children_and_skips_unknown_members() -> None:
    mothers = {
        "p-1": _mother("p-1", Child("ch-1", _born(0, 30)), Child("ch-2", _born(4))),
        "p-2": _mother("p-2", Child("ch-3", _born(2))),
    }
    group = _group(("p-1", "p-2", "p-gone"))
    count = childcare.group_headcount(group, mothers, DAY, RULES)
    assert count == Headcount(under_3=2, from_3=1, infants=1)
    assert count.total == 3
    assert count.counts() == ChildCounts(under_3=2, from_3=1)


def test_a_session_without_children_needs_no_carer() -> None:
    mothers = {"p-1": _mother("p-1")}
    count = childcare.group_headcount(_group(), mothers, DAY, RULES)
    assert count == Headcount()
    assert childcare.carers_needed(RULES, True, count) == 0


def test_ages_are_taken_on_the_sessions_local_date() -> None:
    # 23:30 UTC on Monday is already Tuesday in Helsinki, the child's third birthday.
    doc = b.world(participants=[b.participant(children=[b.child(birth_date="2023-12-01")])])
    scenario = b.scenario(doc)
    late = Session("g-1/2026-W49/1", "g-1", "v-hall", dt.datetime(2026, 11, 30, 23, 30, tzinfo=UTC),
                   dt.datetime(2026, 12, 1, 1, 30, tzinfo=UTC))  # fmt: skip
    assert childcare.session_date(scenario, late) == dt.date(2026, 12, 1)
    assert childcare.session_headcounts(scenario, [late]) == {late.id: Headcount(from_3=1)}


def test_the_counts_agree_with_the_independent_checker() -> None:
    doc = b.world(participants=[b.participant(children=[
        b.child("ch-1", "2026-03-01"), b.child("ch-2", "2022-05-05"), b.child("ch-3", "2019-01-01"),
        b.child("ch-4", "2025-01-01", in_daycare=True),
    ])])  # fmt: skip
    scenario, plan = b.scenario(doc), b.plan(b.world_plan())
    mine = childcare.session_headcounts(scenario, plan.sessions)
    theirs = CheckContext(scenario, plan).counted
    assert mine.keys() == {s.id for s in plan.sessions}
    for session_id, count in mine.items():
        counted = theirs[session_id]
        assert (count.under_3, count.from_3, count.infants) == (
            counted.under_3,
            counted.from_3,
            counted.infants,
        )
    assert mine[plan.sessions[0].id] == Headcount(under_3=1, from_3=1, infants=1)


def test_shifts_run_from_the_buffer_before_to_the_buffer_after() -> None:
    start = dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    session = Session("g-1/2026-W49/1", "g-1", "v-hall", start, start + dt.timedelta(hours=2),
                      carers=("c-b", "c-a", "c-gone"))  # fmt: skip
    partner_of = {"c-a": "par-1", "c-b": "par-2"}
    shifts = childcare.shifts_of(session, partner_of, ChildcareSettings(buffer_minutes=20))
    assert [(s.id, s.carer, s.partner) for s in shifts] == [
        ("g-1/2026-W49/1/c-b", "c-b", "par-2"),
        ("g-1/2026-W49/1/c-a", "c-a", "par-1"),
    ]
    for shift in shifts:
        assert (shift.session, shift.venue) == (session.id, "v-hall")
        assert shift.start == dt.datetime(2026, 12, 1, 7, 40, tzinfo=UTC)
        assert shift.end == dt.datetime(2026, 12, 1, 10, 20, tzinfo=UTC)


def test_the_shifts_of_the_world_plan_are_the_builders_shifts() -> None:
    scenario, plan = b.scenario(b.world()), b.plan(b.world_plan())
    partner_of = childcare.partners_of_carers(scenario)
    assert partner_of == {"c-aada": "par-parish"}
    derived = [
        shift
        for session in plan.sessions
        for shift in childcare.shifts_of(session, partner_of, scenario.settings.childcare)
    ]
    assert derived == list(plan.shifts)


@pytest.mark.parametrize(
    ("week", "today", "judged"),
    [
        pytest.param("2026-W49", dt.date(2026, 11, 25), dt.date(2026, 11, 30), id="ahead-monday"),
        pytest.param("2026-W49", dt.date(2026, 12, 3), dt.date(2026, 12, 3), id="under-way"),
        pytest.param("2026-W40", dt.date(2026, 12, 3), dt.date(2026, 12, 3), id="past-today"),
    ],
)
def test_a_week_is_judged_as_of_today_or_its_monday_if_later(week, today, judged) -> None:
    assert childcare.judged_on(week, today) == judged


def test_the_judged_day_defaults_to_today() -> None:
    assert childcare.judged_on("2000-W01") == dt.date.today()
