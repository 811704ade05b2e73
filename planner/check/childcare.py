"""H9: childcare beside every session with children, by the scenario's child:carer ratio.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from fractions import Fraction

from planner.check.context import (
    CheckContext,
    Violation,
    plural,
)


def h9_childcare(ctx: CheckContext) -> Iterator[Violation]:
    """H9 Childcare."""
    rules = ctx.scenario.settings.childcare
    buffer = dt.timedelta(minutes=rules.buffer_minutes)
    for session in ctx.plan.sessions:
        item = ctx.session_items[session.id]
        venue = ctx.venues.get(session.venue)
        shifts = ctx.shifts_of.get(session.id, [])
        for shift in shifts:
            times = ctx.shift_items[shift.id]
            if (times.start, times.end) != (item.start - buffer, item.end + buffer):
                text = (
                    f"{shift.id} runs {times.when()}, not from {rules.buffer_minutes} min before "
                    f"{session.id} to {rules.buffer_minutes} min after"
                )
                args = {"person": shift.carer, "item": item, "minutes": rules.buffer_minutes}
                yield Violation("H9", shift.id, text, "h9.shift_times", args)
            carer = ctx.carers.get(shift.carer)
            if carer is not None and venue is not None and venue.area not in carer.areas:
                text = f"{carer.id} does not work in area {venue.area} of {venue.id}"
                args = {"person": carer.id, "item": item, "area": venue.area, "venue": venue.id}
                yield Violation("H9", shift.id, text, "h9.carer_area", args)
        group, counted = ctx.groups.get(session.group), ctx.counted[session.id]
        if group is None or counted is None or not group.childcare or not counted.total:
            continue
        carers = sorted({s.carer for s in shifts if s.carer in ctx.carers})
        load = Fraction(rules.under_3_weight) * counted.under_3 + counted.from_3
        need = max(rules.min_carers, math.ceil(load / rules.children_per_carer))
        if len(carers) < need:
            text = (
                f"{session.id} has {plural(len(carers), 'carer', 'carers')} for "
                f"{plural(counted.total, 'counted child', 'counted children')} "
                f"({counted.under_3} under 3); it needs {need}"
            )
            args = {
                "item": item,
                "count": len(carers),
                "children": counted.total,
                "under_3": counted.under_3,
                "wanted": need,
            }
            yield Violation("H9", session.id, text, "h9.carers", args)
        if counted.infants and not any(ctx.carers[c].infants for c in carers):
            text = f"{session.id} has a child under 1 but no carer for infants"
            yield Violation("H9", session.id, text, "h9.infants", {"item": item})
