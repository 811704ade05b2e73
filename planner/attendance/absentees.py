"""Mothers who have stopped coming, and the members whose children childcare counts.

Two rules read the recorded attendance of held sessions (a session record with status
`held`; cancelled sessions and sessions nobody recorded do not count):

- **Not come for four weeks** (`absentees`): a member of a group is flagged when her
  groups held sessions in at least four ISO weeks before now, and in the last four of
  those weeks she is not `present` at any of her groups' held sessions (absent, excused,
  or not marked at all). She is listed with the groups she missed.
- **Childcare follows attendance** (`not_counted`, when the organisation's setting
  `childcare_follows_attendance` is on): a mother's children are not counted for the
  childcare of a week when, of her groups' held sessions before that week that recorded
  her (present, absent or excused), the last four (or all, if fewer) have her absent or
  excused at every one. A mother with no such record yet (new, or her groups record
  nothing) counts, as without the setting. Her children are then not counted in any of
  her groups: children come with their mother.

Both are pure functions of the held sessions; `held_sessions` reads them from the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from planner.attendance.record import HELD, PRESENT
from planner.store import models as m

WEEKS = 4
SESSIONS = 4
LOOK_BACK = dt.timedelta(weeks=26)  # the furthest back either rule looks


@dataclass(frozen=True)
class HeldSession:
    """A held session as the rules see it: when, which group, each member's status."""

    group: str
    week: str  # its ISO week, as the plan has it
    start: dt.datetime
    statuses: Mapping[str, str]


@dataclass(frozen=True)
class Absentee:
    """A mother not present at her groups' held sessions in their last `WEEKS` weeks."""

    person: str
    groups: tuple[str, ...]  # her groups that held sessions in those weeks
    weeks: tuple[str, ...]  # the weeks looked at, oldest first
    last_present: dt.datetime | None  # her last `present` before them, if any is known


def _by_group(
    members: Mapping[str, Sequence[str]], held: Iterable[HeldSession]
) -> tuple[dict[str, list[HeldSession]], dict[str, list[str]]]:
    """The held sessions of each group, and the groups of each member."""
    by_group: dict[str, list[HeldSession]] = {}
    for item in held:
        by_group.setdefault(item.group, []).append(item)
    groups_of: dict[str, list[str]] = {}
    for group, people in members.items():
        for person in people:
            groups_of.setdefault(person, []).append(group)
    return by_group, groups_of


def absentees(
    members: Mapping[str, Sequence[str]], held: Iterable[HeldSession], weeks: int = WEEKS
) -> list[Absentee]:
    """The members (`members`: group -> participant ids) who have not come for `weeks` weeks.

    `held` are the held sessions before now. Sorted by person.
    """
    by_group, groups_of = _by_group(members, held)
    found = []
    for person in sorted(groups_of):
        sessions = [s for g in groups_of[person] for s in by_group.get(g, [])]
        looked = sorted({s.week for s in sessions})[-weeks:]
        if len(looked) < weeks:
            continue  # not four weeks of sessions yet: nothing to say
        recent = [s for s in sessions if s.week in looked]
        if any(s.statuses.get(person) == PRESENT for s in recent):
            continue
        earlier = [s.start for s in sessions if s.statuses.get(person) == PRESENT]
        found.append(
            Absentee(
                person=person,
                groups=tuple(g for g in groups_of[person] if any(s.group == g for s in recent)),
                weeks=tuple(looked),
                last_present=max(earlier, default=None),
            )
        )
    return found


def not_counted(
    members: Mapping[str, Sequence[str]], held: Iterable[HeldSession], sessions: int = SESSIONS
) -> set[str]:
    """The members whose children childcare does not count when it follows attendance.

    Of `members` (group -> participant ids), the mothers who were recorded at one or more
    of their groups' last `sessions` held sessions that recorded them, and present at
    none of those.
    """
    by_group, groups_of = _by_group(members, held)
    left_out = set()
    for person, groups in groups_of.items():
        recorded = sorted(
            (s for g in groups for s in by_group.get(g, []) if person in s.statuses),
            key=lambda s: s.start,
        )[-sessions:]
        if recorded and not any(s.statuses[person] == PRESENT for s in recorded):
            left_out.add(person)
    return left_out


def group_members(session: Session) -> dict[str, list[str]]:
    """Every group's members from the master data, in the group's order."""
    found: dict[str, list[str]] = {}
    rows = session.execute(
        sa.select(m.GroupMember.group_id, m.GroupMember.participant_id).order_by(
            m.GroupMember.group_id, m.GroupMember.position
        )
    )
    for group, person in rows:
        found.setdefault(group, []).append(person)
    return found


def held_sessions(
    session: Session, since: dt.datetime, before: dt.datetime | None = None
) -> list[HeldSession]:
    """The held sessions recorded that started from `since` (and before `before`, if given)."""
    query = (
        sa.select(m.SessionRecord)
        .options(selectinload(m.SessionRecord.members))
        .where(m.SessionRecord.status == HELD, m.SessionRecord.start >= since)
        .order_by(m.SessionRecord.start)
    )
    if before is not None:
        query = query.where(m.SessionRecord.start < before)
    return [
        HeldSession(
            row.group_id, row.week, _aware(row.start), {a.person: a.status for a in row.members}
        )
        for row in session.scalars(query)
    ]


def find_absentees(session: Session, now: dt.datetime) -> list[Absentee]:
    """The mothers who have not come for four weeks, as of `now`.

    Every record there is counts: only a session that has started can have one.
    """
    return absentees(group_members(session), held_sessions(session, now - LOOK_BACK))


def not_coming_for_childcare(session: Session, monday: dt.date, timezone: str) -> set[str]:
    """The mothers whose children the childcare of the week from `monday` does not count
    when it follows attendance: judged by the sessions held before that week."""
    start = dt.datetime.combine(monday, dt.time(), ZoneInfo(timezone))
    return not_counted(group_members(session), held_sessions(session, start - LOOK_BACK, start))


def _aware(value: dt.datetime) -> dt.datetime:
    """A stored instant as an aware one: SQLite gives them back without a zone (UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
