"""Reviewing a week's plan: what could not be placed, what changed, the week at a glance.

The page shows the newest draft (or `?version=N`, else the published version): first the
planning run, then the unplaced items with their reasons, the rules the version breaks
against today's master data, its difference from the published version, the week by
area, by venue and by person, and the history of versions. `edits` takes the changes to
single items, `publishing` the re-solve and the publish.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, request

from planner.check import check
from planner.diff import plan_diff
from planner.plan import load_plan
from planner.store import models as m
from web import database
from web.coordinator import bp
from web.coordinator.answers import week_answers
from web.coordinator.labels import Labels
from web.coordinator.weekdata import WeekData, open_week
from web.coordinator.weekview import WeekView
from web.notices import notice_panel


def _plan_context(data: WeekData, shown: m.PlanVersion, labels: Labels) -> dict[str, Any]:
    """What the page shows of one version: problems, difference, views, what may be done."""
    plan = load_plan(shown.document)
    problems = []
    if data.scenario is not None and plan.status != "failed":
        problems = check(data.scenario, plan)
    against = data.published if data.published and data.published.id != shown.id else None
    diff = plan_diff(load_plan(against.document), plan) if against else None
    changed = {d.ref for d in diff or []}
    views = WeekView(plan, labels, set(data.locks), changed, data.monday).views()
    return {
        "plan": plan,
        "problems": problems,
        "against": against,
        "diff": diff,
        "unplaced_refs": {u.ref for u in plan.unplaced},
        "views": views,
        "can_publish": data.is_newest_draft(shown) and plan.status != "failed",
    }


def _locked(data: WeekData, labels: Labels) -> list[dict[str, Any]]:
    """The week's locked items, by time: what each is, when, and who locked it."""
    rows = [
        {
            "lock": lock,
            "title": labels.ref_title(lock.item_id, lock.kind),
            "start": dt.datetime.fromisoformat(lock.item["start"]),
            "end": dt.datetime.fromisoformat(lock.item["end"]),
        }
        for lock in data.locks.values()
    ]
    return sorted(rows, key=lambda row: (row["start"], row["lock"].item_id))


def render_week(
    data: WeekData, shown: m.PlanVersion | None, refusal: str | None = None, status: int = 200
):
    """The week's review page, with a refusal to explain at the top if there is one."""
    labels = Labels(data.scenario)
    context: dict[str, Any] = {
        "data": data,
        "week": data.week,
        "job": data.job,
        "shown": shown,
        "labels": labels,
        "refusal": refusal,
        "locked_items": _locked(data, labels),
        "shift_answers": week_answers(data),
        "notice_panel": notice_panel(database.session(), data.week),
    }
    if shown is not None:
        context |= _plan_context(data, shown, labels)
    return render_template("coordinator/week.html", **context), status


@bp.get("/plan/<week>")
def week(week: str):
    """A week's plan for review: the newest draft, `?version=N`, or the published one."""
    data = open_week(week)
    return render_week(data, data.shown(request.args.get("version")))


from web.coordinator import edits, publishing  # noqa: E402,F401  (routes on this blueprint)
