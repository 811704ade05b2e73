"""Feeds from files refuse a plan that does not belong to the scenario beside it."""

from __future__ import annotations

from calendars.fit import misfits
from tests import builders as b

SESSION = f"g-1/{b.WEEK}/1"


def test_the_plan_of_the_world_fits_it() -> None:
    assert misfits(b.scenario(b.world()), b.plan(b.world_plan())) == []


def test_a_shift_that_names_another_partner_is_refused() -> None:
    doc = b.world()
    doc["partners"].append(b.partner("par-other", carers=[b.carer("c-other")]))
    plan = b.world_plan()
    plan["shifts"][0]["partner"] = "par-other"
    assert misfits(b.scenario(doc), b.plan(plan)) == [
        f"{SESSION}/c-aada: not the shift its session's carer gets"
    ]


def test_a_shift_without_its_session_carer_is_refused() -> None:
    plan = b.world_plan()
    b.plan_item(plan, SESSION)["carers"] = []
    assert misfits(b.scenario(b.world()), b.plan(plan)) == [
        f"{SESSION}/c-aada: not the shift its session's carer gets"
    ]


def test_ids_the_scenario_lacks_are_named() -> None:
    plan = b.world_plan()
    b.plan_item(plan, SESSION)["facilitators"] = ["s-gone"]
    plan["visits"][0]["staff"] = "s-gone"
    assert misfits(b.scenario(b.world()), b.plan(plan)) == [
        f"{SESSION}: there is no staff member s-gone in the scenario",
        f"n-1/{b.WEEK}/1: there is no staff member s-gone in the scenario",
    ]
