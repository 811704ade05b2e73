"""Reviewing a week's plan: what could not be placed, what changed, the week at a glance.

The page shows the newest draft (or `?version=N`, else the published version): first the
planning run, then the unplaced items with their reasons, the rules the version breaks
against today's master data, its difference from the published version, the week by
area, by venue and by person, and the history of versions. `edits` takes the changes to
single items, `publishing` the re-solve and the publish.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from flask import get_template_attribute, render_template, request
from markupsafe import Markup

from planner.check import check
from planner.check.context import Violation
from planner.domain import Plan
from planner.notices import mothers_to_tell, person_changes
from planner.planning.diff import plan_diff
from planner.solver.locked import locked_violations
from planner.store import models as m
from planner.store.notices import previous_published
from planner.store.plans import PUBLISHED
from planner.store.review import LOCK, PIN
from web import database, i18n, memo
from web.coordinator import bp
from web.coordinator.answers import week_answers
from web.coordinator.labels import Labels
from web.coordinator.rule_texts import RuleTexts
from web.coordinator.weekdata import WeekData, open_week
from web.coordinator.weekview import WeekView, closed_days
from web.notices import notice_panel


def _key(data: WeekData, *parts: Any) -> tuple | None:
    """A cache key of something made of the week's scenario and `parts`; None: do not cache."""
    return None if data.scenario_key is None else (*parts, data.scenario_key)


def _plan_context(data: WeekData, shown: m.PlanVersion, labels: Labels) -> dict[str, Any]:
    """What the page shows of one version: problems, difference, views, what may be done."""
    session = database.session()
    plan = memo.plan(session, shown)
    problems = []
    if data.scenario is not None and plan.status != "failed":
        scenario = data.scenario
        problems = memo.derived(_key(data, "check", shown.id), lambda: check(scenario, plan))
    against = data.published if data.published and data.published.id != shown.id else None
    diff = plan_diff(memo.plan(session, against), plan) if against else None
    changed = {d.ref for d in diff or []}
    # The week's grids are most of the page; the locks and pins they mark are in the key's
    # change stamp, the language and the address of the item pages in the key itself.
    grid_key = _key(data, "grid", shown.id, against and against.id, i18n.language(),
                    request.script_root)  # fmt: skip

    def grids() -> tuple[list[dict[str, str]], Markup]:
        held = {item_id: lock.hold for item_id, lock in data.locks.items()}
        closed = closed_days(data.scenario, data.monday)
        views = WeekView(plan, labels, held, changed, data.monday, closed).views()
        week_view = get_template_attribute("coordinator/_weekview.html", "week_view")
        html = Markup("").join(week_view(v, data.week, shown.version) for v in views)
        return [{"key": v.key, "title": v.title} for v in views], html

    views, grid = memo.derived(grid_key, grids)
    can_publish = data.is_newest_draft(shown) and plan.status != "failed"
    context = {
        "plan": plan,
        "problems": problems,
        "against": against,
        "diff": diff,
        "unplaced_refs": {u.ref for u in plan.unplaced},
        "views": views,
        "grid": grid,
        "can_publish": can_publish,
        "rule_text": RuleTexts(labels),
        "failures": _failures(data, plan),
        "goals": _goals(data, plan),
        "gap": _gap(plan),
        "mothers": [],
    }
    if can_publish:
        before = memo.plan(session, data.published) if data.published else None
        notified = Counter(kind for kind, _ in person_changes(before, plan))
        changes = len(diff or [])
        context["preview"] = {"first": before is None, "changes": changes, "notified": notified}
        if data.scenario is not None:
            context["mothers"] = mothers_to_tell(data.scenario, before, plan)
    elif shown.status == PUBLISHED and data.scenario is not None:
        earlier = previous_published(database.session(), data.week, shown.version)
        if earlier is not None:
            context["mothers"] = mothers_to_tell(data.scenario, memo.plan(session, earlier), plan)
    return context


def _failures(data: WeekData, plan: Plan) -> list[Violation]:
    """Why a failed plan failed, as the checker words it today (the plan keeps English text)."""
    if plan.status != "failed" or data.scenario is None:
        return []
    return locked_violations(data.scenario)


GOAL_ORDER = ("unplaced", "continuity", "stability", "travel", "fairness")


def _goals(data: WeekData, plan: Plan) -> list[dict[str, Any]]:
    """The plan's cost goal by goal: the weighted cost and the count behind it."""
    if plan.status == "failed" or not plan.cost:
        return []
    weights = data.scenario.settings.weights if data.scenario is not None else None
    rows = []
    for goal in GOAL_ORDER:
        cost = plan.cost.get(goal)
        if cost is None:
            continue
        weight = getattr(weights, goal, 0) if weights is not None else 0
        count = round(cost / weight) if weight else None
        rows.append({"goal": goal, "cost": cost, "count": count, "weight": weight})
    return rows


def _gap(plan: Plan) -> float | None:
    """How far the plan may be from the best possible, in percent of its cost; None if unknown.

    Only a proven bound gives a gap: a failed plan, or one without a bound, has none.
    """
    if plan.status == "failed" or plan.bound is None or plan.objective is None:
        return None
    if plan.objective <= 0:
        return 0.0
    return max(0.0, 100 * (plan.objective - plan.bound) / plan.objective)


def _held(data: WeekData, labels: Labels, hold: str) -> list[dict[str, Any]]:
    """The week's locked (or pinned) items, by time: what each is, when, and who held it."""
    rows = [
        {
            "lock": lock,
            "title": labels.ref_title(lock.item_id, lock.kind),
            "start": dt.datetime.fromisoformat(lock.item["start"]),
            "end": dt.datetime.fromisoformat(lock.item["end"]),
        }
        for lock in data.locks.values()
        if lock.hold == hold
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
        "locked_items": _held(data, labels, LOCK),
        "pinned_items": _held(data, labels, PIN),
        "shift_answers": week_answers(data),
        "notice_panel": notice_panel(database.session(), data.published),
    }
    if shown is not None:
        context |= _plan_context(data, shown, labels)
    return render_template("coordinator/week.html", **context), status


@bp.get("/plan/<week:week>")
def week(week: str):
    """A week's plan for review: the newest draft, `?version=N`, or the published one."""
    data = open_week(week)
    return render_week(data, data.shown(request.args.get("version")))

