"""Reasons for unplaced items: one known cause per case, the true rule, the resource named, and
a fix that, made in the scenario and solved again, places the item (judged by the checker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import tests.builders as b
from planner.check import check
from planner.domain import Plan, Scenario, Unplaced
from planner.formats.plan import dump_plan, load_plan
from planner.solver import SolveOptions, solve
from planner.solver.fixes import apply_fix

Doc = dict[str, Any]
QUICK = SolveOptions(time_limit=1.5, workers=1, deterministic=True)


def planned(doc: Doc) -> tuple[Scenario, Plan]:
    scenario = b.scenario(doc)
    return scenario, solve(scenario, QUICK)


def only(plan: Plan, owner: str) -> Unplaced:
    (found,) = [u for u in plan.unplaced if u.ref.startswith(f"{owner}/")]
    return found


def visit_only(doc: Doc) -> Doc:
    doc["groups"] = []
    return doc


def session_only(doc: Doc) -> Doc:
    doc["guidance"] = []
    return doc


def no_kurdish_speaker() -> Doc:
    doc = visit_only(b.world())
    b.find(doc, "participants", "p-1")["languages"] = ["ku"]
    return doc


def only_allowed_guide_absent() -> Doc:
    doc = visit_only(b.world())
    doc["staff"].append(b.staff("s-bertta", name="Bertta Bee"))
    b.find(doc, "staff", "s-aino").update(
        name="Aino Aa", absent=[{"start": b.day("mon"), "end": b.day("sun")}]
    )
    b.find(doc, "guidance", "n-1")["staff"] = ["s-aino"]
    return doc


def only_venue_too_small() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "venues", "v-hall")["capacity"] = 1
    doc["venues"].append(b.venue("v-big", name="Big hall", capacity=20))
    return doc


def venue_closed_on_the_only_day() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "groups", "g-1")["windows"] = b.windows("09:00-15:00", days=["tue"])
    b.find(doc, "venues", "v-hall")["closed"] = [{"start": b.day("tue"), "end": b.day("tue")}]
    doc["venues"].append(b.venue("v-other", name="Other hall"))
    return doc


def only_day_a_closed_date() -> Doc:
    doc = session_only(b.world(closed_dates=[b.day("tue")]))
    b.find(doc, "groups", "g-1")["windows"] = b.windows("09:00-15:00", days=["tue"])
    return doc


def no_carer_in_the_area() -> Doc:
    doc = session_only(b.world())
    b.add_area(doc, "tornio")
    b.find(doc, "carers", "c-aada").update(name="Aada Carer", areas=["tornio"])
    return doc


def no_carer_for_infants() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "children", "ch-1")["birth_date"] = "2026-06-01"  # under 1 in December
    return doc


def two_kurdish_interpreters_for_three() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "groups", "g-1")["interpreting"] = ["ku", "ku", "ku"]
    doc["interpreters"] = [
        b.interpreter(f"i-{n}", name=f"Tulkki {n}", languages=["ku", "fi"], remote=True)
        for n in (1, 2)
    ]
    return doc


def facilitator_pool_without_a_facilitator() -> Doc:
    doc = session_only(b.world())
    doc["staff"].append(b.staff("s-bertta", name="Bertta Bee", roles=["guide"]))
    b.find(doc, "groups", "g-1")["facilitator_pool"] = ["s-bertta"]
    return doc


# Items that fit alone and lose to the plan's other items: the fix is tried in the finished plan.


def members_in_another_group_at_the_only_time() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "groups", "g-1").update(
        windows=b.windows("10:00-12:00", days=["tue"]), childcare=False
    )
    doc["venues"].append(b.venue("v-two"))
    doc["staff"].append(b.staff("s-bertta"))
    doc["groups"].append({**b.find(doc, "groups", "g-1"), "id": "g-2", "venues": ["v-two"]})
    # g-1 was agreed first: the one left out is g-2
    doc["locked"] = {"sessions": [b.session(f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00")]}
    return doc


def staff_week_full() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "staff", "s-aino").update(name="Aino Aa", hours_per_week=2.5)
    b.find(doc, "groups", "g-1").update(sessions_per_week=2, childcare=False)
    return doc


def the_only_day_taken_by_the_other_session() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "groups", "g-1").update(
        sessions_per_week=2, windows=b.windows("09:00-15:00", days=["tue"])
    )
    return doc


def the_only_allowed_guide_busy_then() -> Doc:
    doc = b.world()
    doc["participants"].append(b.participant("p-2", children=[]))
    doc["staff"].append(b.staff("s-bertta", name="Bertta Bee", roles=["guide"]))
    b.find(doc, "staff", "s-aino")["name"] = "Aino Aa"
    b.find(doc, "guidance", "n-1").update(
        participant="p-2", staff=["s-aino"], windows=b.windows("10:00-12:00", days=["tue"])
    )
    meeting = b.session(f"g-1/{b.WEEK}/1", b.day("tue"), "10:00", "12:00", carers=["c-aada"],
                        under_3=1)  # fmt: skip
    doc["locked"] = {"sessions": [meeting]}
    return doc


def the_only_carer_out_of_shifts() -> Doc:
    doc = session_only(b.world())
    b.find(doc, "carers", "c-aada").update(name="Aada Carer", max_shifts_per_week=1)
    b.find(doc, "groups", "g-1")["sessions_per_week"] = 2
    doc["partners"][0]["name"] = "Tervolan seurakunta"
    return doc


@dataclass(frozen=True)
class Case:
    build: Callable[[], Doc]
    owner: str
    rule: str
    code: str
    resource: tuple[str, Any]  # an args key and the id or value it must hold
    words: str  # a name the text must hold
    fix: str | None = None  # the kind of fix it must offer


CASES = {
    "missing Kurdish speaker": Case(
        no_kurdish_speaker, "n-1", "H10", "no_speaker", ("languages", "ku"), "Kurdish"
    ),
    "only allowed guide absent": Case(
        only_allowed_guide_absent, "n-1", "H6", "guide_absent", ("staff", "s-aino"), "Aino Aa"
    ),
    "only venue too small": Case(
        only_venue_too_small, "g-1", "H4", "venue_too_small", ("venues", "v-hall"), "Venue v-hall"
    ),
    "venue closed on the only day": Case(
        venue_closed_on_the_only_day,
        "g-1",
        "H3",
        "venue_closed",
        ("venues", "v-hall"),
        "Venue v-hall",
    ),  # fmt: skip
    "only day closed": Case(
        only_day_a_closed_date, "g-1", "H2", "calendar_closed", ("dates", b.day("tue")), "Tue"
    ),
    "no carer in the area": Case(
        no_carer_in_the_area, "g-1", "H9", "no_carer_in_area", ("area", "kemi"), "Kemi"
    ),
    "no carer for infants": Case(
        no_carer_for_infants, "g-1", "H9", "no_infant_carer", ("area", "kemi"), "Kemi"
    ),
    "two interpreters for three": Case(
        two_kurdish_interpreters_for_three,
        "g-1",
        "H10",
        "interpreters_short",
        ("interpreters", "i-1"),
        "Tulkki 2",
    ),  # fmt: skip
    "facilitator pool without a facilitator": Case(
        facilitator_pool_without_a_facilitator,
        "g-1",
        "H8",
        "facilitators_short",
        ("needed", 1),
        "allow Staff s-aino",
    ),  # fmt: skip
    "participants in another group then (H5)": Case(
        members_in_another_group_at_the_only_time,
        "g-2",
        "H5",
        "members_busy",
        ("dates", b.day("tue")),
        "Tue 10:00-12:00",
        "window",
    ),  # fmt: skip
    "the staff member's week full (H7)": Case(
        staff_week_full,
        "g-1",
        "H7",
        "taken",
        ("people", "s-aino"),
        "Aino Aa (week full)",
        "staff_hours",
    ),  # fmt: skip
    "the only day taken by the other session (H1)": Case(
        the_only_day_taken_by_the_other_session,
        "g-1",
        "H1",
        "same_day",
        ("dates", b.day("tue")),
        "Tue",
        "window",
    ),  # fmt: skip
    "the only allowed guide busy then (people taken)": Case(
        the_only_allowed_guide_busy_then,
        "n-1",
        "H5",
        "taken",
        ("people", "s-aino"),
        "Aino Aa (busy then)",
        "allow_staff",
    ),  # fmt: skip
    "the only carer out of shifts (H7)": Case(
        the_only_carer_out_of_shifts,
        "g-1",
        "H7",
        "taken",
        ("people", "c-aada"),
        "Aada Carer (no shifts left this week)",
    ),  # fmt: skip
}


def _holds(value: Any, wanted: Any) -> bool:
    return wanted in value if isinstance(value, list | dict) else value == wanted


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_reason_names_the_true_rule_the_resource_and_a_fix_that_places_it(
    case: Case,
) -> None:
    scenario, plan = planned(case.build())
    assert check(scenario, plan) == []
    (reason,) = only(plan, case.owner).reasons
    assert (reason.rule, reason.code) == (case.rule, case.code), reason.text
    key, wanted = case.resource
    assert _holds(reason.args[key], wanted), reason.args
    assert case.words in reason.text
    fix = reason.args["fix"]
    assert case.fix is None or fix["kind"] == case.fix, fix
    fixed = apply_fix(scenario, fix)
    again = solve(fixed, QUICK)
    assert check(fixed, again) == []
    assert not [u for u in again.unplaced if u.ref.startswith(f"{case.owner}/")], fix


def test_interpreters_short_lists_only_interpreters_of_the_language() -> None:
    doc = two_kurdish_interpreters_for_three()
    doc["interpreters"].append(b.interpreter("i-ar", name="Arabic One", languages=["ar", "fi"]))
    _, plan = planned(doc)
    (reason,) = only(plan, "g-1").reasons
    assert reason.args["interpreters"] == ["i-1", "i-2"]
    for other in ("s-aino", "Staff s-aino", "c-aada", "Carer c-aada", "Arabic One"):
        assert other not in reason.text


def test_three_interpreters_of_one_language_are_three_people() -> None:
    doc = two_kurdish_interpreters_for_three()
    doc["interpreters"].append(b.interpreter("i-3", languages=["ku", "fi"], remote=True))
    scenario, plan = planned(doc)
    assert check(scenario, plan) == []
    (session,) = plan.sessions
    assert sorted(session.interpreters) == ["i-1", "i-2", "i-3"]


def test_a_full_week_of_hours_is_h7_and_names_the_staff_member() -> None:
    doc = b.world()
    b.find(doc, "staff", "s-aino").update(name="Aino Aa", hours_per_week=2.5)
    _, plan = planned(doc)
    (left_out,) = plan.unplaced
    (reason,) = left_out.reasons
    assert (reason.rule, reason.code) == ("H7", "taken")
    assert reason.args["people"] == {"s-aino": "week"}
    assert "Aino Aa (week full)" in reason.text


def test_participants_in_another_group_at_the_only_time_is_h5() -> None:
    doc = session_only(b.world())
    b.find(doc, "groups", "g-1").update(windows=b.windows("10:00-12:00", days=["tue"]))
    b.find(doc, "groups", "g-1")["childcare"] = False
    doc["venues"].append(b.venue("v-two"))
    doc["staff"].append(b.staff("s-bertta"))
    doc["groups"].append({**b.find(doc, "groups", "g-1"), "id": "g-2", "venues": ["v-two"]})
    _, plan = planned(doc)
    (left_out,) = plan.unplaced
    (reason,) = left_out.reasons
    assert (reason.rule, reason.code) == ("H5", "members_busy")
    assert reason.args["dates"] == [b.day("tue")]


def test_code_and_args_survive_the_plan_document_and_old_plans_still_load() -> None:
    _, plan = planned(no_kurdish_speaker())
    document = dump_plan(plan)
    written = document["unplaced"][0]["reasons"][0]
    assert written["code"] == "no_speaker" and written["args"]["fix"]["kind"] == "new_interpreter"
    assert load_plan(document).unplaced == plan.unplaced
    old = b.plan_doc(unplaced=[b.unplaced(f"n-1/{b.WEEK}/1", "visit")])
    (reason,) = load_plan(old).unplaced[0].reasons
    assert (reason.code, dict(reason.args)) == (None, {})
    assert "code" not in dump_plan(load_plan(old))["unplaced"][0]["reasons"][0]
