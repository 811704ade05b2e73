"""Benchmark of the weekly plan solver: the demo week and generated weeks of scale 1, 10, 100.

Each case runs `kotoplan solve` as a whole command in a process of its own, at the default
time limits (10, 60 and 300 s), and measures its wall time and peak memory from outside;
the plan is then judged by `kotoplan check`'s checker. Beside the search's objective the
table shows what simpler planners get on the same week, each in a process of its own:

- first-fit: the constructive plan of old (`planner.solver.heuristic.construct`: hardest
  item first, the first option that can be staffed, people by load), one pass;
- insertion: the solver's own first plan, cheapest feasible insertion (`heuristic_objective`);
- full CP-SAT: the whole week as one CP-SAT model from the first-fit plan, at the same time
  limit, where the model is small enough to build (`--full`, scale 1 and the demo only).

Columns: first s / best s = seconds to the first plan and to the best; bound = the plan's
lower bound; gap = (objective - bound) / objective; unpl = items left out (first-fit's in
brackets); ratio = objective / first-fit's objective.

    python benchmarks/solver.py                        # demo, scale 1 (3 seeds), 10 (2 seeds)
    python benchmarks/solver.py --cases 100:1          # scale 100, seed 1
    python benchmarks/solver.py --cases demo 1:1 --full --limit 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMITS = {"demo": 10.0, 1: 10.0, 10: 60.0, 100: 300.0}
DEFAULT_CASES = ["demo", "1:1", "1:2", "1:3", "10:1", "10:2"]


def _document(case: str) -> dict:
    from planner.demo import demo_document
    from planner.demo.generate import generate_scenario

    if case == "demo":
        return demo_document("2026-W49")
    scale, seed = (int(part) for part in case.split(":"))
    return generate_scenario(scale, seed)


def _scenario(document: dict):
    from planner.formats.scenario import load_scenario

    return load_scenario(document, today=dt.date.fromisoformat(document["horizon"]["start"]))


def _first_fit(document: dict, queue) -> None:
    """The constructive plan of old, one pass, and its unplaced items."""
    from planner.solver import objective_of
    from planner.solver.heuristic import construct
    from planner.solver.space import build_space

    space = build_space(_scenario(document))
    choices = construct(space)
    queue.put((objective_of(space, choices), len(space.items) - len(choices)))


def _full_model(document: dict, limit: float, workers: int, queue) -> None:
    """The whole week as one CP-SAT model from the first-fit plan (the solver of old)."""
    from planner.solver import exact, objective_of
    from planner.solver.heuristic import construct
    from planner.solver.space import build_space

    started = time.perf_counter()
    space = build_space(_scenario(document))
    hint = construct(space)
    left = limit - (time.perf_counter() - started)
    run = exact.run(space, hint, exact.Effort(left, workers))
    objective = run.objective if run.choices is not None else objective_of(space, hint)
    queue.put((objective, run.stats.get("status"), run.bound))


def _in_child(target, *args):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    process.join()
    return None if process.exitcode != 0 or queue.empty() else queue.get()


def _command(scenario: Path, plan: Path, limit: float, workers: int, seed: int):
    """`kotoplan solve` as a whole command: its wall time and peak memory."""
    command = [sys.executable, "-c", "from web.cli import main; main()", "solve",
               str(scenario), "--out", str(plan), "--time-limit", str(limit),
               "--workers", str(workers), "--seed", str(seed), "--quiet"]  # fmt: skip
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    return wall, usage.ru_maxrss / 1024, child.returncode, error


def run_case(case: str, limit: float | None, workers: int, seed: int, full: bool) -> dict:
    from planner.check import check
    from planner.formats.plan import load_plan

    document = _document(case)
    scale = "demo" if case == "demo" else int(case.split(":")[0])
    limit = limit or LIMITS.get(scale, 60.0)
    with tempfile.TemporaryDirectory() as folder:
        scenario_path, plan_path = Path(folder) / "week.json", Path(folder) / "plan.json"
        scenario_path.write_text(json.dumps(document), encoding="utf-8")
        wall, peak, code, error = _command(scenario_path, plan_path, limit, workers, seed)
        if code != 0:
            return {"case": case, "error": error.strip().splitlines()[-1:] or [str(code)]}
        plan = load_plan(json.loads(plan_path.read_text(encoding="utf-8")))
    first_fit = _in_child(_first_fit, document)
    full_model = _in_child(_full_model, document, limit, workers) if full else None
    scenario = _scenario(document)
    return {
        "case": case,
        "items": len(plan.sessions) + len(plan.visits) + len(plan.unplaced),
        "limit": limit,
        "wall": wall,
        "first": plan.stats.get("first_plan_seconds"),
        "best": plan.stats.get("best_solution_seconds"),
        "first_fit": first_fit[0] if first_fit else None,
        "first_fit_unplaced": first_fit[1] if first_fit else None,
        "insertion": plan.stats.get("heuristic_objective"),
        "objective": plan.objective,
        "full": full_model[0] if full_model else None,
        "full_status": full_model[1] if full_model else None,
        "bound": plan.bound,
        "unplaced": len(plan.unplaced),
        "peak_mb": peak,
        "violations": len(check(scenario, plan)),
        "steps": plan.stats.get("search_steps"),
    }


def _fmt(value, pattern: str = "{:.1f}") -> str:
    return "-" if value is None else pattern.format(value)


HEADER = (
    f"{'case':>6} {'items':>5} {'limit':>5} {'wall s':>6} {'first s':>7} {'best s':>6} "
    f"{'first-fit':>9} {'insertion':>9} {'search':>8} {'full CP-SAT':>11} {'bound':>8} "
    f"{'gap':>5} {'unpl':>7} {'ratio':>5} {'peak MB':>7} {'viol':>4}"
)


def line_of(row: dict) -> str:
    if "error" in row:
        return f"{row['case']:>6} failed: {' '.join(row['error'])}"
    gap = None
    if row["bound"] is not None and row["objective"]:
        gap = 100 * (row["objective"] - row["bound"]) / row["objective"]
    ratio = row["objective"] / row["first_fit"] if row["first_fit"] else None
    unplaced = f"{row['unplaced']} ({_fmt(row['first_fit_unplaced'], '{}')})"
    full = _fmt(row["full"], "{:.0f}")
    return (
        f"{row['case']:>6} {row['items']:>5} {row['limit']:>5.0f} {row['wall']:>6.1f} "
        f"{_fmt(row['first']):>7} {_fmt(row['best']):>6} {_fmt(row['first_fit'], '{:.0f}'):>9} "
        f"{_fmt(row['insertion'], '{:.0f}'):>9} {row['objective']:>8.0f} {full:>11} "
        f"{_fmt(row['bound'], '{:.0f}'):>8} {_fmt(gap, '{:.0f}%'):>5} {unplaced:>7} "
        f"{_fmt(ratio, '{:.2f}'):>5} {row['peak_mb']:>7.0f} {row['violations']:>4}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=DEFAULT_CASES,
                        help="demo, or SCALE:SEED such as 10:1")  # fmt: skip
    parser.add_argument("--limit", type=float, default=None, help="seconds; default by scale")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0, help="the search's seed")
    parser.add_argument("--full", action="store_true", help="also the full CP-SAT model")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args()
    print(HEADER, flush=True)
    rows = []
    for case in args.cases:
        row = run_case(case, args.limit, args.workers, args.seed, args.full)
        rows.append(row)
        print(line_of(row), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
