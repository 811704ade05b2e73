"""The plan's models (`kotoplan-plan/1`): what a run placed, what it could not and why.

Besides the sessions and visits, a plan holds the childcare shifts, the travel between
them, the unplaced items with their reasons, how it differs from the previous plan, and the
figures of the run.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from planner.formats.wire.base import Doc, HorizonDoc, Id, Instant, Number
from planner.formats.wire.items import SessionDoc, VisitDoc


class ShiftDoc(Doc):
    id: Annotated[str, Field(min_length=1)]
    carer: Id
    partner: Id
    session: Annotated[str, Field(min_length=1)]
    venue: Id
    start: Instant
    end: Instant


class TravelDoc(Doc):
    person: Id
    from_area: Id
    to_area: Id
    start: Instant
    end: Instant


class ReasonDoc(Doc):
    rule: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    code: str | None = Field(
        default=None, description="Kotoplan's own: a stable name of the cause, e.g. no_speaker"
    )
    args: dict[str, JsonValue] | None = Field(
        default=None,
        description="Kotoplan's own: the ids, languages, dates and counts of the cause, "
        "and a `fix` that was tried and places the item",
    )


class UnplacedDoc(Doc):
    ref: Annotated[str, Field(min_length=1)]
    kind: Literal["session", "visit"]
    reasons: Annotated[list[ReasonDoc], Field(min_length=1)]


class ChangeDoc(Doc):
    ref: Annotated[str, Field(min_length=1)]
    change: Literal["moved", "re-staffed", "cancelled", "added"]
    text: str


class PlanErrorDoc(Doc):
    ref: str
    rule: str
    text: str


class StatsDoc(BaseModel):
    """Figures of the run: at least how long it took; solvers may add their own."""

    model_config = ConfigDict(strict=True, extra="allow")

    solve_seconds: Annotated[float, Field(ge=0)]


class PlanDoc(Doc):
    """A plan: the output of one planning run (`kotoplan-plan/1`)."""

    model_config = ConfigDict(title="Kotoplan plan")
    nulls_written = frozenset({"objective", "bound"})  # "null if none"
    lists_if_any = frozenset({"dropped_pins"})

    format: Literal["kotoplan-plan/1"]
    scenario: str
    horizon: HorizonDoc
    status: Literal["optimal", "feasible", "failed"]
    errors: list[PlanErrorDoc] = []
    objective: Number | None = None
    bound: Number | None = None
    cost: dict[str, Number] = {}
    stats: StatsDoc
    sessions: list[SessionDoc] = []
    shifts: list[ShiftDoc] = []
    visits: list[VisitDoc] = []
    travel: list[TravelDoc] = []
    unplaced: list[UnplacedDoc] = []
    changes: list[ChangeDoc] = Field(
        default=[], description="Kotoplan's own: how the plan differs from `previous`"
    )
    dropped_pins: list[PlanErrorDoc] = Field(
        default=[],
        description="Kotoplan's own: the scenario's pins that a rule forbids, with the rule",
    )
