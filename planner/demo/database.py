"""A fresh demo database: the Meri-Lappi region, its four past weeks recorded, its week.

`kotoplan demo` (`web/demo.py`) builds on it: it plans and publishes the week and serves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from planner.commands.support import write_json
from planner.demo import coming_week, demo_document
from planner.demo.history import judged_on, make_history
from planner.formats.scenario import dump_scenario
from planner.store import db
from planner.store.master import export_scenario, import_scenario

DEMO_DATABASE = "kotoplan-demo.db"
HISTORY_TIME_LIMIT = 1.0  # seconds of deterministic search for each week before the demo's


def make_demo_database(
    database_file: Path, week: str | None, history_time_limit: float = HISTORY_TIME_LIMIT
) -> tuple[str, Any]:
    """A fresh SQLite file with the demo region, the four weeks before its week planned,
    published and recorded, and its week's scenario written beside it.

    Returns the database URL and the scenario of the week (the coming week by default);
    the week itself is not planned here. Any week will do, past ones too.
    """
    week = week or coming_week(dt.date.today())
    # Demo children keep their ages in any week, but none is born after today: the database
    # must plan other weeks too, judged as of today (issue 13).
    born_by = dt.date.today()
    today = judged_on(week, born_by)
    database_file.unlink(missing_ok=True)
    url = f"sqlite:///{database_file}"
    with db.opened(url) as engine:
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            report = import_scenario(session, demo_document(week, born_by), "demo", today=today)
        history = make_history(engine, week, born_by, history_time_limit)
        with db.session_scope(engine) as session:
            # Its `previous` is the week before's published plan: the week stays near it.
            scenario = export_scenario(session, week, today=today)
    out = database_file.with_name(f"kotoplan-demo-{week}.json")
    write_json(dump_scenario(scenario), out)
    click.echo(f"Created {database_file} with the Meri-Lappi demo region:")
    for line in report.lines():
        click.echo(f"  {line}")
    for line in history.lines():
        click.echo(line)
    click.echo(_demo_summary(scenario))
    click.echo(f"The scenario of {week} is in {out}.")
    return url, scenario


def _demo_summary(scenario: Any) -> str:
    areas = {a.id: a.name for a in scenario.areas}
    venue_area = {v.id: v.area for v in scenario.venues}
    lines = [f"Week {scenario.horizon.start:%-d.%-m.} - {scenario.horizon.end:%-d.%-m.%Y}:"]
    for area_id, name in areas.items():
        groups = [g for g in scenario.groups if venue_area[g.venues[0]] == area_id]
        people = [p for p in scenario.participants if p.area == area_id]
        sessions = sum(g.sessions_per_week for g in groups)
        lines.append(
            f"  {name:<10} {len(people):>3} participants, {_count(len(groups), 'group')}, "
            f"{_count(sessions, 'session')} a week"
        )
    visits = sum(n.visits_per_week for n in scenario.guidance)
    lines.append(
        f"  {len(scenario.staff)} staff, {len(scenario.carers())} carers from "
        f"{len(scenario.partners)} partners, {len(scenario.interpreters)} interpreters, "
        f"{visits} guidance visits to place"
    )
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n:>2} {noun}{'' if n == 1 else 's'}"
