"""Benchmark of the weekly plan solver on generated scenarios of scale 1, 10 and 100.

Each case runs in a process of its own, so that its peak memory is its own. Prints one row
per case: items, seconds to the first plan (the constructive one) and to CP-SAT's best,
objective, bound, gap, unplaced, peak memory, and the constructive plan's objective beside
the final one; and whether the plan passes the independent checker.

    python benchmarks/solver.py                      # scales 1 and 10, seeds 1-3
    python benchmarks/solver.py --scales 1 10 100 --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import resource
import time

LIMITS = {1: 10.0, 10: 60.0, 100: 300.0}


def run_case(scale: int, seed: int, limit: float, workers: int, queue) -> None:
    from planner.check import check
    from planner.generate import generate_scenario
    from planner.scenario import load_scenario
    from planner.solver import SolveOptions, solve

    document = generate_scenario(scale, seed)
    scenario = load_scenario(document, today=dt.date.fromisoformat(document["horizon"]["start"]))
    started = time.perf_counter()
    plan = solve(scenario, SolveOptions(time_limit=limit, workers=workers))
    wall = time.perf_counter() - started
    violations = len(check(scenario, plan))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        {
            "scale": scale,
            "seed": seed,
            "items": len(plan.sessions) + len(plan.visits) + len(plan.unplaced),
            "status": plan.status,
            "wall": wall,
            "first": plan.stats.get("first_plan_seconds"),
            "best": plan.stats.get("best_solution_seconds"),
            "objective": plan.objective,
            "bound": plan.bound,
            "unplaced": len(plan.unplaced),
            "peak_mb": peak,
            "heuristic": plan.stats.get("heuristic_objective"),
            "cp_sat": str(plan.stats.get("status", "-")),
            "violations": violations,
        }
    )


def _fmt(value, pattern: str = "{:.1f}") -> str:
    return "-" if value is None else pattern.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    header = (
        f"{'scale':>5} {'seed':>4} {'items':>5} {'wall s':>7} {'first s':>7} {'best s':>7} "
        f"{'objective':>10} {'bound':>9} {'gap':>6} {'unpl':>4} {'peak MB':>8} "
        f"{'heuristic':>10} {'cp-sat':>9} {'viol':>4}"
    )
    print(header)
    for scale in args.scales:
        for seed in args.seeds:
            queue = context.Queue()
            process = context.Process(
                target=run_case, args=(scale, seed, LIMITS.get(scale, 60.0), args.workers, queue)
            )
            process.start()
            process.join()
            if process.exitcode != 0 or queue.empty():
                print(f"{scale:>5} {seed:>4} failed: exit code {process.exitcode}", flush=True)
                continue
            row = queue.get()
            gap = None
            if row["bound"] and row["objective"]:
                gap = 100 * (row["objective"] - row["bound"]) / row["objective"]
            print(
                f"{scale:>5} {seed:>4} {row['items']:>5} {_fmt(row['wall']):>7} "
                f"{_fmt(row['first']):>7} {_fmt(row['best']):>7} "
                f"{_fmt(row['objective'], '{:.0f}'):>10} "
                f"{_fmt(row['bound'], '{:.0f}'):>9} {_fmt(gap, '{:.0f}%'):>6} {row['unplaced']:>4} "
                f"{row['peak_mb']:>8.0f} {_fmt(row['heuristic'], '{:.0f}'):>10} "
                f"{row['cp_sat']:>9} {row['violations']:>4}",
                flush=True,
            )


if __name__ == "__main__":
    main()
