"""The shipped Meri-Lappi demo: valid in any coming week, realistic, obviously fictional."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter

import pytest

from planner.demo import coming_week, demo_document
from planner.domain import Role, Scenario
from planner.domain.timeparts import week_dates
from planner.formats.scenario import load_scenario

FICTIONAL_SURNAMES = {"Esimerkki", "Malli", "Testinen", "Kuvitteellinen"}


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return load_scenario(demo_document(), today=dt.date(2026, 11, 27))


@pytest.mark.parametrize("weeks_ahead", [0, 1, 9, 26, 52, 104])
def test_the_demo_is_valid_in_the_coming_week_of_any_day(weeks_ahead: int) -> None:
    for weekday in range(7):
        today = dt.date(2026, 11, 23) + dt.timedelta(weeks=weeks_ahead, days=weekday)
        week = coming_week(today)
        scenario = load_scenario(demo_document(week), today=today)
        assert (scenario.horizon.start, scenario.horizon.end) == week_dates(week)
        assert scenario.horizon.start > today


def test_moving_the_demo_keeps_ages_and_weekdays() -> None:
    base = load_scenario(demo_document(), today=dt.date(2026, 11, 27))
    later = load_scenario(demo_document("2027-W20"), today=dt.date(2027, 5, 17))
    shift = later.horizon.start - base.horizon.start
    for a, b in zip(base.participants, later.participants, strict=True):
        for child_a, child_b in zip(a.children, b.children, strict=True):
            assert child_b.age_on(later.horizon.start) == child_a.age_on(base.horizon.start)
    for a, b in zip(base.staff, later.staff, strict=True):
        assert [p.start + shift for p in a.absent] == [p.start for p in b.absent]


def test_the_demo_has_the_size_of_the_real_project(demo: Scenario) -> None:
    assert {a.name for a in demo.areas} == {"Kemi", "Keminmaa", "Simo", "Tervola", "Tornio"}
    assert 4 <= len(demo.partners) <= 6
    assert 16 <= len(demo.carers()) <= 24
    assert 8 <= len(demo.staff) <= 12
    assert 50 <= len(demo.participants) <= 70
    assert 10 <= len(demo.groups) <= 14
    assert 20 <= len(demo.guidance) <= 30
    assert {g.theme for g in demo.groups} >= {
        "everyday_life", "housing", "culture", "leisure", "life_management"
    }  # fmt: skip
    assert 3 <= len({g.language for g in demo.groups}) <= 4
    assert {i.remote for i in demo.interpreters} == {True, False}
    assert any("Mikseri" in v.name for v in demo.venues)


def test_children_of_all_ages(demo: Scenario) -> None:
    monday = demo.horizon.start
    ages = Counter(min(c.age_on(monday), 7) for p in demo.participants for c in p.children)
    assert all(ages[age] for age in range(8)), ages
    assert any(c.in_daycare for p in demo.participants for c in p.children)


def test_people_are_obviously_fictional(demo: Scenario) -> None:
    people = [*demo.staff, *demo.carers(), *demo.participants, *demo.interpreters]
    for person in people:
        assert person.name.split()[-1] in FICTIONAL_SURNAMES, person.id
    emails = [p.email for p in (*demo.staff, *demo.carers(), *demo.partners) if p.email]
    assert emails and all(re.search(r"@example\.(org|fi)$", e) for e in emails)


def _carers_needed(demo: Scenario, members: tuple[str, ...]) -> tuple[int, int, bool]:
    settings = demo.settings.childcare
    people = {p.id: p for p in demo.participants}
    ages = [
        c.age_on(demo.horizon.start)
        for m in members
        for c in people[m].children
        if not c.in_daycare and c.age_on(demo.horizon.start) is not None
    ]
    counted = [a for a in ages if a <= settings.max_age]
    under_3 = sum(a < 3 for a in counted)
    weighted = under_3 * settings.under_3_weight + (len(counted) - under_3)
    need = max(settings.min_carers, math.ceil(weighted / settings.children_per_carer))
    return (need if counted else 0), len(counted), any(a < 1 for a in counted)


def test_every_group_has_the_people_and_rooms_it_needs(demo: Scenario) -> None:
    venues = {v.id: v for v in demo.venues}
    for group in demo.groups:
        area = venues[group.venues[0]].area
        speakers = [
            s for s in demo.staff
            if Role.FACILITATOR in s.roles and group.language in s.languages
            and (group.facilitator_pool is None or s.id in group.facilitator_pool)
        ]  # fmt: skip
        assert speakers, group.id
        carers, counted, infants = _carers_needed(demo, group.members)
        if group.childcare and counted:
            local = [c for c in demo.carers() if area in c.areas]
            assert len(local) >= carers, group.id
            assert not infants or any(c.infants for c in local), group.id
            assert any(
                venues[v].childcare_room and venues[v].childcare_capacity >= counted
                for v in group.venues
            ), group.id
        for language in group.interpreting:
            assert any({language, group.language} <= set(i.languages) for i in demo.interpreters), (
                group.id,
                language,
            )


def test_every_guidance_need_has_a_guide_who_can_talk_with_her(demo: Scenario) -> None:
    people = {p.id: p for p in demo.participants}
    for need in demo.guidance:
        spoken = set(people[need.participant].languages)
        guides = [
            s for s in demo.staff
            if Role.GUIDE in s.roles and (need.staff is None or s.id in need.staff)
        ]  # fmt: skip
        assert any(
            spoken & set(g.languages)
            or any(spoken & set(i.languages) and set(g.languages) & set(i.languages)
                   for i in demo.interpreters)
            for g in guides
        ), need.id  # fmt: skip


def test_a_demo_week_far_ahead_has_no_child_born_after_today() -> None:
    # Issue 13: `kotoplan demo --week 2027-W12` wrote birth dates in the future, so the
    # database could plan no week but that one.
    today = dt.date(2026, 12, 3)
    moved = demo_document("2027-W12")
    kept = demo_document("2027-W12", born_by=today)
    assert max(c["birth_date"] for p in moved["participants"] for c in p["children"]) > "2026-12-03"
    changed = 0
    for a, b in zip(moved["participants"], kept["participants"], strict=True):
        for before, after in zip(a["children"], b["children"], strict=True):
            born = dt.date.fromisoformat(after["birth_date"])
            assert born <= today
            changed += before != after
            assert before == after or born == today  # only the unborn are moved
    assert changed
    load_scenario(kept, today=today)  # valid as of today, for any week
