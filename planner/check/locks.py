"""H11: what is locked stays exactly as it was agreed.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.check.context import (
    CheckContext,
    Violation,
    changed_fields,
)

SESSION_FIELDS = ("group", "venue", "start", "end", "facilitators", "carers", "interpreters")
VISIT_FIELDS = ("need", "participant", "staff", "interpreter", "place", "start", "end")


def h11_locked(ctx: CheckContext) -> Iterator[Violation]:
    """H11 Locked."""
    visits = {v.id: v for v in ctx.plan.visits}
    kinds = (
        ("session", ctx.scenario.locked.sessions, ctx.sessions, SESSION_FIELDS),
        ("visit", ctx.scenario.locked.visits, visits, VISIT_FIELDS),
    )
    for kind, locked_items, placed, fields in kinds:
        for locked in locked_items:
            now = placed.get(locked.id)
            if now is None:
                text = f"the locked {kind} {locked.id} is not in the plan"
                yield Violation("H11", locked.id, text, "h11.missing", {"item": locked.id})
            elif changed := changed_fields(locked, now, fields):
                text = f"the locked {kind} {locked.id} has changed: {', '.join(changed)}"
                args = {"item": locked.id, "fields": changed}
                yield Violation("H11", locked.id, text, "h11.changed", args)
