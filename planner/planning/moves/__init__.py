"""Where an item fits: the times and places a session or visit could move to, and who is free.

The solver's candidate space (`planner.solver.space`) proposes what the rules of one item
alone allow; the independent checker decides the rest. For each option one probe plan holds
a copy of the item per candidate person, so that a single check tells which of them are
free then (H5-H7 judge each person on their own); a staffing of free people is chosen, and
the edited plan is judged as any hand edit is, and priced against the current plan.

`fits` answers (`where_it_fits`, `who_is_free`); `probe` holds one item with its candidate
space and judges people and edits by the checker; `staffing` chooses the people of an
option; `windows` says which times an item must lie in.
"""

from __future__ import annotations

from planner.planning.moves.fits import (
    MAX_OPTIONS,
    SESSION_ROLES,
    VISIT_ROLES,
    Fit,
    where_it_fits,
    who_is_free,
)
from planner.planning.moves.staffing import Staffing
from planner.planning.moves.windows import windows_of

__all__ = [
    "MAX_OPTIONS",
    "SESSION_ROLES",
    "VISIT_ROLES",
    "Fit",
    "Staffing",
    "where_it_fits",
    "who_is_free",
    "windows_of",
]
