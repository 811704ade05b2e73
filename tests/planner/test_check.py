"""The plan checker: a valid plan passes, and each hard rule catches an edited plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from planner.check import RULES, Violation, check
from tests.builders import (
    add_area,
    at,
    child,
    day,
    find,
    group,
    interpreter,
    move,
    move_session,
    participant,
    plan,
    plan_doc,
    plan_item,
    scenario,
    session,
    shift,
    staff,
    unplaced,
    venue,
    windows,
    world,
    world_plan,
)

Doc = dict[str, Any]
Edit = Callable[[Doc, Doc], None]

SESSION = "g-1/2026-W49/1"
SHIFT = "g-1/2026-W49/1/c-aada"
VISIT = "n-1/2026-W49/1"
TUE, WED, THU = day("tue"), day("wed"), day("thu")


def run(doc: Doc, plan_json: Doc) -> list[Violation]:
    return check(scenario(doc), plan(plan_json))


def personal_data(doc: Doc) -> list[str]:
    """What must never appear in a violation: participants' names and addresses."""
    return [p[key] for p in doc["participants"] for key in ("name", "address")]


@pytest.mark.parametrize("week", ["2026-W49", "2026-W52", "2026-W13", "2026-W43"])
def test_valid_plan_passes(week: str) -> None:
    assert run(world(week), world_plan(week)) == []


def test_every_rule_is_listed_once_in_order() -> None:
    assert [rule.__name__.split("_")[0] for rule in RULES] == [f"h{n}" for n in range(1, 12)]
    assert all(
        rule.__doc__ and rule.__doc__.startswith(f"H{n} ") for n, rule in enumerate(RULES, 1)
    )


# Edits that break one rule ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    edit: Edit
    rule: str
    names: tuple[str, ...]  # ids (and figures) one violation of `rule` names
    also: tuple[str, ...] = ()  # other rules the edit cannot help breaking
    week: str = "2026-W49"


def second_group(doc: Doc, p: Doc, at_venue: str = "v-hall", members: tuple[str, ...] = ()) -> Doc:
    """Add group g-2 (no childcare, no facilitator) and its session on Tuesday 10:00-12:00."""
    doc["groups"].append(
        group("g-2", venues=[at_venue], members=list(members), childcare=False, facilitators=0)
    )
    extra = session("g-2/2026-W49/1", TUE, "10:00", "12:00", venue=at_venue, facilitators=())
    p["sessions"].append(extra)
    return extra


def add_annex(doc: Doc) -> None:
    doc["venues"].append(venue("v-annex"))


def lock_visit(doc: Doc, p: Doc) -> None:
    doc["locked"] = {"sessions": [], "visits": [dict(plan_item(p, VISIT))]}


def lock_session(doc: Doc, p: Doc) -> None:
    doc["locked"] = {"sessions": [dict(plan_item(p, SESSION))], "visits": []}


def drop_visit(doc: Doc, p: Doc) -> None:
    p["visits"] = []


def also_unplaced(doc: Doc, p: Doc) -> None:
    p["unplaced"] = [unplaced(VISIT, "visit")]


def h1_same_day_twice(doc: Doc, p: Doc) -> None:
    find(doc, "groups", "g-1")["sessions_per_week"] = 2
    extra = session("g-1/2026-W49/2", TUE, "13:00", "15:00", carers=["c-aada"], under_3=1)
    p["sessions"].append(extra)
    p["shifts"].append(shift(extra))


def h1_not_demanded(doc: Doc, p: Doc) -> None:
    extra = session("g-1/2026-W49/2", THU, "10:00", "12:00", carers=["c-aada"], under_3=1)
    p["sessions"].append(extra)
    p["shifts"].append(shift(extra))


def h1_wrong_kind(doc: Doc, p: Doc) -> None:
    p["visits"] = []
    p["unplaced"] = [unplaced(VISIT, "session")]


def h2_holiday(doc: Doc, p: Doc) -> None:
    move(plan_item(p, "n-1/2026-W52/1"), "2026-12-24", "10:00", "11:00")


def h4_rooms(doc: Doc, p: Doc) -> None:
    second_group(doc, p)


def h4_not_group_venue(doc: Doc, p: Doc) -> None:
    add_annex(doc)
    plan_item(p, SESSION)["venue"] = "v-annex"
    plan_item(p, SHIFT)["venue"] = "v-annex"


def h4_children_take_seats(doc: Doc, p: Doc) -> None:
    find(doc, "groups", "g-1")["childcare"] = False
    find(doc, "venues", "v-hall")["capacity"] = 2


def h5_carer_double_booked(doc: Doc, p: Doc) -> None:
    add_annex(doc)
    extra = second_group(doc, p, at_venue="v-annex")
    extra["carers"] = ["c-aada"]
    p["shifts"].append(shift(extra))


def h5_participant_double_booked(doc: Doc, p: Doc) -> None:
    add_annex(doc)
    extra = second_group(doc, p, at_venue="v-annex", members=("p-1",))
    extra["children"] = {"under_3": 1, "from_3": 0}


def h6_before_base_travel(doc: Doc, p: Doc) -> None:
    find(doc, "staff", "s-aino")["available"]["tue"] = ["09:55-16:00"]


def h6_after_base_travel(doc: Doc, p: Doc) -> None:
    find(doc, "staff", "s-aino")["available"]["wed"] = ["08:00-11:05"]


def h8_not_in_pool(doc: Doc, p: Doc) -> None:
    doc["staff"].append(staff("s-bertta"))
    find(doc, "groups", "g-1")["facilitator_pool"] = ["s-bertta"]


def h8_not_among_need_staff(doc: Doc, p: Doc) -> None:
    doc["staff"].append(staff("s-bertta"))
    find(doc, "guidance", "n-1")["staff"] = ["s-bertta"]


def h9_too_few_carers(doc: Doc, p: Doc) -> None:
    p["shifts"] = []
    plan_item(p, SESSION)["carers"] = []


def h9_carer_outside_areas(doc: Doc, p: Doc) -> None:
    add_area(doc, "tornio")
    find(doc, "carers", "c-aada")["areas"] = ["tornio"]


def h10_wrong_interpreter(doc: Doc, p: Doc) -> None:
    find(doc, "participants", "p-1")["languages"] = ["ar"]
    doc["interpreters"] = [interpreter(languages=["so", "fi"])]
    plan_item(p, VISIT)["interpreter"] = "i-1"


def session_interpreter(languages: list[str], speaks: list[str], areas: list[str]) -> Edit:
    def edit(doc: Doc, p: Doc) -> None:
        if "tornio" in areas:
            add_area(doc, "tornio")
        find(doc, "groups", "g-1")["interpreting"] = languages
        doc["interpreters"] = [interpreter(languages=speaks, areas=areas)]
        plan_item(p, SESSION)["interpreters"] = ["i-1"]

    return edit


def h11_locked_moved(doc: Doc, p: Doc) -> None:
    lock_visit(doc, p)
    move(plan_item(p, VISIT), WED, "13:00", "14:00")


def h11_locked_missing(doc: Doc, p: Doc) -> None:
    lock_session(doc, p)
    p["sessions"], p["shifts"] = [], []
    p["unplaced"] = [unplaced(SESSION, "session")]


def h11_locked_people_changed(doc: Doc, p: Doc) -> None:
    lock_session(doc, p)
    doc["staff"].append(staff("s-bertta"))
    plan_item(p, SESSION)["facilitators"] = ["s-bertta"]


def set_in(kind: str, id: str, **values: Any) -> Edit:
    """An edit that sets fields of one scenario entity."""

    def edit(doc: Doc, p: Doc) -> None:
        find(doc, kind, id).update(values)

    return edit


def set_item(id: str, **values: Any) -> Edit:
    """An edit that sets fields of one plan item."""

    def edit(doc: Doc, p: Doc) -> None:
        plan_item(p, id).update(values)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(doc: Doc, p: Doc) -> None:
        for one in edits:
            one(doc, p)

    return edit


def moved(id: str, date: str, start: str, end: str) -> Edit:
    def edit(doc: Doc, p: Doc) -> None:
        if id.startswith("g-"):
            move_session(p, id, date, start, end)
        else:
            move(plan_item(p, id), date, start, end)

    return edit


def scenario_key(key: str, value: Any) -> Edit:
    def edit(doc: Doc, p: Doc) -> None:
        doc[key] = value

    return edit


CASES: dict[str, Case] = {
    # H1 Demand
    "h1-missing-item": Case(drop_visit, "H1", (VISIT,)),
    "h1-same-day-twice": Case(h1_same_day_twice, "H1", (SESSION, "g-1/2026-W49/2", TUE)),
    "h1-wrong-duration": Case(moved(SESSION, TUE, "10:00", "11:30"), "H1", (SESSION, "90", "120")),
    "h1-placed-and-unplaced": Case(also_unplaced, "H1", (VISIT,)),
    "h1-not-demanded": Case(h1_not_demanded, "H1", ("g-1/2026-W49/2",)),
    "h1-unplaced-wrong-kind": Case(h1_wrong_kind, "H1", (VISIT, "session")),
    # H2 Calendar
    "h2-closed-date": Case(scenario_key("closed_dates", [TUE]), "H2", (SESSION, TUE)),
    "h2-holiday": Case(h2_holiday, "H2", ("n-1/2026-W52/1", "2026-12-24"), week="2026-W52"),
    "h2-outside-horizon": Case(
        moved(VISIT, "2026-12-07", "10:00", "11:00"), "H2", (VISIT, "2026-12-07"), also=("H1",)
    ),
    # H3 Windows
    "h3-outside-group-windows": Case(
        set_in("groups", "g-1", windows=windows("11:00-15:00")), "H3", (SESSION, "g-1")
    ),
    "h3-venue-closed-during-shift": Case(
        set_in("venues", "v-hall", closed=[{"start": f"{TUE}T09:00", "end": f"{TUE}T09:50"}]),
        "H3",
        (SESSION, "v-hall", "09:00"),
    ),
    "h3-venue-not-open-for-shift": Case(
        set_in("venues", "v-hall", open=windows("10:00-17:00")), "H3", (SESSION, "09:45")
    ),
    "h3-outside-need-windows": Case(
        set_in("guidance", "n-1", windows={"wed": ["12:00-15:00"]}), "H3", (VISIT, "n-1")
    ),
    "h3-outside-participant-windows": Case(
        set_in("participants", "p-1", available={"wed": ["13:00-16:00"]}), "H3", (VISIT, "p-1")
    ),
    "h3-outside-default-windows": Case(
        both(
            set_in("staff", "s-aino", available=windows("07:00-16:00")),
            moved(VISIT, WED, "08:00", "09:00"),
        ),
        "H3",
        (VISIT, "Mon-Fri 09:00-16:00"),
    ),
    # H4 Venue
    "h4-too-small": Case(set_in("venues", "v-hall", capacity=1), "H4", (SESSION, "v-hall")),
    "h4-not-a-group-venue": Case(h4_not_group_venue, "H4", (SESSION, "v-annex", "g-1")),
    "h4-no-childcare-room": Case(
        set_in("venues", "v-hall", childcare_room=False), "H4", (SESSION, "v-hall")
    ),
    "h4-childcare-room-too-small": Case(
        set_in("venues", "v-hall", childcare_capacity=0), "H4", (SESSION, "v-hall")
    ),
    "h4-children-take-seats-without-childcare": Case(
        h4_children_take_seats, "H4", (SESSION, "3", "2")
    ),
    "h4-more-sessions-than-rooms": Case(h4_rooms, "H4", ("v-hall", SESSION, "g-2/2026-W49/1")),
    # H5 One place at a time
    "h5-staff-double-booked": Case(
        moved(VISIT, TUE, "11:00", "12:00"), "H5", ("s-aino", SESSION, VISIT)
    ),
    "h5-participant-double-booked": Case(
        h5_participant_double_booked, "H5", ("p-1", SESSION, "g-2/2026-W49/1")
    ),
    "h5-no-time-to-drive": Case(
        moved(VISIT, TUE, "12:05", "13:05"), "H5", ("s-aino", SESSION, VISIT, "5 min", "10 min")
    ),
    "h5-carer-double-booked": Case(
        h5_carer_double_booked, "H5", ("c-aada", SHIFT, "g-2/2026-W49/1/c-aada")
    ),
    # H6 Availability
    "h6-staff-absent": Case(
        set_in("staff", "s-aino", absent=[{"start": TUE, "end": TUE}]), "H6", ("s-aino", SESSION)
    ),
    "h6-carer-unavailable": Case(
        set_in("carers", "c-aada", available=windows("08:00-17:00", days=["mon"])),
        "H6",
        ("c-aada", SHIFT),
    ),
    "h6-before-base-travel": Case(h6_before_base_travel, "H6", ("s-aino", SESSION, "09:55")),
    "h6-after-base-travel": Case(h6_after_base_travel, "H6", ("s-aino", VISIT, "11:05")),
    "h6-absence-cuts-available-time": Case(
        set_in("staff", "s-aino", absent=[{"start": f"{TUE}T07:00", "end": f"{TUE}T09:55"}]),
        "H6",
        ("s-aino", SESSION, "09:55"),
    ),
    # H7 Working time
    "h7-day-over-hours": Case(
        set_in("staff", "s-aino", max_hours_per_day=2), "H7", ("s-aino", TUE, "2 h 20 min")
    ),
    "h7-week-over-hours": Case(
        set_in("staff", "s-aino", hours_per_week=3), "H7", ("s-aino", "2026-W49", "3 h 40 min")
    ),
    "h7-carer-too-many-shifts": Case(
        set_in("carers", "c-aada", max_shifts_per_week=0), "H7", ("c-aada", "2026-W49")
    ),
    # H8 Roles and skills
    "h8-wrong-role": Case(set_in("staff", "s-aino", roles=["guide"]), "H8", ("s-aino", SESSION)),
    "h8-not-a-guide": Case(
        set_in("staff", "s-aino", roles=["facilitator"]), "H8", ("s-aino", VISIT)
    ),
    "h8-missing-facilitator": Case(set_item(SESSION, facilitators=[]), "H8", (SESSION, "0")),
    "h8-not-in-pool": Case(h8_not_in_pool, "H8", ("s-aino", SESSION, "g-1")),
    "h8-no-one-speaks-group-language": Case(
        set_in("groups", "g-1", language="sv"), "H8", (SESSION, "sv")
    ),
    "h8-not-among-need-staff": Case(h8_not_among_need_staff, "H8", ("s-aino", VISIT, "n-1")),
    # H9 Childcare
    "h9-too-few-carers": Case(h9_too_few_carers, "H9", (SESSION, "0 carer")),
    "h9-ratio-needs-two-carers": Case(
        scenario_key("settings", {"childcare": {"children_per_carer": 1}}),
        "H9",
        (SESSION, "needs 2"),
    ),
    "h9-no-infant-carer": Case(
        set_in("children", "ch-1", birth_date="2026-06-01"), "H9", (SESSION, "under 1")
    ),
    "h9-shift-without-buffer": Case(
        set_item(SHIFT, start=at(TUE, "10:00")), "H9", (SHIFT, SESSION, "15 min")
    ),
    "h9-carer-outside-areas": Case(h9_carer_outside_areas, "H9", (SHIFT, "c-aada", "kemi")),
    # H10 Language
    "h10-no-interpreter": Case(
        set_in("participants", "p-1", languages=["ar"]), "H10", (VISIT, "s-aino", "p-1")
    ),
    "h10-wrong-interpreter": Case(h10_wrong_interpreter, "H10", (VISIT, "i-1", "p-1", "s-aino")),
    "h10-session-without-interpreter": Case(
        set_in("groups", "g-1", interpreting=["ar"]), "H10", (SESSION, "ar")
    ),
    "h10-one-interpreter-for-two-languages": Case(
        session_interpreter(["ar", "so"], ["ar", "so", "fi"], ["kemi"]), "H10", (SESSION, "so")
    ),
    "h10-interpreter-outside-areas": Case(
        session_interpreter(["ar"], ["ar", "fi"], ["tornio"]), "H10", (SESSION, "i-1", "kemi")
    ),
    # H11 Locked
    "h11-locked-moved": Case(h11_locked_moved, "H11", (VISIT, "start", "end")),
    "h11-locked-missing": Case(h11_locked_missing, "H11", (SESSION,)),
    "h11-locked-people-changed": Case(h11_locked_people_changed, "H11", (SESSION, "facilitators")),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_check_catches_an_edited_plan(case: Case) -> None:
    doc, p = world(case.week), world_plan(case.week)
    case.edit(doc, p)

    found = run(doc, p)

    assert {v.rule for v in found} == {case.rule, *case.also}, [str(v) for v in found]
    named = [v for v in found if v.rule == case.rule and all(n in str(v) for n in case.names)]
    assert named, [str(v) for v in found]
    assert not [v for v in found for data in personal_data(doc) if data in str(v)]


# Locked items --------------------------------------------------------------------------------


def test_locked_items_are_not_judged_by_calendar_windows_or_availability() -> None:
    doc, p = world(), world_plan()
    move(plan_item(p, VISIT), WED, "18:00", "19:00")  # outside every window, on a closed day
    move_session(p, SESSION, TUE, "16:30", "18:30")  # its shift runs past opening hours
    doc["locked"] = {"sessions": [plan_item(p, SESSION)], "visits": [plan_item(p, VISIT)]}
    doc["closed_dates"] = [TUE, WED]
    find(doc, "staff", "s-aino")["absent"] = [{"start": WED, "end": WED}]

    assert run(doc, p) == []
    doc["locked"] = {"sessions": [], "visits": []}
    assert {v.rule for v in run(doc, p)} == {"H2", "H3", "H6"}


def test_locked_items_count_for_one_place_at_a_time() -> None:
    doc, p = world(), world_plan()
    move(plan_item(p, VISIT), TUE, "11:00", "12:00")
    lock_visit(doc, p)

    found = run(doc, p)

    assert {(v.rule, v.ref) for v in found} == {("H5", "s-aino"), ("H5", "p-1")}


def test_locked_items_count_for_working_time() -> None:
    doc, p = world(), world_plan()
    lock_session(doc, p)
    find(doc, "staff", "s-aino")["max_hours_per_day"] = 2

    assert [(v.rule, v.ref) for v in run(doc, p)] == [("H7", "s-aino")]


# Travel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("remote", "expected"), [(True, []), (False, [("H5", "i-1")])])
def test_only_on_site_interpreters_travel(remote: bool, expected: list[tuple[str, str]]) -> None:
    # i-1 interprets the session at v-hall until 12:00, then a visit at p-1's home at 12:05,
    # made by s-bertta. The mother needs no travel time; an on-site interpreter does.
    doc, p = world(), world_plan()
    doc["staff"].append(staff("s-bertta"))
    doc["interpreters"] = [interpreter(remote=remote)]
    find(doc, "participants", "p-1")["languages"] = ["ar"]
    plan_item(p, SESSION)["interpreters"] = ["i-1"]
    home_visit = move(plan_item(p, VISIT), TUE, "12:05", "13:05")
    home_visit.update(staff="s-bertta", interpreter="i-1")

    assert [(v.rule, v.ref) for v in run(doc, p)] == expected


def test_same_place_needs_no_travel() -> None:
    doc, p = world(), world_plan()
    find(doc, "guidance", "n-1")["place"] = "v-hall"
    move(plan_item(p, VISIT), TUE, "12:00", "13:00")["place"] = "v-hall"

    assert run(doc, p) == []


# Clocks that change --------------------------------------------------------------------------


def sunday_world(week: str, group_windows: str = "10:00-12:00", duration: int = 120) -> Doc:
    """The world with its group meeting on Sunday and everyone free on Sunday."""
    doc = world(week)
    find(doc, "groups", "g-1").update(windows={"sun": [group_windows]}, duration_minutes=duration)
    find(doc, "venues", "v-hall")["open"]["sun"] = ["00:00-24:00"]
    find(doc, "staff", "s-aino")["available"]["sun"] = ["00:00-24:00"]
    find(doc, "carers", "c-aada")["available"]["sun"] = ["00:00-24:00"]
    return doc


@pytest.mark.parametrize(
    ("week", "sunday_offset", "monday_offset"),
    [("2026-W13", "+03:00", "+02:00"), ("2026-W43", "+02:00", "+03:00")],
    ids=["clocks-forward", "clocks-back"],
)
def test_sunday_session_is_judged_on_the_local_clock(
    week: str, sunday_offset: str, monday_offset: str
) -> None:
    doc, p = sunday_world(week), world_plan(week)
    sunday = day("sun", week)
    meeting = move_session(p, f"g-1/{week}/1", sunday, "10:00", "12:00")
    assert meeting["start"].endswith(sunday_offset)
    assert at(day("mon", week), "10:00").endswith(monday_offset)

    assert run(doc, p) == []

    # The same clock time with the other offset is another hour on the local clock.
    other = monday_offset
    meeting["start"] = f"{sunday}T10:00:00{other}"
    meeting["end"] = f"{sunday}T12:00:00{other}"
    p["shifts"] = [shift(meeting)]
    found = run(doc, p)
    assert [v.rule for v in found] == ["H3"]
    assert "outside the windows of group g-1" in found[0].text


def test_durations_are_real_minutes_when_the_clocks_go_forward() -> None:
    # 2026-03-29 in Helsinki: 03:00 becomes 04:00. 02:00-05:00 on the clock is two real hours.
    week = "2026-W13"
    doc, p = sunday_world(week, group_windows="00:00-06:00"), world_plan(week)
    move_session(p, f"g-1/{week}/1", day("sun", week), "02:00", "05:00")

    assert run(doc, p) == []

    find(doc, "groups", "g-1")["duration_minutes"] = 180
    found = run(doc, p)
    assert [(v.rule, v.ref) for v in found] == [("H1", f"g-1/{week}/1")]
    assert "lasts 120 min" in found[0].text


# Ratios computed exactly ---------------------------------------------------------------------


def test_carer_ratio_is_exact_not_floating_point() -> None:
    # 5 children under 3 weighing 1.4 each are exactly 7, one carer's worth (5 * 1.4 in
    # floating point is 7.000000000000001, which would ask for a second carer).
    doc, p = world(), world_plan()
    doc["settings"] = {"childcare": {"under_3_weight": 1.4}}
    find(doc, "participants", "p-1")["children"] = [child(f"ch-{n}") for n in range(1, 6)]
    find(doc, "venues", "v-hall")["childcare_capacity"] = 5
    plan_item(p, SESSION)["children"] = {"under_3": 5, "from_3": 0}

    assert run(doc, p) == []


def test_no_childcare_needs_no_carers_but_may_have_them() -> None:
    doc, p = world(), world_plan()
    find(doc, "groups", "g-1")["childcare"] = False

    assert run(doc, p) == []


# Plain inconsistencies -----------------------------------------------------------------------


def h9_children_miscounted(doc: Doc, p: Doc) -> None:
    plan_item(p, SESSION)["children"] = {"under_3": 0, "from_3": 1}


def visit_in_wrong_area(doc: Doc, p: Doc) -> None:
    add_area(doc, "tornio")
    plan_item(p, VISIT)["area"] = "tornio"


def visit_for_someone_else(doc: Doc, p: Doc) -> None:
    doc["participants"].append(participant("p-2", children=[]))
    plan_item(p, VISIT)["participant"] = "p-2"


def shift_misnamed(doc: Doc, p: Doc) -> None:
    plan_item(p, SHIFT)["id"] = "g-1/2026-W49/1/carer"


@pytest.mark.parametrize(
    ("edit", "ref", "names"),
    [
        (h9_children_miscounted, SESSION, ("0", "1")),
        (visit_in_wrong_area, VISIT, ("tornio", "kemi")),
        (shift_misnamed, "g-1/2026-W49/1/carer", ("c-aada", SESSION)),
        (set_item(SHIFT, partner="par-other"), SHIFT, ("par-other", "par-parish")),
        (set_item(SESSION, carers=[]), SESSION, ("c-aada",)),
        (visit_for_someone_else, VISIT, ("p-2", "n-1")),
    ],
    ids=[
        "children-miscounted",
        "visit-area-not-its-place",
        "shift-not-named-after-session-and-carer",
        "shift-partner-not-the-carers",
        "session-carers-differ-from-shifts",
        "visit-participant-not-the-needs",
    ],
)
def test_check_reports_plain_inconsistencies(edit: Edit, ref: str, names: tuple[str, ...]) -> None:
    doc, p = world(), world_plan()
    edit(doc, p)

    found = [v for v in run(doc, p) if v.rule == "plan"]

    assert [v.ref for v in found] == [ref], [str(v) for v in found]
    assert all(name in found[0].text for name in names), found[0].text


@pytest.mark.parametrize(
    "edit",
    [
        set_item(SESSION, venue="v-nowhere"),
        set_item(SESSION, group="g-nowhere"),
        set_item(SESSION, facilitators=["s-nobody"], interpreters=["i-nobody"]),
        set_item(SHIFT, carer="c-nobody"),
        set_item(VISIT, need="n-nowhere", staff="s-nobody", place="v-nowhere"),
        set_item(VISIT, participant="p-nobody", interpreter="i-nobody"),
    ],
    ids=["venue", "group", "session-people", "carer", "visit-need-staff-place", "visit-people"],
)
def test_dangling_references_are_reported_without_crashing(edit: Edit) -> None:
    doc, p = world(), world_plan()
    edit(doc, p)

    found = run(doc, p)

    assert any(v.rule == "plan" and "in the scenario" in v.text for v in found)


# Output --------------------------------------------------------------------------------------


def test_violations_are_sorted_by_rule_number_then_ref() -> None:
    doc, p = world(), world_plan()
    find(doc, "staff", "s-aino")["max_hours_per_day"] = 2
    find(doc, "venues", "v-hall")["capacity"] = 1
    p["visits"] = []
    find(doc, "groups", "g-1")["interpreting"] = ["ar"]
    plan_item(p, SESSION)["children"] = {"under_3": 0, "from_3": 0}

    found = run(doc, p)

    assert [v.rule for v in found] == ["plan", "H1", "H4", "H7", "H10"]
    assert str(found[3]).startswith("H7 s-aino: s-aino works 2 h 20 min on 2026-12-01")


def test_failed_plan_is_checked_only_for_its_errors() -> None:
    doc = world()
    errors = [{"ref": VISIT, "rule": "H6", "text": "the locked visit breaks H6"}]
    failed = plan(plan_doc(status="failed", errors=errors))

    assert check(scenario(doc), failed) == []
    assert check(scenario(doc), dataclasses.replace(failed, errors=())) == [
        Violation("plan", "errors", "the plan failed without saying why")
    ]


def test_the_tiny_example_is_consistent_and_keeps_its_locked_visit(
    tiny: Doc, tiny_plan: Doc
) -> None:
    found = check(scenario(tiny), plan(tiny_plan))

    assert not [str(v) for v in found if v.rule in {"plan", "H11"}]
    assert found == sorted(found, key=lambda v: v.order)
