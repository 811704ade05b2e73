"""Builders of small scenarios and plans: the smallest world where a rule binds.

Scenario builders return JSON values of `kotoplan-scenario/1` (plain dicts a test may change
at will); `scenario(doc)` turns one into the domain. Plan builders return `kotoplan-plan/1`
values; `plan(doc)` loads one. Clock times are local to Europe/Helsinki and written with the
offset the zone has at that instant (`at`), so the same builders serve the weeks when the
clocks change.

`world()` is one week (2026-W49 unless `week` says otherwise) of a one-area project:

- `kemi`: the only area; 10 minutes between two places in it (`travel_minutes`).
- `v-hall`: venue in kemi; 10 seats, 1 room, a childcare room for 5; open Mon-Fri 08:00-17:00.
- `s-aino`: staff based in kemi; speaks fi and en; facilitator and guide; 30 h a week, 8 h a
  day; available Mon-Fri 08:00-16:00.
- `par-parish`: partner lending carer `c-aada`: kemi, Mon-Fri 08:00-17:00, 3 shifts a week,
  no infants.
- `p-1`: participant in kemi who speaks fi; child `ch-1` born 2024-06-01 (under 3 in 2026).
- `g-1`: group at v-hall in fi with member p-1; one 120-minute session a week within Mon-Fri
  09:00-15:00; 1 facilitator; childcare.
- `n-1`: p-1's guidance at home; one 60-minute visit a week; no windows of its own, so Mon-Fri
  09:00-16:00.

`world_plan()` is a valid plan of that world: `g-1/<week>/1` on Tuesday 10:00-12:00 with
s-aino and c-aada (shift 09:45-12:15), and `n-1/<week>/1` by s-aino at p-1's home on
Wednesday 10:00-11:00. `find` and `plan_item` reach into either document to change it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from planner.domain import Plan, Scenario
from planner.domain.timeparts import WEEKDAYS, week_dates
from planner.formats.plan import load_plan
from planner.formats.scenario import load_scenario

Doc = dict[str, Any]

TODAY = dt.date(2026, 11, 27)
ZONE = "Europe/Helsinki"
WEEK = "2026-W49"
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
NAME = "Builder world"


# Scenario parts ------------------------------------------------------------------------------


def windows(*ranges: str, days: Iterable[str] = WORKDAYS) -> dict[str, list[str]]:
    """The same ranges on each of `days`: `windows("08:00-16:00")` is Mon-Fri 08:00-16:00."""
    return {day: list(ranges) for day in days}


def horizon(week: str = WEEK) -> dict[str, str]:
    """The horizon of one ISO week."""
    monday, sunday = week_dates(week)
    return {"start": monday.isoformat(), "end": sunday.isoformat()}


def area(id: str = "kemi", **overrides: Any) -> Doc:
    return {"id": id, "name": id.title(), **overrides}


def venue(id: str = "v-hall", **overrides: Any) -> Doc:
    """A venue in kemi with a childcare room, open on weekdays."""
    return {
        "id": id,
        "name": f"Venue {id}",
        "area": "kemi",
        "address": f"Test street 1 ({id})",
        "capacity": 10,
        "rooms": 1,
        "childcare_room": True,
        "childcare_capacity": 5,
        "open": windows("08:00-17:00"),
        "closed": [],
        **overrides,
    }


def staff(id: str = "s-aino", **overrides: Any) -> Doc:
    """A staff member based in kemi who both facilitates and guides, in fi and en."""
    return {
        "id": id,
        "name": f"Staff {id}",
        "base_area": "kemi",
        "languages": ["fi", "en"],
        "roles": ["facilitator", "guide"],
        "hours_per_week": 30,
        "max_hours_per_day": 8,
        "available": windows("08:00-16:00"),
        "absent": [],
        **overrides,
    }


def carer(id: str = "c-aada", **overrides: Any) -> Doc:
    """A carer working in kemi on weekdays, not for infants."""
    return {
        "id": id,
        "name": f"Carer {id}",
        "areas": ["kemi"],
        "available": windows("08:00-17:00"),
        "absent": [],
        "max_shifts_per_week": 3,
        "infants": False,
        **overrides,
    }


def partner(id: str = "par-parish", carers: Sequence[Doc] | None = None, **overrides: Any) -> Doc:
    return {"id": id, "name": f"Partner {id}", "carers": list(carers or [carer()]), **overrides}


def child(id: str = "ch-1", birth_date: str = "2024-06-01", **overrides: Any) -> Doc:
    return {"id": id, "birth_date": birth_date, "in_daycare": False, **overrides}


def participant(id: str = "p-1", children: Sequence[Doc] | None = None, **overrides: Any) -> Doc:
    """A participant in kemi who speaks fi, with one child under 3 unless told otherwise."""
    return {
        "id": id,
        "name": f"Participant {id} (fictional)",
        "area": "kemi",
        "address": f"Home street 7 ({id})",
        "languages": ["fi"],
        "children": list(children if children is not None else [child()]),
        **overrides,
    }


def group(id: str = "g-1", **overrides: Any) -> Doc:
    """A weekly 120-minute group at v-hall in fi with childcare; its member is p-1."""
    return {
        "id": id,
        "name": f"Group {id}",
        "theme": "everyday_life",
        "venues": ["v-hall"],
        "language": "fi",
        "interpreting": [],
        "members": ["p-1"],
        "sessions_per_week": 1,
        "duration_minutes": 120,
        "windows": windows("09:00-15:00"),
        "facilitators": 1,
        "childcare": True,
        **overrides,
    }


def need(id: str = "n-1", **overrides: Any) -> Doc:
    """p-1's weekly 60-minute guidance at home."""
    return {
        "id": id,
        "participant": "p-1",
        "visits_per_week": 1,
        "duration_minutes": 60,
        "place": "home",
        **overrides,
    }


def interpreter(id: str = "i-1", **overrides: Any) -> Doc:
    """An on-site interpreter of ar and fi in kemi, on weekdays."""
    return {
        "id": id,
        "name": f"Interpreter {id} (fictional)",
        "languages": ["ar", "fi"],
        "remote": False,
        "areas": ["kemi"],
        "available": windows("08:00-16:00"),
        "absent": [],
        **overrides,
    }


def world(week: str = WEEK, **overrides: Any) -> Doc:
    """The one-area world of the module docstring; keyword arguments replace top-level keys."""
    doc: Doc = {
        "format": "kotoplan-scenario/1",
        "name": NAME,
        "timezone": ZONE,
        "country": "FI",
        "horizon": horizon(week),
        "closed_dates": [],
        "areas": [area("kemi")],
        "travel_minutes": {"kemi": {"kemi": 10}},
        "venues": [venue()],
        "staff": [staff()],
        "partners": [partner()],
        "participants": [participant()],
        "groups": [group()],
        "guidance": [need()],
        "interpreters": [],
    }
    doc.update(overrides)
    return doc


def add_area(doc: Doc, id: str, within: int = 10, between: int = 30) -> Doc:
    """Add an area, `between` minutes from every other one; returns it."""
    new = area(id)
    others = [a["id"] for a in doc["areas"]]
    doc["areas"].append(new)
    for other in others:
        doc["travel_minutes"][other][id] = between
    doc["travel_minutes"][id] = {**{other: between for other in others}, id: within}
    return new


def find(doc: Doc, kind: str, id: str) -> Doc:
    """The entity of a scenario document by kind ("staff", "carers", "groups", ...) and id."""
    if kind == "carers":
        entities = [c for p in doc["partners"] for c in p["carers"]]
    elif kind == "children":
        entities = [c for p in doc["participants"] for c in p["children"]]
    else:
        entities = doc[kind]
    for entity in entities:
        if entity["id"] == id:
            return entity
    raise KeyError(f"no {kind} {id}")


def scenario(doc: Doc) -> Scenario:
    """The domain scenario of a document, validated as of `TODAY`."""
    return load_scenario(doc, today=TODAY)


# Plan parts ----------------------------------------------------------------------------------


def day(weekday: str, week: str = WEEK) -> str:
    """The ISO date of a weekday ("tue") of a week."""
    monday, _ = week_dates(week)
    return (monday + dt.timedelta(days=WEEKDAYS.index(weekday))).isoformat()


def at(date: str | dt.date, clock: str, zone: str = ZONE) -> str:
    """A local clock time as a plan instant with the zone's offset then: `...T10:00:00+02:00`."""
    local = dt.datetime.combine(dt.date.fromisoformat(str(date)), dt.time.fromisoformat(clock))
    return local.replace(tzinfo=ZoneInfo(zone)).isoformat(timespec="seconds")


def shifted(instant: str, minutes: int, zone: str = ZONE) -> str:
    """An instant moved by real minutes, written with the offset at its new time."""
    moment = dt.datetime.fromisoformat(instant).astimezone(dt.UTC)
    moved = (moment + dt.timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
    return moved.isoformat(timespec="seconds")


def session(
    id: str,
    date: str,
    start: str,
    end: str,
    *,
    group: str | None = None,
    venue: str = "v-hall",
    facilitators: Sequence[str] = ("s-aino",),
    carers: Sequence[str] = (),
    interpreters: Sequence[str] = (),
    under_3: int = 0,
    from_3: int = 0,
) -> Doc:
    """A plan session from local clock times; its group is the first part of its id."""
    return {
        "id": id,
        "group": group or id.split("/")[0],
        "venue": venue,
        "start": at(date, start),
        "end": at(date, end),
        "facilitators": list(facilitators),
        "carers": list(carers),
        "interpreters": list(interpreters),
        "children": {"under_3": under_3, "from_3": from_3},
    }


def shift(of: Doc, carer: str = "c-aada", partner: str = "par-parish", buffer: int = 15) -> Doc:
    """The shift of a carer around a plan session, `buffer` real minutes on either side."""
    return {
        "id": f"{of['id']}/{carer}",
        "carer": carer,
        "partner": partner,
        "session": of["id"],
        "venue": of["venue"],
        "start": shifted(of["start"], -buffer),
        "end": shifted(of["end"], buffer),
    }


def visit(
    id: str,
    date: str,
    start: str,
    end: str,
    *,
    need: str | None = None,
    participant: str = "p-1",
    staff: str = "s-aino",
    place: str = "home",
    area: str = "kemi",
    interpreter: str | None = None,
) -> Doc:
    """A plan visit from local clock times; its need is the first part of its id."""
    return {
        "id": id,
        "need": need or id.split("/")[0],
        "participant": participant,
        "staff": staff,
        "interpreter": interpreter,
        "place": place,
        "area": area,
        "start": at(date, start),
        "end": at(date, end),
    }


def unplaced(ref: str, kind: str, rule: str = "H6", text: str = "no time left") -> Doc:
    return {"ref": ref, "kind": kind, "reasons": [{"rule": rule, "text": text}]}


def plan_doc(
    sessions: Sequence[Doc] = (),
    shifts: Sequence[Doc] = (),
    visits: Sequence[Doc] = (),
    unplaced: Sequence[Doc] = (),
    week: str = WEEK,
    **overrides: Any,
) -> Doc:
    """A feasible plan document of the world's scenario; keywords replace top-level keys."""
    doc: Doc = {
        "format": "kotoplan-plan/1",
        "scenario": NAME,
        "horizon": horizon(week),
        "status": "feasible",
        "errors": [],
        "objective": 0,
        "bound": None,
        "cost": {},
        "stats": {"solve_seconds": 0},
        "sessions": [copy.deepcopy(s) for s in sessions],
        "shifts": [copy.deepcopy(s) for s in shifts],
        "visits": [copy.deepcopy(v) for v in visits],
        "travel": [],
        "unplaced": [copy.deepcopy(u) for u in unplaced],
    }
    doc.update(overrides)
    return doc


def world_plan(week: str = WEEK) -> Doc:
    """The valid plan of `world(week)`: the session on Tuesday, the visit on Wednesday."""
    meeting = session(
        f"g-1/{week}/1", day("tue", week), "10:00", "12:00", carers=["c-aada"], under_3=1
    )
    home_visit = visit(f"n-1/{week}/1", day("wed", week), "10:00", "11:00")
    return plan_doc([meeting], [shift(meeting)], [home_visit], week=week)


def plan_item(doc: Doc, id: str) -> Doc:
    """The session, shift or visit of a plan document with this id."""
    for kind in ("sessions", "shifts", "visits"):
        for item in doc[kind]:
            if item["id"] == id:
                return item
    raise KeyError(f"no item {id} in the plan")


def move(item: Doc, date: str, start: str, end: str) -> Doc:
    """Place a plan item (or a locked one) at other local clock times; returns it."""
    item["start"], item["end"] = at(date, start), at(date, end)
    return item


def move_session(doc: Doc, id: str, date: str, start: str, end: str, buffer: int = 15) -> Doc:
    """Move a plan session and the shifts around it; returns the session."""
    moved = move(plan_item(doc, id), date, start, end)
    doc["shifts"] = [
        shift(moved, s["carer"], s["partner"], buffer) if s["session"] == id else s
        for s in doc["shifts"]
    ]
    return moved


def plan(doc: Doc) -> Plan:
    """The domain plan of a document."""
    return load_plan(doc)
