"""Benchmark of re-planning around absences: what changes, and whether anyone is booked away.

The demo week is planned once; then, for every staff member with items, she reports her
busiest day away and the week is planned again the way the one-click re-plan does it:
the plan as `previous`, every item the absence does not touch `pinned`, the absence in her
`absent` periods. Then a second staff member reports her busiest day on top of the first
re-plan, to see whether the first re-plan's moves survive. Each plan is judged by the
checker and by `planner.planning.absences.clashes`.

Columns: touched = items the absence takes from her; changed = items of the re-plan that
differ from the plan before it (moved, re-staffed, cancelled or added); dropped = pins a
rule forbade; clashes = bookings inside a reported absence (must be 0); kept = of the first
re-plan's changes, how many the second keeps (where a second absence is planned); all
pinned = the same absence with her items left pinned too: how many pins the rules dropped.

    python benchmarks/replan.py                 # 10 s per re-plan
    python benchmarks/replan.py --limit 5 --staff 4
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.check import check  # noqa: E402
from planner.demo import demo_document  # noqa: E402
from planner.domain import Plan  # noqa: E402
from planner.formats.plan import dump_plan  # noqa: E402
from planner.formats.scenario import load_scenario  # noqa: E402
from planner.planning.absences import clashes  # noqa: E402
from planner.planning.diff import plan_diff  # noqa: E402
from planner.solver import SolveOptions, solve  # noqa: E402

WEEK = "2026-W49"
ZONE = ZoneInfo("Europe/Helsinki")


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZONE).date()


def items_of(plan: Plan, person: str, day: dt.date | None = None) -> list[str]:
    """The ids of a staff member's sessions and visits (on a day)."""
    found = [s.id for s in plan.sessions if person in s.facilitators or person in s.interpreters]
    found += [v.id for v in plan.visits if person in (v.staff, v.interpreter)]
    starts = {i.id: i.start for i in (*plan.sessions, *plan.visits)}
    return [ref for ref in found if day is None or _day(starts[ref]) == day]


def busiest_day(plan: Plan, person: str) -> dt.date:
    starts = {i.id: i.start for i in (*plan.sessions, *plan.visits)}
    days = [_day(starts[ref]) for ref in items_of(plan, person)]
    return max(sorted(set(days)), key=days.count)


def replanned(
    document: dict, plan: Plan, person: str, day: dt.date, limit: float, pin_all: bool = False
) -> tuple:
    """The week planned again around `person` away on `day`, as the one-click re-plan does.

    With `pin_all`, her items stay pinned too (as hand edits made before the absence was
    reported would be): the rules must drop those pins.
    """
    changed = copy.deepcopy(document)
    staff = next(s for s in changed["staff"] if s["id"] == person)
    staff["absent"] = [*staff.get("absent", []), {"start": day.isoformat(), "end": day.isoformat()}]
    dumped = dump_plan(plan)
    changed["previous"] = {"sessions": dumped["sessions"], "visits": dumped["visits"]}
    touched = set(items_of(plan, person, day))
    changed["pinned"] = sorted(
        i["id"]
        for i in (*dumped["sessions"], *dumped["visits"])
        if pin_all or i["id"] not in touched
    )
    scenario = load_scenario(changed, today=dt.date.fromisoformat(changed["horizon"]["start"]))
    started = time.perf_counter()
    result = solve(scenario, SolveOptions(time_limit=limit, seed=1))
    return changed, scenario, result, touched, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per plan")
    parser.add_argument("--staff", type=int, default=0, help="only the first N staff members")
    args = parser.parse_args()

    document = demo_document(WEEK)
    scenario = load_scenario(document, today=dt.date.fromisoformat(document["horizon"]["start"]))
    base = solve(scenario, SolveOptions(time_limit=args.limit, seed=1))
    total = len(base.sessions) + len(base.visits)
    print(f"demo {WEEK}: {total} items, cost {base.objective:.0f}, {len(base.unplaced)} unplaced")
    people = [s["id"] for s in document["staff"] if items_of(base, s["id"])]
    if args.staff:
        people = people[: args.staff]
    header = (
        "| away | day | touched | changed | dropped pins | unplaced | clashes | violations "
        "| cost before → after | s | then away | changed | kept of first | clashes "
        "| all pinned: dropped | clashes |"
    )
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    worst = 0
    for n, person in enumerate(people):
        day = busiest_day(base, person)
        doc1, sc1, first, touched, seconds = replanned(document, base, person, day, args.limit)
        diff1 = plan_diff(base, first)
        bad1 = clashes(sc1, first)
        violations = len(check(sc1, first))
        other = people[(n + 1) % len(people)]
        day2 = busiest_day(first, other)
        _, sc2, second, _, _ = replanned(doc1, first, other, day2, args.limit)
        diff2 = plan_diff(first, second)
        kept_items = {i.id: i for i in (*second.sessions, *second.visits)}
        moves = {d.ref: d.after for d in diff1 if d.after is not None}
        second_touched = set(items_of(first, other, day2))
        untouched = {ref: after for ref, after in moves.items() if ref not in second_touched}
        kept = sum(kept_items.get(ref) == after for ref, after in untouched.items())
        bad2 = clashes(sc2, second)
        _, sc3, pinned, _, _ = replanned(document, base, person, day, args.limit, pin_all=True)
        bad3 = clashes(sc3, pinned)
        worst = max(worst, len(bad1), len(bad2), len(bad3), violations, len(check(sc3, pinned)))
        print(
            f"| {person} | {day:%a %d.%m.} | {len(touched)} | {len(diff1)} "
            f"| {len(first.dropped_pins)} | {len(first.unplaced)} | {len(bad1)} | {violations} "
            f"| {base.objective:.0f} → {first.objective:.0f} | {seconds:.1f} "
            f"| {other} {day2:%a} | {len(diff2)} | {kept} of {len(untouched)} | {len(bad2)} "
            f"| {len(pinned.dropped_pins)} of {len(touched)} | {len(bad3)} |"
        )
    print(f"largest count of clashes or violations in any plan: {worst}")
    return 0 if worst == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
