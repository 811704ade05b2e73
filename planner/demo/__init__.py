"""The Meri-Lappi demo region: a realistic, fictional week that a new user first sees.

The data is written for ISO week 2026-W49. `demo_document` moves every date in it (the
horizon, absences, closures, birth dates) by whole weeks, so the demo is the same world
in whichever week it is shown: the same weekdays are affected and the children keep
their ages. A week far ahead would then hold children not yet born; given `born_by`
(today, for a database that must plan other weeks too), such a child is born on that day
instead, and is that much younger in the week shown.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from planner.domain.timeparts import iso_week, week_dates

BASE_WEEK = "2026-W49"


def coming_week(today: dt.date) -> str:
    """The ISO week that starts on the next Monday after `today`."""
    return iso_week(today + dt.timedelta(days=7 - today.weekday()))


def demo_document(week: str = BASE_WEEK, born_by: dt.date | None = None) -> dict[str, Any]:
    """The demo scenario as JSON, moved to the ISO week `week`; no child is born after
    `born_by` when it is given."""
    text = resources.files(__package__).joinpath("meri-lappi.json").read_text(encoding="utf-8")
    data = json.loads(text)
    shift = week_dates(week)[0] - week_dates(BASE_WEEK)[0]
    data = _moved(data, shift) if shift else data
    if born_by is not None:
        for participant in data["participants"]:
            for child in participant.get("children", []):
                born = min(dt.date.fromisoformat(child["birth_date"]), born_by)
                child["birth_date"] = born.isoformat()
    return data


def _moved(data: dict[str, Any], shift: dt.timedelta) -> dict[str, Any]:
    def day(text: str) -> str:
        if "T" in text:
            return (dt.datetime.fromisoformat(text) + shift).isoformat(timespec="minutes")
        return (dt.date.fromisoformat(text) + shift).isoformat()

    def periods(items: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{"start": day(p["start"]), "end": day(p["end"])} for p in items]

    data["horizon"] = {key: day(value) for key, value in data["horizon"].items()}
    data["closed_dates"] = [day(d) for d in data.get("closed_dates", [])]
    for venue in data["venues"]:
        venue["closed"] = periods(venue.get("closed", []))
    people = data["staff"] + data["interpreters"]
    people += [c for p in data["partners"] for c in p.get("carers", [])]
    for person in people:
        person["absent"] = periods(person.get("absent", []))
    for participant in data["participants"]:
        for child in participant.get("children", []):
            child["birth_date"] = day(child["birth_date"])
    return data
