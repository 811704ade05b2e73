"""Childcare, rule H9: counted children, the carers they need, and the carers' shifts.

The one home of this arithmetic for the solver, hand edits, the generator, the feeds and the
web front. Only the independent checker (`planner.check`, `planner.check.context`) keeps its own
copy, on purpose: it is the oracle that checks the solver, so it must not share its sums.

A session's counted children are its members' children aged at most `max_age` in completed
years on the session's local date (born by then) and not in daycare. With childcare and at
least one counted child a session needs max(`min_carers`, ⌈(n₃·`under_3_weight` + n₊) /
`children_per_carer`⌉) carers, computed in fractions, and a carer for infants when a counted
child is under 1. Each shift runs from `buffer_minutes` before its session to as many after.
Ages are judged as of the day a week is planned: today, or the week's Monday when it is
still ahead (a week planned in advance may hold a child born after today).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from planner.domain import (
    Child,
    ChildcareSettings,
    ChildCounts,
    Group,
    Participant,
    Scenario,
    Session,
    Shift,
)
from planner.domain.timeparts import week_dates


@dataclass(frozen=True)
class Headcount:
    """A session's counted children: under 3, 3 or older, and how many of them are under 1."""

    under_3: int = 0
    from_3: int = 0
    infants: int = 0

    @property
    def total(self) -> int:
        return self.under_3 + self.from_3

    def counts(self) -> ChildCounts:
        """The plan's `children` field of a session: under 3 and 3 or older."""
        return ChildCounts(self.under_3, self.from_3)


def counted_ages(children: Iterable[Child], day: dt.date, rules: ChildcareSettings) -> list[int]:
    """The ages on `day` of the children H9 counts: born by then, at most `max_age`, not in
    daycare."""
    return [
        age
        for child in children
        if not child.in_daycare and (age := child.age_on(day)) is not None and age <= rules.max_age
    ]


def headcount(children: Iterable[Child], day: dt.date, rules: ChildcareSettings) -> Headcount:
    """H9's counted children among `children` on `day`, by age band."""
    ages = counted_ages(children, day, rules)
    return Headcount(
        under_3=sum(age < 3 for age in ages),
        from_3=sum(age >= 3 for age in ages),
        infants=sum(age < 1 for age in ages),
    )


def group_headcount(
    group: Group,
    participants: Mapping[str, Participant],
    day: dt.date,
    rules: ChildcareSettings,
) -> Headcount:
    """The counted children of the group's members on `day` (members not found count none)."""
    children = [
        child
        for member in group.members
        if member in participants
        for child in participants[member].children
    ]
    return headcount(children, day, rules)


def session_date(scenario: Scenario, session: Session) -> dt.date:
    """The session's date on the scenario's clock: the day its children's ages are taken on."""
    return session.start.astimezone(ZoneInfo(scenario.timezone)).date()


def session_headcounts(scenario: Scenario, sessions: Iterable[Session]) -> dict[str, Headcount]:
    """The counted children of each session whose group the scenario holds, by session id."""
    groups = {g.id: g for g in scenario.groups}
    participants = {p.id: p for p in scenario.participants}
    rules = scenario.settings.childcare
    return {
        session.id: group_headcount(
            groups[session.group], participants, session_date(scenario, session), rules
        )
        for session in sessions
        if session.group in groups
    }


def carers_needed(rules: ChildcareSettings, childcare: bool, count: Headcount) -> int:
    """H9: the carers a session needs; none without childcare or without a counted child."""
    if not childcare or not count.total:
        return 0
    load = count.under_3 * Fraction(rules.under_3_weight) + count.from_3
    return max(rules.min_carers, math.ceil(load / rules.children_per_carer))


def shift_of(session: Session, carer: str, partner: str, rules: ChildcareSettings) -> Shift:
    """One carer's shift at a session: from the buffer before it to the buffer after."""
    buffer = dt.timedelta(minutes=rules.buffer_minutes)
    return Shift(
        id=f"{session.id}/{carer}",
        carer=carer,
        partner=partner,
        session=session.id,
        venue=session.venue,
        start=session.start - buffer,
        end=session.end + buffer,
    )


def partners_of_carers(scenario: Scenario) -> dict[str, str]:
    """Each carer's partner organisation, by carer id."""
    return {carer.id: partner.id for partner in scenario.partners for carer in partner.carers}


def shifts_of(
    session: Session, partner_of: Mapping[str, str], rules: ChildcareSettings
) -> list[Shift]:
    """The shifts of the session's carers, in its order; a carer without a partner has none."""
    return [
        shift_of(session, carer, partner_of[carer], rules)
        for carer in session.carers
        if carer in partner_of
    ]


def judged_on(week: str, today: dt.date | None = None) -> dt.date:
    """The day a week's scenario is judged as of: today, or the week's Monday if later."""
    return max(today or dt.date.today(), week_dates(week)[0])
