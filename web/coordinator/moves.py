"""Help beside an item's move and people forms: where it fits, who is free, its windows."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from planner.domain import Plan, Scenario, Session, Visit
from planner.domain.timeparts import WeeklyWindows
from planner.planning.edits import EditError
from planner.planning.moves import Fit, where_it_fits, who_is_free, windows_of

# The first fits the page lists; the rest wait behind "show all".
SHOWN = 12
ROLES = {
    "facilitator": _l("Facilitators"),
    "carer": _l("Carers"),
    "interpreter": _l("Interpreters"),
    "guide": _l("Staff member"),
}
GOALS = {
    "unplaced": _l("not placed"),
    "continuity": _l("continuity"),
    "stability": _l("stability"),
    "travel": _l("travel"),
    "fairness": _l("fairness"),
}
WHOSE = {
    "group": _l("When the group meets"),
    "need": _l("Times agreed for this guidance"),
    "participant": _l("Times when the participant can meet"),
    "default": _l("Visiting hours"),
}


@dataclass(frozen=True)
class MovesHelp:
    """What the item page shows beside its forms."""

    fits: list[Fit]
    free: dict[str, tuple[str, ...]]  # role -> who may take the item as it is now
    whose: str
    windows: WeeklyWindows

    @property
    def shown(self) -> list[Fit]:
        return self.fits[:SHOWN]

    @property
    def more(self) -> list[Fit]:
        return self.fits[SHOWN:]


def moves_help(scenario: Scenario | None, plan: Plan, item: Session | Visit | None):
    """Where the item fits and who is free for it; None without a scenario or an item."""
    if scenario is None or item is None:
        return None
    try:
        fits = where_it_fits(scenario, plan, item.id)
        free = who_is_free(scenario, plan, item.id)
    except (EditError, KeyError):
        # The master data no longer holds what the plan names: the forms still work.
        fits, free = [], {}
    whose, windows = windows_of(scenario, item)
    return MovesHelp(fits, free, whose, windows)


def role_name(role: str) -> str:
    """A role's heading in the reader's language."""
    return str(ROLES.get(role, role))


def whose_name(whose: str) -> str:
    """Whose windows the item keeps to, as a heading."""
    return str(WHOSE[whose])


def cost_text(cost: float) -> str:
    """A cost difference with its sign: `+31`, `−10`, `±0`."""
    rounded = round(cost)
    if rounded > 0:
        return f"+{rounded}"
    return f"−{-rounded}" if rounded < 0 else "±0"


def goals_text(goals: dict[str, float]) -> str:
    """The change by soft goal: `travel +20, stability +5`."""
    return ", ".join(f"{GOALS.get(g, g)} {cost_text(v)}" for g, v in goals.items())
