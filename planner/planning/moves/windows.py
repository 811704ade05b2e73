"""The times an item must lie in (H3): its group's, need's or participant's, or the default."""

from __future__ import annotations

from planner.domain import Scenario, Session, Visit
from planner.domain.timeparts import WeeklyWindows
from planner.solver.space import DEFAULT_VISIT_WINDOWS


def windows_of(scenario: Scenario, item: Session | Visit) -> tuple[str, WeeklyWindows]:
    """The times an item must lie in (H3), and whose they are: group, need, participant or
    the default visiting hours."""
    if isinstance(item, Session):
        group = next((g for g in scenario.groups if g.id == item.group), None)
        return "group", group.windows if group else WeeklyWindows()
    need = next((n for n in scenario.guidance if n.id == item.need), None)
    if need is not None and need.windows is not None:
        return "need", need.windows
    participant = next((p for p in scenario.participants if p.id == item.participant), None)
    if participant is not None and participant.available is not None:
        return "participant", participant.available
    return "default", DEFAULT_VISIT_WINDOWS
