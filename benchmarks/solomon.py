"""Solomon's 25-customer VRPTW instances as Kotoplan weeks: the yardstick of the routing part.

Each instance becomes one Monday of a scenario week: the depot and every customer an area of
its own, each customer a participant with one home visit, the vehicles identical guides based
at the depot. Solomon's travel time equals distance, so one time scale S (minutes per Solomon
unit) maps both: travel is the truncated distance (int(10 d) / 10) times S rounded half up to
a whole minute, durations are service times S rounded half up, a window starts at ready · S
rounded up and ends at the latest start (due · S rounded down) plus the duration, so every
start the plan may use is a whole minute that Solomon allows too. S is the largest scale up to
6 that fits the depot's horizon into one day of 1,439 minutes: R1's horizon is 230 units
(S = 6), RC1's 240 (S = 1439/240 ≈ 6.0), C1's 1,236 with service times of 90 (S = 1439/1236 ≈
1.16), so C1's whole-minute rounding is coarser (up to 0.43 units a leg, R1's 0.08).

The travel measured is the plan's routes (each guide's visits by start) in exact truncated
Solomon distances, depot to depot; the plan's own `cost.travel` is in rounded minutes and is
shown beside it only for reference. `tw ok` re-checks the routes in Solomon's own arithmetic
(waiting allowed, start by the due date, back at the depot by its due date), as the rounding
of travel may make a route legal in minutes that Solomon's data forbid. Demands are ignored:
the optima are for unlimited vehicles, and the capacity of 200 is taken not to bind for the
25-customer variants. The total demand is 332-540, so that is a claim about each route, and
`cap ok` verifies it on every route of the plan. The default weights stay: serving any customer
alone costs at most 542 minutes here, under the 1,000 of leaving it unplaced, so an optimal
plan places everyone, but a poor one may drop a visit to save travel.

    python benchmarks/solomon.py                          # all 29 instances, 10 s each
    python benchmarks/solomon.py --instances R101 C102 --time-limit 30 --json rows.json
    python benchmarks/solomon.py --selftest
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import resource
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

# The team's shared folder lies beside the checkout (../shared), as in CI.
BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "solomon_vrptw"
MONDAY = dt.date(2026, 12, 7)  # 2026-W50: no Finnish public holiday in the whole week
DAY_MINUTES = 24 * 60 - 1
MAX_SCALE = Fraction(6)
WITHIN = 1.02


@dataclass(frozen=True)
class Customer:
    """One Solomon node: the depot is number 0."""

    number: int
    x: int
    y: int
    demand: int
    ready: int
    due: int
    service: int


@dataclass(frozen=True)
class Instance:
    """A Solomon instance cut to its depot and first customers."""

    name: str
    capacity: int
    nodes: tuple[Customer, ...]


class VisitLike(Protocol):
    participant: str
    staff: str
    start: dt.datetime


def read_instance(name: str, customers: int) -> Instance:
    """The depot and the first `customers` customers of a Solomon file."""
    lines = (BENCH / "instances" / f"{name}.txt").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:2] == ["NUMBER", "CAPACITY"])
    capacity = int(lines[at + 1].split()[1])
    rows = [line.split() for line in lines[at + 2 :]]
    nodes = [Customer(*map(int, row)) for row in rows if len(row) == 7 and row[0].isdigit()]
    return Instance(name, capacity, tuple(nodes[: customers + 1]))


def tenths(a: Customer, b: Customer) -> int:
    """Solomon's distance truncated to one decimal, in tenths (exact integer arithmetic)."""
    return math.isqrt(100 * ((a.x - b.x) ** 2 + (a.y - b.y) ** 2))


def scale_of(instance: Instance) -> Fraction:
    """Minutes per Solomon time unit: the depot's horizon fits into one day."""
    depot = instance.nodes[0]
    return min(MAX_SCALE, Fraction(DAY_MINUTES, depot.due - depot.ready))


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _range(start: int, end: int) -> str:
    end = min(end, 24 * 60)
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def area_of(node: Customer) -> str:
    """The area id of a depot or customer."""
    return "a-depot" if node.number == 0 else f"a-c{node.number:02d}"


def scenario_document(instance: Instance) -> dict[str, Any]:
    """The Kotoplan scenario (`kotoplan-scenario/1`) of a Solomon instance."""
    s = scale_of(instance)
    depot, customers = instance.nodes[0], instance.nodes[1:]
    opens, closes = math.ceil(depot.ready * s), math.floor(depot.due * s)
    hours = math.ceil((closes - opens) * 100 / 60) / 100  # never binds within the depot's day
    travel = {
        area_of(a): {area_of(b): _half_up(tenths(a, b) * s / 10) for b in instance.nodes}
        for a in instance.nodes
    }
    participants, guidance = [], []
    for c in customers:
        tag = f"c{c.number:02d}"
        duration = _half_up(c.service * s)
        window = _range(math.ceil(c.ready * s), math.floor(c.due * s) + duration)
        participants.append(
            {"id": f"p-{tag}", "name": f"Customer {c.number}", "area": area_of(c),
             "address": f"({c.x}, {c.y})", "languages": ["fi"], "children": []}
        )  # fmt: skip
        guidance.append(
            {"id": f"n-{tag}", "participant": f"p-{tag}", "visits_per_week": 1,
             "duration_minutes": duration, "place": "home", "windows": {"mon": [window]}}
        )  # fmt: skip
    staff = [
        {"id": f"s-g{k:02d}", "name": f"Guide {k}", "base_area": "a-depot", "languages": ["fi"],
         "roles": ["guide"], "hours_per_week": hours, "max_hours_per_day": hours,
         "available": {"mon": [_range(opens, closes)]}, "absent": []}
        for k in range(1, len(customers) + 1)
    ]  # fmt: skip
    return {
        "format": "kotoplan-scenario/1",
        "name": f"Solomon {instance.name} ({len(customers)} customers)",
        "timezone": "Europe/Helsinki",
        "country": "FI",
        "horizon": {"start": MONDAY.isoformat(), "end": (MONDAY + dt.timedelta(6)).isoformat()},
        "settings": {"slot_minutes": 1},
        "areas": [{"id": area_of(n), "name": area_of(n)} for n in instance.nodes],
        "travel_minutes": travel,
        "venues": [],
        "staff": staff,
        "participants": participants,
        "guidance": guidance,
    }


def routes_of(visits: Iterable[VisitLike]) -> list[list[int]]:
    """Each guide's customers in the order of their visits."""
    by_staff: dict[str, list[VisitLike]] = defaultdict(list)
    for visit in visits:
        by_staff[visit.staff].append(visit)
    return [
        [int(v.participant.removeprefix("p-c")) for v in sorted(own, key=lambda v: v.start)]
        for _, own in sorted(by_staff.items())
    ]


def route_tenths(instance: Instance, route: list[int]) -> int:
    """A route's truncated Solomon distance in tenths, depot to depot."""
    stops = [instance.nodes[0], *(instance.nodes[n] for n in route), instance.nodes[0]]
    return sum(tenths(a, b) for a, b in zip(stops, stops[1:], strict=False))


def solomon_feasible(instance: Instance, route: list[int]) -> bool:
    """Whether a route keeps Solomon's windows in its own units (earliest starts)."""
    here, clock = instance.nodes[0], Fraction(instance.nodes[0].ready)
    for node in (instance.nodes[n] for n in route):
        clock = max(Fraction(node.ready), clock + Fraction(tenths(here, node), 10))
        if clock > node.due:
            return False
        clock, here = clock + node.service, node
    return clock + Fraction(tenths(here, instance.nodes[0]), 10) <= instance.nodes[0].due


def run_case(name: str, customers: int, limit: float, workers: int, seed: int, pipe) -> None:
    """Map, solve and measure one instance in a process of its own; send back its row."""
    try:
        from planner.check import check
        from planner.formats.scenario import load_scenario
        from planner.solver import SolveOptions, solve

        instance = read_instance(name, customers)
        scenario = load_scenario(scenario_document(instance), today=MONDAY)
        started = time.perf_counter()
        plan = solve(scenario, SolveOptions(time_limit=limit, workers=workers, seed=seed))
        seconds = time.perf_counter() - started
        routes = routes_of(plan.visits)
        demand = [sum(instance.nodes[n].demand for n in route) for route in routes]
        row = {
            "placed": len(plan.visits),
            "travel": sum(route_tenths(instance, route) for route in routes) / 10,
            "cost_travel": plan.cost.get("travel"),
            "routes": len(routes),
            "solve_seconds": round(seconds, 2),
            "cp_sat": str(plan.stats.get("status", "-")),
            "violations": len(check(scenario, plan)),
            "cap_ok": all(d <= instance.capacity for d in demand),
            "tw_ok": all(solomon_feasible(instance, route) for route in routes),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    except BaseException:  # any failure of the case is its result
        row = {"error": traceback.format_exc()}
    pipe.send(row)


def measure(name: str, args: argparse.Namespace, optimum: float) -> dict[str, Any]:
    """One instance's row, from a spawned child; a crash or a hang is a row too."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    case = (name, args.customers, args.time_limit, args.workers, args.seed, send)
    process = context.Process(target=run_case, args=case)
    started = time.perf_counter()
    process.start()
    send.close()  # so that a child that dies leaves the pipe at its end
    try:
        row = receive.recv() if receive.poll(5 * args.time_limit + 120) else {"error": "timeout"}
    except EOFError:
        row = {"error": "no result"}
    process.join(60)  # a child that sent its row is shutting down; one that hangs is killed
    if process.is_alive():
        process.kill()
        process.join()
    row |= {"instance": name, "optimum": optimum, "exit_code": process.exitcode}
    row["wall_seconds"] = round(time.perf_counter() - started, 2)
    if "travel" in row:
        row["ratio"] = row["travel"] / optimum
        row["within"] = row["placed"] == args.customers and row["ratio"] <= WITHIN
    return row


HEADER = (
    f"{'instance':<8} {'placed':>6} {'travel':>7} {'optimum':>7} {'ratio':>6} {'2 %':>3} "
    f"{'cost.tr':>7} {'solve s':>7} {'wall s':>6} {'MB':>5} {'viol':>4} {'cap ok':>6} "
    f"{'tw ok':>5} {'routes':>6} {'cp-sat':>9}"
)


def line_of(row: dict[str, Any], customers: int) -> str:
    """One table line of a measured row."""
    if "error" in row:
        last = row["error"].strip().splitlines()[-1]
        seconds, code = row["wall_seconds"], row["exit_code"]
        return f"{row['instance']:<8} failed after {seconds} s (exit code {code}): {last}"
    yes = {True: "yes", False: "NO"}
    return (
        f"{row['instance']:<8} {row['placed']:>3}/{customers:<2} {row['travel']:>7.1f} "
        f"{row['optimum']:>7.1f} {row['ratio']:>6.3f} {yes[row['within']]:>3} "
        f"{row['cost_travel'] or 0:>7.0f} {row['solve_seconds']:>7.1f} "
        f"{row['wall_seconds']:>6.1f} {row['peak_mb']:>5} {row['violations']:>4} "
        f"{yes[row['cap_ok']]:>6} {yes[row['tw_ok']]:>5} {row['routes']:>6} {row['cp_sat']:>9}"
    )


def summary_of(rows: list[dict[str, Any]], customers: int) -> str:
    """How many instances are all placed and within 2 %; mean and max ratio of the placed."""
    full = [r for r in rows if "error" not in r and r["placed"] == customers]
    ratios = [r["ratio"] for r in full]
    mean = f"{sum(ratios) / len(ratios):.3f}" if ratios else "-"
    top = f"{max(ratios):.3f}" if ratios else "-"
    within = sum(r["within"] for r in full)
    return (
        f"all placed {len(full)}/{len(rows)}, within 2 % {within}/{len(rows)}, "
        f"ratio of the all-placed: mean {mean}, max {top}"
    )


@dataclass(frozen=True)
class _Stop:
    participant: str
    staff: str
    start: dt.datetime


def selftest() -> None:
    """The mapping of R101 with 5 customers validates, and route travel is the formula."""
    from planner.formats.scenario import load_scenario

    instance = read_instance("R101", 5)
    scenario = load_scenario(scenario_document(instance), today=MONDAY)
    assert len(scenario.guidance) == 5 and len(scenario.staff) == 5
    at = dt.datetime(2026, 12, 7, 8, 0)
    stops = [_Stop("p-c03", "s-g02", at), _Stop("p-c05", "s-g01", at),
             _Stop("p-c01", "s-g02", at - dt.timedelta(hours=1))]  # fmt: skip
    assert routes_of(stops) == [[5], [1, 3]]
    depot, one, three = instance.nodes[0], instance.nodes[1], instance.nodes[3]
    by_hand = sum(
        int(10 * math.hypot(a.x - b.x, a.y - b.y)) / 10
        for a, b in [(depot, one), (one, three), (three, depot)]
    )
    assert math.isclose(route_tenths(instance, [1, 3]) / 10, by_hand), by_hand
    # Customer 1 (41, 49) is 15.2 from the depot (35, 35): 91.2 minutes at S = 6, so 91.
    assert scenario_document(instance)["travel_minutes"]["a-depot"]["a-c01"] == 91
    print("selftest ok")


def main() -> None:
    optima: dict[str, float] = json.loads((BENCH / "optima-25.json").read_text())["optimum"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="+", default=list(optima), choices=list(optima))
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--customers", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    if args.selftest:
        return selftest()
    if args.customers != 25:
        print(f"note: the optima are of the 25-customer variants, not of {args.customers}")
    print(HEADER, flush=True)
    rows = []
    for name in args.instances:
        rows.append(measure(name, args, optima[name]))
        print(line_of(rows[-1], args.customers), flush=True)
    for row in rows:
        if "error" in row:
            print(f"\n{row['instance']}: {row['error']}", file=sys.stderr)
    print(summary_of(rows, args.customers))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
