"""What every part of the generator shares: the world being built, a cluster, the settings.

A `World` holds the document, the one random source and the counters of ids; a `Cluster`
holds what one cluster's parts need to know of each other. Weekly windows, absences and
the areas within reach are made the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from planner.domain import ChildcareSettings

Doc = dict[str, Any]
Windows = dict[str, list[str]]

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
# A second language that speakers of the first often have.
SECOND_LANGUAGE = {"so": "ar", "ti": "ar", "ku": "ar", "uk": "ru", "fa": "ar"}
GROUP_LANGUAGES = ("ar", "ru", "so")  # languages some groups are run in, besides Finnish
NEAR_MINUTES = 30  # a group's members and a carer's areas lie this close
SETTINGS: Doc = {
    "slot_minutes": 15,
    "childcare": {
        "children_per_carer": 7,
        "under_3_weight": 1.75,
        "max_age": 6,
        "buffer_minutes": 15,
        "min_carers": 1,
    },
    "weights": {"unplaced": 1000, "continuity": 10, "stability": 5, "travel": 1, "fairness": 1},
    "time_limit_seconds": 10,
}
# The same childcare settings as the domain's, for the H9 arithmetic of `planner.domain.childcare`.
CHILDCARE = ChildcareSettings(
    **SETTINGS["childcare"]
    | {"under_3_weight": Fraction(str(SETTINGS["childcare"]["under_3_weight"]))}
)


@dataclass
class Cluster:
    """Five areas around a regional centre, and everyone who lives or works in them."""

    areas: list[str]  # the centre, the town, three villages
    languages: dict[str, float]  # weights of the home languages here
    venues: list[Doc] = field(default_factory=list)
    staff: list[Doc] = field(default_factory=list)
    partners: list[Doc] = field(default_factory=list)
    participants: list[Doc] = field(default_factory=list)
    groups: list[Doc] = field(default_factory=list)
    speakers: Counter[str] = field(default_factory=Counter)  # participants, by language
    own_groups: Counter[str] = field(default_factory=Counter)  # groups run in each language
    together: set[frozenset[str]] = field(default_factory=set)  # interpreted in one session
    interpreting: Counter[str] = field(default_factory=Counter)  # minutes a week, by language

    @property
    def carers(self) -> list[Doc]:
        return [c for p in self.partners for c in p["carers"]]


@dataclass
class World:
    """The document being built and what generation needs to know about it."""

    rng: random.Random
    monday: dt.date
    doc: Doc
    open_days: list[str] = field(default_factory=list)  # workdays not closed this week
    travel: dict[str, dict[str, int]] = field(default_factory=dict)
    diagonal: dict[str, int] = field(default_factory=dict)
    counters: Counter[str] = field(default_factory=Counter)
    memberships: Counter[str] = field(default_factory=Counter)
    venue_load: Counter[str] = field(default_factory=Counter)  # minutes a week
    children: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # n3, n+, infants

    def number(self, prefix: str) -> int:
        self.counters[prefix] += 1
        return self.counters[prefix]

    def date(self, weekday: str) -> str:
        return (self.monday + dt.timedelta(days=WEEKDAY_INDEX[weekday])).isoformat()


WEEKDAY_INDEX = {day: i for i, day in enumerate((*WORKDAYS, "sat", "sun"))}


def within(world: World, cluster: Cluster, area: str, minutes: int) -> list[str]:
    """The cluster's areas at most `minutes` away from `area`."""
    return [a for a in cluster.areas if world.travel[area][a] <= minutes]


def windows_on(days: tuple[str, ...] | list[str], hours: str) -> Windows:
    """The same hours on each of `days`."""
    return {day: [hours] for day in days}


def absence(world: World, days: tuple[str, ...] | list[str]) -> Doc:
    """A whole day off, or a morning (a doctor's appointment), on one of `days`."""
    date = world.date(world.rng.choice(list(days)))
    if world.rng.random() < 0.5:
        return {"start": date, "end": date}
    return {"start": f"{date}T08:00", "end": f"{date}T12:00"}


def weekly_demand(world: World, windows: Windows, wanted: int) -> int:
    """Items a week, no more than the open days in the windows less one (to leave a choice)."""
    days = sum(day in windows for day in world.open_days)
    return max(1, min(wanted, days - 1)) if days else 1
