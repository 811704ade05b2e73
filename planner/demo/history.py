"""The demo's past: the four weeks before its own week planned, published and recorded.

So that the reports and the coordinator's pages show something real on a fresh demo, the
weeks before the demo's own week are planned (each with a short, deterministic search),
published through the same checks as the coordinator's Publish, and then what happened
is recorded through `planner.attendance.record`, as the facilitators, guides and
partners would have, on the Monday after each week:

- most sessions are held; a session or two is cancelled, with its reason;
- each mother comes most weeks (her own likelihood, between 70 % and 95 %), now and then
  absent or excused; the mothers of `GONE` have not come at all in these four weeks, so
  the coordinator's list of mothers who stopped coming has someone on it;
- the children in childcare are those of the mothers who came;
- most visits are done (a few a quarter of an hour longer or shorter than planned), some
  cancelled by the participant or the guide, a few no-shows;
- every partner confirms its carers' shifts: given at held sessions, not at cancelled ones;
- four mothers in five who came have a participant record with consent and ESF entry data,
  recorded by the coordinator at their first attendance (`planner.demo.records`).

Each session and visit draws from a generator seeded by `SEED`, the week's distance from
the demo's own week and the item's lasting id without its week (`g-arki-kemi/1`), so
what happened does not depend on where the plan put it: every run of the demo records
the same. (The plans are reproducible too, unless the machine is so busy that the short
search meets its time limit before its count of steps.) The own week has no records: it
has not happened yet.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.attendance import record
from planner.demo.records import save_records
from planner.domain import Scenario, childcare
from planner.domain.timeparts import iso_week, week_dates
from planner.formats.plan import dump_plan, load_plan
from planner.solver import SolveOptions, solve
from planner.store import db, review
from planner.store.master import export_scenario
from planner.store.plans import save_draft

WEEKS = 4
SEED = 2026
ACTOR = "demo"
# Two mothers, each in one group and with children in its childcare, who stopped coming.
GONE = ("p-19", "p-42")
# (weeks before the demo's week, group, reason): the sessions that did not take place.
CANCELLED = (
    (3, "g-leikki-keminmaa", "Ohjaaja sairastui eikä sijaista saatu."),
    (1, "g-arki-tornio", "Tila oli varattu vesivahingon korjauksen vuoksi."),
)


@dataclass
class Summary:
    """What the history holds, for the demo's printout."""

    weeks: list[str] = field(default_factory=list)
    sessions_held: int = 0
    sessions_cancelled: int = 0
    attendances: int = 0
    visits: dict[str, int] = field(default_factory=dict)
    shifts_confirmed: int = 0
    records: int = 0
    seconds: float = 0.0
    # Each mother's first attendance (the end of her first session present or visit done).
    firsts: dict[str, dt.datetime] = field(default_factory=dict)

    def lines(self) -> list[str]:
        visits = ", ".join(
            f"{self.visits[status]} {status.replace('_', '-')}"
            for status in sorted(self.visits, key=self.visits.__getitem__, reverse=True)
        )
        return [
            f"History {self.weeks[0]} - {self.weeks[-1]}: planned, published and recorded "
            f"in {self.seconds:.1f} s",
            f"  {self.sessions_held} sessions held ({self.attendances} mothers present), "
            f"{self.sessions_cancelled} cancelled; visits {visits}; "
            f"{self.shifts_confirmed} carer shifts confirmed",
            f"  {self.records} participant records with consent and ESF entry data "
            f"(of {len(self.firsts)} mothers who came)",
        ]

    def attended(self, person: str, at: dt.datetime) -> None:
        if person not in self.firsts or at < self.firsts[person]:
            self.firsts[person] = at


def history_weeks(week: str) -> list[str]:
    """The `WEEKS` ISO weeks before `week`, oldest first."""
    monday, _ = week_dates(week)
    return [iso_week(monday - dt.timedelta(weeks=n)) for n in range(WEEKS, 0, -1)]


def judged_on(week: str, born_by: dt.date) -> dt.date:
    """The day a demo week's scenario is validated as of: no child is born after it."""
    return childcare.judged_on(week, born_by)


def plan_week(scenario: Scenario, time_limit: float, seed: int) -> dict[str, Any]:
    """A past week's plan document: a short search that counts its steps, so reproducible.

    One after the other in this process: on two processors, a pool of processes took
    longer than this (each must import the solver first).
    """
    options = SolveOptions(time_limit=time_limit, workers=1, seed=seed, deterministic=True)
    return dump_plan(solve(scenario, options))


def make_history(
    engine: sa.Engine,
    week: str,
    born_by: dt.date,
    time_limit: float = 2.0,
    now: dt.datetime | None = None,
) -> Summary:
    """Plan, publish and record the `WEEKS` weeks before the demo's `week`.

    Only what has ended by `now` (default: the present) is recorded: when the demo's week
    is the coming one, the last of the four is this week, and its later days have not
    happened yet.
    """
    started = time.monotonic()
    now = now or dt.datetime.now(dt.UTC)
    weeks = history_weeks(week)
    with db.session_scope(engine) as session:
        scenarios = [export_scenario(session, w, today=judged_on(w, born_by)) for w in weeks]
    plans = [plan_week(s, time_limit, SEED + n) for n, s in enumerate(scenarios)]
    summary = Summary(weeks=weeks)
    for back, (past, scenario, plan) in enumerate(zip(weeks, scenarios, plans, strict=True)):
        with db.session_scope(engine) as session:
            version = save_draft(session, plan, ACTOR)
            # Through the coordinator's checks: a demo plan that breaks a rule is a bug.
            review.publish_checked(session, past, version.version, ACTOR, scenario)
        with db.session_scope(engine) as session:
            _record_week(session, scenario, plan, WEEKS - back, summary, now)
    areas = {p.id: p.area for p in scenarios[-1].participants}
    with db.session_scope(engine) as session:
        summary.records = save_records(session, summary.firsts, areas)
    summary.seconds = time.monotonic() - started
    return summary


def _record_week(
    session: Session,
    scenario: Scenario,
    document: dict[str, Any],
    back: int,
    summary: Summary,
    present: dt.datetime,
) -> None:
    """What happened in one week, recorded as of the Monday after it, or of `present`."""
    zone = ZoneInfo(scenario.timezone)
    monday_after = dt.datetime.combine(
        scenario.horizon.end + dt.timedelta(days=1), dt.time(9), zone
    )
    now = min(monday_after, present)
    plan = load_plan(document)
    groups = {g.id: g for g in scenario.groups}
    participants = {p.id: p for p in scenario.participants}
    likely = {
        p.id: random.Random(f"{SEED}/{p.id}").uniform(0.7, 0.95) for p in participants.values()
    }
    cancelled = {group: reason for weeks_back, group, reason in CANCELLED if weeks_back == back}
    shifts_by_session: dict[str, list[Any]] = {}
    for shift in plan.shifts:
        shifts_by_session.setdefault(shift.session, []).append(shift)
    for item in sorted(plan.sessions, key=lambda s: s.start):
        if item.end > now:
            continue
        group = groups[item.group]
        rng = random.Random(f"{SEED}/{back}/{_lasting(item.id)}")
        reason = cancelled.get(item.group) if item.id.endswith("/1") else None
        if reason is not None:
            record.record_session(
                session, item.id, status=record.CANCELLED, reason=reason, actor=ACTOR, now=now
            )
            summary.sessions_cancelled += 1
        else:
            members = {p: _member_status(rng, p, likely[p]) for p in group.members}
            day = item.start.astimezone(zone).date()
            brought = [
                child
                for p, status in members.items()
                if status == record.PRESENT
                for child in participants[p].children
            ]
            children = childcare.headcount(brought, day, scenario.settings.childcare).total
            record.record_session(
                session,
                item.id,
                status=record.HELD,
                members=members,
                children=children if group.childcare else 0,
                actor=ACTOR,
                now=now,
            )
            summary.sessions_held += 1
            summary.attendances += sum(s == record.PRESENT for s in members.values())
            for person, status in members.items():
                if status == record.PRESENT:
                    summary.attended(person, item.end)
        for shift in shifts_by_session.get(item.id, []):
            record.confirm_hours(
                session,
                shift.id,
                partner_id=shift.partner,
                given=reason is None,
                actor=ACTOR,
                now=now,
            )
            summary.shifts_confirmed += 1
    for visit in sorted(plan.visits, key=lambda v: v.start):
        if visit.end > now:
            continue
        rng = random.Random(f"{SEED}/{back}/{_lasting(visit.id)}")
        status, by, minutes = _visit_outcome(rng, visit)
        record.record_visit(
            session, visit.id, status=status, cancelled_by=by, minutes=minutes, actor=ACTOR, now=now
        )
        summary.visits[status] = summary.visits.get(status, 0) + 1
        if status == record.DONE:
            summary.attended(visit.participant, visit.end)


def _lasting(item_id: str) -> str:
    """An item's id without its week (`g-arki-kemi/1`): what it is in every week.

    Each item draws from a generator of its own, so what happened at it does not depend
    on when the plan put it or on the other items.
    """
    owner, _, number = item_id.split("/")
    return f"{owner}/{number}"


def _member_status(rng: random.Random, person: str, likely: float) -> str:
    draw = rng.random()
    if person in GONE:
        return record.EXCUSED if draw < 0.25 else record.ABSENT
    if draw < likely:
        return record.PRESENT
    return record.EXCUSED if rng.random() < 0.5 else record.ABSENT


def _visit_outcome(rng: random.Random, visit: Any) -> tuple[str, str | None, int | None]:
    draw = rng.random()
    if draw < 0.08:
        return record.NO_SHOW, None, None
    if draw < 0.16:
        return record.VISIT_CANCELLED, rng.choice(("participant", "participant", "staff")), None
    planned = int((visit.end - visit.start).total_seconds() // 60)
    minutes = planned + rng.choice((0, 0, 0, 0, 15, -15))
    return record.DONE, None, minutes
