"""Every hard rule H1-H11 deciding a tiny world: placed when it allows, refused when it does not.

Each case is one world from `tests.builders` with the choices forced so that one rule
alone decides whether an item can be placed: `allows` is the world where the rule lets
it in, `forbids` the same world with one thing changed so that the rule keeps it out.
Plans are judged by the independent checker (`planner.check`), never by reading the
solver's variables; a refused item must be unplaced with the deciding rule among its
reasons, or, for a locked item that breaks a rule, the plan failed with an error naming
the item and the rule (H11).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import tests.builders as b
from planner.check import check
from planner.domain import Plan, Scenario
from planner.solver import SolveOptions, solve

Doc = dict[str, Any]
# One worker, a fixed seed and a short limit: the same plan every run, and these worlds
# are small enough for any feasible plan to be found at once.
DETERMINISTIC = SolveOptions(time_limit=1.0, workers=1, seed=0, deterministic=True)


def planned(doc: Doc) -> tuple[Scenario, Plan]:
    scenario = b.scenario(doc)
    return scenario, solve(scenario, DETERMINISTIC)


def sessions_only(doc: Doc) -> Doc:
    doc["guidance"] = []
    return doc


def visits_only(doc: Doc) -> Doc:
    doc["groups"] = []
    return doc


def group(doc: Doc) -> Doc:
    return b.find(doc, "groups", "g-1")


# H1: two sessions a week go on different dates.
def two_sessions(days: list[str]) -> Doc:
    doc = sessions_only(b.world())
    group(doc).update(sessions_per_week=2, windows=b.windows("09:00-15:00", days=days))
    return doc


# H2: the group meets on Tuesdays only.
def tuesdays_with_closed(date: str) -> Doc:
    doc = sessions_only(b.world(closed_dates=[b.day(date)]))
    group(doc)["windows"] = b.windows("09:00-15:00", days=["tue"])
    return doc


# H3: the only venue is closed on one day.
def venue_closed_on(date: str) -> Doc:
    doc = tuesdays_with_closed("sat")
    doc["closed_dates"] = []
    b.find(doc, "venues", "v-hall")["closed"] = [{"start": b.day(date), "end": b.day(date)}]
    return doc


# H4: the member and the facilitator need two seats (children are in the childcare room).
def seats(capacity: int) -> Doc:
    doc = sessions_only(b.world())
    b.find(doc, "venues", "v-hall")["capacity"] = capacity
    return doc


# H5: the only guide allowed is in a session agreed for Tuesday 10-12.
def guide_busy_until(window: str) -> Doc:
    doc = b.world()
    doc["participants"].append(b.participant("p-2", children=[]))
    b.find(doc, "guidance", "n-1").update(
        participant="p-2", staff=["s-aino"], windows=b.windows(window, days=["tue"])
    )
    meeting = b.session(
        f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00", carers=["c-aada"], under_3=1
    )
    doc["locked"] = {"sessions": [meeting]}
    return doc


# H6: the only guide is away.
def guide_absent(first: str, last: str) -> Doc:
    doc = visits_only(b.world())
    b.find(doc, "staff", "s-aino")["absent"] = [{"start": b.day(first), "end": b.day(last)}]
    return doc


# H7: two 2-hour sessions, each a 140-minute day with the trips from base and back.
def week_of(hours: float) -> Doc:
    doc = sessions_only(b.world())
    b.find(doc, "staff", "s-aino")["hours_per_week"] = hours
    group(doc).update(sessions_per_week=2, childcare=False)
    return doc


# H8: the facilitator pool holds one staff member.
def pool_of(roles: list[str]) -> Doc:
    doc = sessions_only(b.world())
    doc["staff"] = [b.staff("s-bertta", roles=roles)]
    group(doc)["facilitator_pool"] = ["s-bertta"]
    return doc


# H9: a baby comes along; only a carer for infants may look after her.
def baby_with(infants: bool) -> Doc:
    doc = sessions_only(b.world())
    b.find(doc, "children", "ch-1")["birth_date"] = "2026-06-01"
    b.find(doc, "carers", "c-aada")["infants"] = infants
    return doc


# H10: the participant speaks Kurdish, which no staff member does.
def kurdish(interpreters: list[Doc]) -> Doc:
    doc = visits_only(b.world(interpreters=interpreters))
    b.find(doc, "participants", "p-1")["languages"] = ["ku"]
    return doc


KURDISH_INTERPRETER = b.interpreter("i-ku", languages=["ku", "fi"], remote=True)


# H11: a visit agreed for Wednesday 16:30, outside every window and s-aino's hours (which
# do not judge a locked item), and one at Tuesday 11:00 that meets the session locked then.
def locked_visit(date: str, start: str, end: str) -> Doc:
    doc = b.world()
    doc["locked"] = {
        "sessions": [
            b.session(
                f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00", carers=["c-aada"], under_3=1
            )
        ],
        "visits": [b.visit(f"n-1/{b.WEEK}/1", b.day(date), start, end)],
    }
    return doc


@dataclass(frozen=True)
class Case:
    allows: Callable[[], Doc]
    forbids: Callable[[], Doc]
    owner: str  # the group or need whose item the rule decides
    rule: str  # the rule the refusal names (a locked item names the rule it breaks)
    failed: bool = False  # refused by failing the plan (H11), not by leaving it unplaced


CASES = {
    "H1 demand: sessions of a week on different dates": Case(
        lambda: two_sessions(["tue", "wed"]), lambda: two_sessions(["tue"]), "g-1", "H1"
    ),
    "H2 calendar: nothing on a closed date": Case(
        lambda: tuesdays_with_closed("wed"), lambda: tuesdays_with_closed("tue"), "g-1", "H2"
    ),
    "H3 windows: a session inside its venue's opening": Case(
        lambda: venue_closed_on("wed"), lambda: venue_closed_on("tue"), "g-1", "H3"
    ),
    "H4 venue: a seat for each member and facilitator": Case(
        lambda: seats(2), lambda: seats(1), "g-1", "H4"
    ),
    "H5 one place at a time: the guide in a session then": Case(
        lambda: guide_busy_until("10:00-14:00"),
        lambda: guide_busy_until("10:00-12:00"),
        "n-1",
        "H5",
    ),
    "H6 availability: the guide away all week": Case(
        lambda: guide_absent("mon", "mon"), lambda: guide_absent("mon", "sun"), "n-1", "H6"
    ),
    "H7 working time: the hours of a week": Case(
        lambda: week_of(5), lambda: week_of(2.5), "g-1", "H7"
    ),
    "H8 roles and skills: a facilitator from the pool": Case(
        lambda: pool_of(["facilitator"]), lambda: pool_of(["guide"]), "g-1", "H8"
    ),
    "H9 childcare: a baby needs a carer for infants": Case(
        lambda: baby_with(True), lambda: baby_with(False), "g-1", "H9"
    ),
    "H10 language: an interpreter for a language no guide speaks": Case(
        lambda: kurdish([KURDISH_INTERPRETER]), lambda: kurdish([]), "n-1", "H10"
    ),
    "H11 locked: kept as agreed, and failed when it breaks a rule": Case(
        lambda: locked_visit("wed", "16:30", "17:30"),
        lambda: locked_visit("tue", "11:00", "12:00"),
        "n-1",
        "H5",
        failed=True,
    ),
}


def _of(plan: Plan, owner: str) -> tuple[list[str], list[str]]:
    """The placed and the unplaced items of one group or need."""
    items = [s.id for s in plan.sessions] + [v.id for v in plan.visits]
    placed = [ref for ref in items if ref.startswith(f"{owner}/")]
    return placed, [u.ref for u in plan.unplaced if u.ref.startswith(f"{owner}/")]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_where_the_rule_allows_every_item_is_placed(case: Case) -> None:
    scenario, plan = planned(case.allows())
    assert plan.status != "failed", plan.errors
    assert check(scenario, plan) == []
    assert plan.unplaced == ()
    placed, _ = _of(plan, case.owner)
    assert placed


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_where_the_rule_forbids_the_item_is_refused_for_that_rule(case: Case) -> None:
    scenario, plan = planned(case.forbids())
    assert check(scenario, plan) == []
    if case.failed:
        assert plan.status == "failed"
        item = f"{case.owner}/{b.WEEK}/1"
        named = {e.rule for e in plan.errors if item in (e.ref, *e.text.split())}
        assert case.rule in named, plan.errors
        return
    placed, unplaced = _of(plan, case.owner)
    assert unplaced, placed
    for ref in unplaced:
        (left_out,) = [u for u in plan.unplaced if u.ref == ref]
        assert case.rule in {reason.rule for reason in left_out.reasons}, left_out.reasons
