"""The planning commands of `kotoplan`: solve, check, generate, and plan from the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.check import check
from planner.commands.support import ISO_WEEK, actor, fail, reports_errors, write_json
from planner.demo.generate import generate_scenario
from planner.domain.childcare import judged_on
from planner.formats.plan import dump_plan, load_plan
from planner.formats.scenario import load_scenario, read_json
from planner.solver import Progress, SolveOptions, solve
from planner.store import db
from planner.store.master import export_scenario
from planner.store.plans import save_draft

_time_limit = click.option(
    "--time-limit", type=click.FloatRange(min=0.5), default=None,
    help="Seconds; default: the scenario's time_limit_seconds.",
)  # fmt: skip
_workers = click.option("--workers", type=click.IntRange(min=1), default=8, show_default=True)
_seed = click.option("--seed", type=int, default=0, show_default=True, help="Search seed.")
_deterministic = click.option(
    "--deterministic", is_flag=True, help="The same input and options give the same plan."
)


def _show_progress(progress: Progress) -> None:
    bound = "-" if progress.bound is None else f"{progress.bound:g}"
    click.echo(
        f"  {progress.elapsed:6.1f} s  cost {progress.objective:g}  bound {bound}  "
        f"placed {progress.placed}/{progress.items}",
        err=True,
    )


def _summary(plan) -> str:
    placed = len(plan.sessions) + len(plan.visits)
    lines = [
        f"{plan.status}: {placed} of {placed + len(plan.unplaced)} items placed "
        f"({len(plan.sessions)} sessions, {len(plan.shifts)} shifts, {len(plan.visits)} visits), "
        f"cost {plan.objective:g}, bound {plan.bound if plan.bound is not None else '-'}"
        if plan.status != "failed"
        else "failed:"
    ]
    lines += [f"  error {e.rule} {e.ref}: {e.text}" for e in plan.errors]
    for item in plan.unplaced:
        for reason in item.reasons:
            lines.append(f"  unplaced {item.ref} ({reason.rule}): {reason.text}")
    return "\n".join(lines)


@click.command("solve")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_time_limit
@_workers
@_seed
@_deterministic
@click.option("--quiet", is_flag=True, help="No progress lines.")
@reports_errors
def solve_command(
    scenario: Path,
    out: Path,
    time_limit: float | None,
    workers: int,
    seed: int,
    deterministic: bool,
    quiet: bool,
) -> None:
    """Plan a scenario file into a plan file (no database needed)."""
    loaded = load_scenario(read_json(scenario, "scenario"))
    options = SolveOptions(time_limit, workers, seed, deterministic)
    plan = solve(loaded, options, None if quiet else _show_progress)
    write_json(dump_plan(plan), out)
    click.echo(_summary(plan))
    if plan.status == "failed":
        sys.exit(1)


@click.command("check")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def check_command(scenario: Path, plan: Path) -> None:
    """Check a plan against its scenario's hard rules H1-H11; exit 1 on any violation."""
    loaded = load_scenario(read_json(scenario, "scenario"))
    checked = load_plan(read_json(plan, "plan"))
    violations = check(loaded, checked)
    for violation in violations:
        click.echo(str(violation))
    if violations:
        raise fail(f"{len(violations)} violations of the hard rules")
    click.echo("no violations of H1-H11")


@click.command("generate")
@click.option("--scale", type=click.IntRange(min=1, max=1000), default=1, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--week", type=ISO_WEEK, default="2026-W49", show_default=True, help="ISO week.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def generate_command(scale: int, seed: int, week: str, out: Path | None) -> None:
    """Make a random, realistic scenario; at scale K everything is K times larger."""
    write_json(generate_scenario(scale, seed, week), out)


@click.command("plan")
@click.option("--week", type=ISO_WEEK, required=True, help="ISO week, e.g. 2026-W49.")
@_time_limit
@_workers
@click.option("--as", "who", default=None, help="Who plans, for the change log.")
@click.pass_obj
@reports_errors
def plan_command(obj: dict[str, str], week: str, time_limit: float | None, workers: int,
                 who: str | None) -> None:  # fmt: skip
    """Plan a week from the database and save it as a new draft version."""
    with db.opened(obj["database"]) as engine:
        db.require_current(engine)
        with db.session_scope(engine) as session:
            scenario = export_scenario(session, week, today=judged_on(week))
        plan = solve(scenario, SolveOptions(time_limit=time_limit, workers=workers))
        with db.session_scope(engine) as session:
            version = save_draft(session, dump_plan(plan), who or actor())
            number = version.version
    click.echo(_summary(plan))
    click.echo(f"saved as draft version {number} of {week}")
