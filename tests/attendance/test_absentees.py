"""Mothers who stopped coming: the start page's flag and childcare that follows attendance."""

from __future__ import annotations

import datetime as dt

from planner.attendance.absentees import HeldSession, absentees, not_counted
from planner.domain.timeparts import iso_week

MONDAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)  # 2026-W45


def held(group: str, weeks_on: int, **statuses: str) -> HeldSession:
    start = MONDAY + dt.timedelta(weeks=weeks_on)
    return HeldSession(group, iso_week(start.date()), start, statuses)


MEMBERS = {"g-a": ["p-1", "p-2", "p-3"], "g-b": ["p-3", "p-4"]}


def test_a_member_absent_at_her_groups_last_four_weeks_of_sessions_is_flagged() -> None:
    history = [
        held("g-a", 0, **{"p-1": "present", "p-2": "present", "p-3": "absent"}),
        held("g-a", 1, **{"p-1": "absent", "p-2": "excused", "p-3": "absent"}),
        held("g-a", 2, **{"p-1": "present", "p-3": "absent"}),  # p-2 not marked: not present
        held("g-a", 4, **{"p-1": "present", "p-2": "absent", "p-3": "absent"}),  # a week off
        held("g-a", 5, **{"p-1": "present", "p-2": "absent", "p-3": "present"}),
        held("g-b", 5, **{"p-4": "absent"}),
    ]
    found = absentees(MEMBERS, history)
    assert [a.person for a in found] == ["p-2"]
    (p2,) = found
    # The four weeks that had sessions: W46, W47, W49, W50 (W48 had none).
    assert p2.weeks == ("2026-W46", "2026-W47", "2026-W49", "2026-W50")
    assert p2.groups == ("g-a",)
    assert p2.last_present == MONDAY  # in W45, before the four weeks
    # p-3 came once, in g-a's last week; p-4's group has held one week only: not four yet.


def test_coming_to_either_group_is_coming() -> None:
    history = [held("g-a", n, **{"p-3": "absent"}) for n in range(4)]
    assert [a.person for a in absentees(MEMBERS, history)] == ["p-1", "p-2", "p-3"]
    history.append(held("g-b", 3, **{"p-3": "present"}))
    flagged = {a.person: a for a in absentees(MEMBERS, history)}
    assert set(flagged) == {"p-1", "p-2"}
    assert flagged["p-1"].last_present is None


def test_childcare_leaves_out_only_mothers_absent_at_each_of_their_last_four_records() -> None:
    history = [
        held("g-a", 0, **{"p-1": "present", "p-2": "present", "p-3": "present"}),
        held("g-a", 1, **{"p-1": "absent", "p-2": "absent", "p-3": "absent"}),
        held("g-a", 2, **{"p-1": "excused", "p-2": "absent"}),
        held("g-a", 3, **{"p-1": "absent", "p-2": "present"}),
        held("g-a", 4, **{"p-1": "absent", "p-2": "absent"}),
    ]
    # p-1: her last four records are absent or excused. p-2 came in week 3. p-3 has two
    # records, the last absent but the one before present. p-4 has none: she counts.
    assert not_counted(MEMBERS, history) == {"p-1"}
    history.append(held("g-b", 5, **{"p-3": "absent"}))
    history.append(held("g-b", 6, **{"p-3": "excused", "p-4": "absent"}))
    # p-3's last four records (her two groups together) still hold her present of week 0.
    assert not_counted(MEMBERS, history) == {"p-1", "p-4"}
    history.append(held("g-b", 7, **{"p-3": "absent"}))
    assert not_counted(MEMBERS, history) == {"p-1", "p-3", "p-4"}
    history.append(held("g-a", 8, **{"p-1": "present"}))
    assert not_counted(MEMBERS, history) == {"p-3", "p-4"}
