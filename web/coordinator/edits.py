"""One item of a week's plan: its page, and the coordinator's lock, move and re-staff.

Every edit is made on the week's newest version and judged at once by the independent
checker against the week's scenario: an edit that breaks a rule is shown beside its form
and nothing is saved; a clean one becomes the next draft, with the edited item pinned so
that planning the week again keeps it unless a rule forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.check import Violation
from planner.domain import Plan, Scenario, Session, Visit
from planner.formats.codec import session_out, visit_out
from planner.formats.plan import dump_plan, load_plan
from planner.planning.edits import (
    EditError,
    judge_edit,
    local_start,
    move_session,
    move_visit,
    new_violations,
    restaff_session,
    restaff_visit,
    with_lock,
    without_lock,
)
from planner.store import models as m
from planner.store import review
from web import database, memo
from web.coordinator import bp
from web.coordinator import moves as movehelp
from web.coordinator.forms import ItemForm, chosen_day, item_forms
from web.coordinator.labels import Labels
from web.coordinator.rule_texts import RuleTexts
from web.coordinator.weekdata import WeekData, open_week
from web.i18n import finnish


def _find(plan: Plan, item_id: str) -> Session | Visit | None:
    return next((i for i in (*plan.sessions, *plan.visits) if i.id == item_id), None)


def _item_out(item: Session | Visit) -> tuple[str, dict[str, Any]]:
    """An item's kind and its plan form, as a lock holds it."""
    if isinstance(item, Session):
        return "session", session_out(item)
    return "visit", visit_out(item)


def render_item(
    data: WeekData,
    row: m.PlanVersion,
    item_id: str,
    forms: dict[str, ItemForm] | None = None,
    refused: dict[str, Any] | None = None,
    status: int = 200,
):
    """The item's page: what it is, its lock, and the forms to change it."""
    plan = memo.plan(database.session(), row)
    labels = Labels(data.scenario)
    item = _find(plan, item_id)
    unplaced = next((u for u in plan.unplaced if u.ref == item_id), None)
    if item is None and unplaced is None:
        abort(404)
    newest = data.newest is not None and data.newest.version == row.version
    scenario = data.scenario
    editable = bool(scenario and item and newest and plan.status != "failed")
    if forms is None and editable:
        forms = item_forms(scenario, labels, item, row.version)
    # Where the item fits takes a trial of every option (0.1-0.8 s): once per version and
    # change of the master data, then kept (see `web.memo`).
    fits_key = None if data.scenario_key is None else ("fits", row.id, item_id, data.scenario_key)
    moves = (
        memo.derived(fits_key, lambda: movehelp.moves_help(scenario, plan, item))
        if editable
        else None
    )
    page = render_template(
        "coordinator/item.html",
        data=data,
        week=data.week,
        row=row,
        plan=plan,
        item=item,
        is_session=isinstance(item, Session),
        item_id=item_id,
        unplaced=unplaced,
        labels=labels,
        shifts=[s for s in plan.shifts if s.session == item_id],
        lock=data.locks.get(item_id),
        newest=newest,
        forms=forms or {},
        refused=refused or {},
        moves=moves,
        rule_text=RuleTexts(labels),
        help=movehelp,
    )
    return page, status


@dataclass
class Base:
    """What an edit starts from: the week, its newest version and that version's item."""

    data: WeekData
    row: m.PlanVersion
    plan: Plan
    item: Session | Visit
    scenario: Scenario

    def forms(self, submitted: str) -> dict[str, ItemForm]:
        """The item's forms, the submitted one bound to the request."""
        return item_forms(
            self.scenario, Labels(self.scenario), self.item, self.row.version, submitted
        )

    def refuse(
        self,
        forms: dict[str, ItemForm] | None,
        form: str,
        message: str | None,
        violations: list[Violation] | None = None,
        status: int = 409,
    ):
        """The item's page again, saying beside the form why nothing was saved."""
        refused = {"form": form, "message": message, "violations": violations or []}
        return render_item(self.data, self.row, self.item.id, forms, refused, status)

    def blocked(self, version: int | None) -> str | None:
        """Why no edit can be made on this version now, if something stops it."""
        if version != self.row.version:
            # Every hand edit (move, people, lock) names the version it was made on: one made
            # on an older version would silently undo what was saved since.
            return _(
                "Not saved: version %(n)s has been saved since this page was opened, by "
                "%(who)s on %(when)s. Nothing was changed; look at the new version and make "
                "your change again.",
                n=self.row.version,
                who=self.row.created_by,
                when=finnish(self.row.created_at),
            )
        if self.data.job_active:
            return _("A planning run of this week is under way. Wait for it, or stop it, first.")
        if self.plan.status == "failed":
            return _("This version is a failed plan. Plan the week again instead of editing it.")
        return None


def _base(week: str, item_id: str) -> Base:
    """The week's newest version and the item in it; 404 if none, 409 without a scenario."""
    data = open_week(week)
    row = data.newest
    if row is None:
        abort(404)
    plan = load_plan(row.document)
    item = _find(plan, item_id)
    if item is None:
        abort(404)
    if data.scenario is None:
        abort(409, _("The master data does not make a valid scenario for this week yet."))
    return Base(data, row, plan, item, data.scenario)


def _save(base: Base, edited: Plan, forms: dict[str, ItemForm], form: str):
    """Judge an edited plan; save it as the next draft with the item pinned, if it is clean."""
    broken = judge_edit(base.scenario, base.plan, edited, base.item.id)
    if broken:
        message = _("Not saved: this change breaks the rules below.")
        return base.refuse(forms, form, message, broken, status=422)
    item = _find(edited, base.item.id)
    assert item is not None  # an edit replaces the item, it never drops it
    kind, document = _item_out(item)
    session = database.session()
    actor = current_user.username
    try:
        version = review.save_edit(
            session, dump_plan(edited), kind, document, actor, based_on=base.row.version
        )
    except review.ReviewError:
        session.rollback()
        message = _(
            "Not saved: another version has been saved meanwhile. Nothing was changed; look "
            "at the new version and make your change again."
        )
        return base.refuse(forms, form, message)
    session.commit()
    flash(
        _(
            "Saved as draft version %(n)s. The item is pinned: planning again keeps it unless "
            "a rule forbids it.",
            n=version.version,
        ),
        "info",
    )
    return redirect(url_for("coordinator.week", week=base.data.week))


def _restaffed(base: Base, edited: Plan, prefix: str) -> Plan:
    """The edited plan with the item's people as the form names them."""
    form = request.form
    if isinstance(base.item, Session):
        people = (
            form.getlist(f"{prefix}facilitators"),
            form.getlist(f"{prefix}carers"),
            form.getlist(f"{prefix}interpreters"),
        )
        return restaff_session(base.scenario, edited, base.item.id, *people)
    staff = form.get(f"{prefix}staff") or base.item.staff
    interpreter = form.get(f"{prefix}interpreter") or None
    return restaff_visit(base.scenario, edited, base.item.id, staff, interpreter)


@bp.get("/plan/<week:week>/items/<path:item_id>")
def item(week: str, item_id: str):
    """A session or visit of the plan (`?version=N`, else the version the week page shows)."""
    data = open_week(week)
    row = data.shown(request.args.get("version"))
    if row is None:
        abort(404)
    return render_item(data, row, item_id)


@bp.post("/plan/<week:week>/items/<path:item_id>/move")
def move(week: str, item_id: str):
    """Move a session (day, start, venue) or a visit (day, start)."""
    base = _base(week, item_id)
    forms = base.forms("move")
    form: Any = forms["move"]
    if not form.validate():
        return render_item(base.data, base.row, item_id, forms, {"form": "move"}, 400)
    if message := base.blocked(form.version.data):
        return base.refuse(forms, "move", message)
    start = local_start(base.scenario, chosen_day(form), form.start.data)
    try:
        if isinstance(base.item, Session):
            edited = move_session(base.scenario, base.plan, item_id, start, form.venue.data)
        else:
            edited = move_visit(base.scenario, base.plan, item_id, start)
        # "Move here" from the list of fitting times brings the people free then along.
        if request.form.get("move-people") == "1":
            edited = _restaffed(base, edited, "move-")
    except EditError as error:
        return base.refuse(forms, "move", str(error))
    return _save(base, edited, forms, "move")


@bp.post("/plan/<week:week>/items/<path:item_id>/staff")
def restaff(week: str, item_id: str):
    """Put other people on a session (facilitators, carers, interpreters) or a visit."""
    base = _base(week, item_id)
    forms = base.forms("staff")
    form: Any = forms["staff"]
    if not form.validate():
        return render_item(base.data, base.row, item_id, forms, {"form": "staff"}, 400)
    if message := base.blocked(form.version.data):
        return base.refuse(forms, "staff", message)
    try:
        if isinstance(base.item, Session):
            people = (form.facilitators.data, form.carers.data, form.interpreters.data)
            edited = restaff_session(base.scenario, base.plan, item_id, *people)
        else:
            people = (form.staff.data, form.interpreter.data or None)
            edited = restaff_visit(base.scenario, base.plan, item_id, *people)
    except EditError as error:
        return base.refuse(forms, "staff", str(error))
    return _save(base, edited, forms, "staff")


@bp.post("/plan/<week:week>/items/<path:item_id>/lock")
def lock(week: str, item_id: str):
    """Lock an item as the newest version has it, so that planning again keeps it."""
    base = _base(week, item_id)
    if message := base.blocked(request.form.get("lock-version", type=int)):
        return base.refuse(None, "lock", message)
    locked = with_lock(base.scenario, base.item)
    broken = new_violations((base.scenario, base.plan), (locked, base.plan))
    if broken:
        message = _("Not locked: with this lock the plan breaks the rules below.")
        return base.refuse(None, "lock", message, broken, status=422)
    kind, document = _item_out(base.item)
    session = database.session()
    review.lock_item(session, base.data.week, kind, document, current_user.username)
    session.commit()
    flash(_("Locked: planning the week again keeps this item as it is."), "info")
    return redirect(url_for("coordinator.item", week=base.data.week, item_id=item_id))


@bp.post("/plan/<week:week>/items/<path:item_id>/unlock")
def unlock(week: str, item_id: str):
    """Let planning move an item again; say which rules the plan breaks without its lock.

    It works whatever the newest version holds: a failed plan, with a locked item that
    breaks a rule, is exactly when the coordinator needs to unlock it.
    """
    data = open_week(week)
    if request.form.get("next") == "item":
        back = redirect(url_for("coordinator.item", week=data.week, item_id=item_id))
    else:
        back = redirect(url_for("coordinator.week", week=data.week))
    if data.job_active:
        flash(
            _("A planning run of this week is under way. Wait for it, or stop it, first."), "error"
        )
        return back
    session = database.session()
    if not review.unlock_item(session, data.week, item_id, current_user.username):
        abort(404)
    session.commit()
    flash(_("Unlocked: planning the week again may change this item."), "info")
    plan = load_plan(data.newest.document) if data.newest is not None else None
    if data.scenario is None or plan is None or _find(plan, item_id) is None:
        return back
    unlocked = without_lock(data.scenario, item_id)
    for violation in new_violations((data.scenario, plan), (unlocked, plan)):
        text = _(
            "Without its lock the plan breaks %(rule)s until the week is planned again: %(text)s",
            rule=violation.rule,
            text=RuleTexts(Labels(data.scenario))(violation),
        )
        flash(text, "error")
    return back
