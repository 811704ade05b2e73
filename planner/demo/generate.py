"""Random but realistic scenarios of any size, for benchmarks and tests of the planning solver.

The model of the region at scale K
----------------------------------
The region is K **clusters**, each shaped like Meri-Lappi: a regional centre, a second town
15-35 km away and three villages 20-50 km out, five areas in all. Areas a-(5k+1)..a-(5k+5)
form cluster k (0-based), the centre first. Cluster centres lie on a jittered square grid
about 100 km apart around (65.0 N, 25.5 E). Travel between two areas is the great-circle
distance × 1.3 (roads) at 70 km/h, at least 8 and at most 480 minutes; inside one area it
is 10 minutes, 12-15 in the villages, whose houses are spread out.

Each cluster holds what the demo region holds: 8-10 venues, ~10 staff, 5 partners lending
~20 carers, ~60 participants with ~110 children of all ages, ~12 groups, ~25 guidance needs
and 4-6 interpreters (one to three of them remote). About 45 % of the families live in the
centre and 33 % in the town. Staff are based, carers work, on-site interpreters travel and
groups draw their members only inside their own cluster, so scale K is K loosely coupled
copies of one realistic problem: nobody drives 300 km. Remote interpreters serve anyone.

Demand is made to fit, group by group: a group meets at venues of one area, in a language
that at least `facilitators` of the cluster's facilitators speak, with members from areas
within 30 minutes whose languages fit (the group language, or one it interprets), as many
as the venues' seats and childcare room hold. Afterwards every area with childcare gets
enough carers (and carers for infants) with 25 % slack, and every language that a group
interprets or a visit needs (no allowed guide speaks it) gets an interpreter.

Real scarcity, now and then: a rare language is interpreted only remotely, by an
interpreter shared with other needs; a partner's carers have a busy week (one shift each,
some absent for a day); staff, carers and interpreters are absent for a day or a morning;
venues close for a day or an afternoon; a whole weekday may be closed.

Everything comes from one `random.Random(seed)`, so the same arguments give the same
document; birth dates are counted back from the week's Monday.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

import holidays

from planner.domain import Child, ChildcareSettings
from planner.domain.childcare import Headcount, carers_needed, headcount
from planner.domain.timeparts import format_clock, parse_clock, week_dates

__all__ = ["generate_scenario"]

Doc = dict[str, Any]
Windows = dict[str, list[str]]

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
THEMES = ("everyday_life", "housing", "culture", "leisure", "life_management")
# Participants' home languages in northern Finland, weighted (Lapland's largest foreign
# languages and the refugees resettled in Kemi); each cluster reweights them.
HOME_LANGUAGES = {
    "ar": 26, "ru": 14, "so": 12, "fa": 10, "th": 8, "ti": 6, "ku": 5, "uk": 5, "vi": 4, "my": 3,
}  # fmt: skip
# A second language that speakers of the first often have.
SECOND_LANGUAGE = {"so": "ar", "ti": "ar", "ku": "ar", "uk": "ru", "fa": "ar"}
GROUP_LANGUAGES = ("ar", "ru", "so")  # languages some groups are run in, besides Finnish
# Shares of the centre, the town and the three villages.
FAMILY_SHARES = (0.45, 0.33, 0.08, 0.08, 0.06)
GROUP_SHARES = (0.48, 0.32, 0.08, 0.06, 0.06)
STAFF_SHARES = (0.55, 0.3, 0.05, 0.05, 0.05)
NEAR_MINUTES = 30  # a group's members and a carer's areas lie this close
GUIDE_MINUTES = 45  # a guide is sent this far from base
INTERPRETING_MINUTES = 900  # of group sessions a week, per language and cluster
INTERPRETER_MINUTES = 720  # of interpreting demand one interpreter takes on
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


@dataclass(frozen=True)
class _VenueKind:
    name: str
    capacity: tuple[int, int]
    childcare: tuple[int, int]  # (0, 0): no childcare room
    rooms: int
    hours: str
    days: tuple[str, ...]


VENUE_KINDS = {
    "meeting": _VenueKind("Meeting place", (20, 26), (10, 15), 2, "08:00-16:30", WORKDAYS),
    "family": _VenueKind("Family centre", (12, 18), (8, 12), 1, "08:00-16:00", WORKDAYS),
    "parish": _VenueKind("Parish hall", (20, 40), (8, 10), 1, "08:30-16:00", WORKDAYS[:4]),
    "library": _VenueKind("Library room", (8, 14), (0, 0), 1, "10:00-19:00", (*WORKDAYS, "sat")),
    "side": _VenueKind("Side room", (4, 6), (0, 0), 1, "08:00-16:00", WORKDAYS),
}  # fmt: skip
PARTNER_KINDS = ("Parish", "Family welfare branch", "Early childhood services", "Red Cross branch")


@dataclass
class _Cluster:
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
class _World:
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


def generate_scenario(scale: int, seed: int, week: str = "2026-W49") -> dict[str, Any]:
    """A random, realistic scenario of one ISO week whose region is `scale` clusters."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    monday, sunday = week_dates(week)
    world = _World(random.Random(seed), monday, _empty_document(scale, seed, week, monday, sunday))
    _calendar(world, sunday)
    clusters = _region(world, scale)
    for cluster in clusters:
        _venues(world, cluster)
        _staff(world, cluster)
        _partners(world, cluster)
        _participants(world, cluster)
        _groups(world, cluster)
        _needs(world, cluster)
        _cover_childcare(world, cluster)
        _preferred_carers(world, cluster)
        _interpreters(world, cluster)
    _shares(world)
    return world.doc


def _empty_document(scale: int, seed: int, week: str, monday: dt.date, sunday: dt.date) -> Doc:
    return {
        "format": "kotoplan-scenario/1",
        "name": f"Generated region, scale {scale}, seed {seed}, week {week}",
        "timezone": "Europe/Helsinki",
        "country": "FI",
        "horizon": {"start": monday.isoformat(), "end": sunday.isoformat()},
        "closed_dates": [],
        "settings": {
            "slot_minutes": SETTINGS["slot_minutes"],
            "childcare": dict(SETTINGS["childcare"]),
            "weights": dict(SETTINGS["weights"]),
            "time_limit_seconds": SETTINGS["time_limit_seconds"],
        },
        "areas": [],
        "travel_minutes": {},
        **{key: [] for key in ("venues", "staff", "partners", "participants", "groups")},
        **{key: [] for key in ("guidance", "interpreters")},
        "locked": {"sessions": [], "visits": []},
        "previous": {"sessions": [], "visits": []},
    }


def _calendar(world: _World, sunday: dt.date) -> None:
    """Workdays that are not public holidays; sometimes one more is closed (a training day)."""
    years = sorted({world.monday.year, sunday.year})
    public = holidays.country_holidays("FI", years=years)
    world.open_days = [
        day for day in WORKDAYS if dt.date.fromisoformat(world.date(day)) not in public
    ]
    if len(world.open_days) == len(WORKDAYS) and world.rng.random() < 0.4:
        closed = world.rng.choice(WORKDAYS[1:])
        world.doc["closed_dates"] = [world.date(closed)]
        world.open_days.remove(closed)


# --- the region -------------------------------------------------------------------------


def _region(world: _World, scale: int) -> list[_Cluster]:
    side = math.ceil(math.sqrt(scale))
    clusters = []
    for k in range(scale):
        row, col = divmod(k, side)
        lat = 65.0 - 0.9 * (row - (side - 1) / 2) + world.rng.uniform(-0.15, 0.15)
        lon = 25.5 + 2.0 * (col - (side - 1) / 2) + world.rng.uniform(-0.3, 0.3)
        clusters.append(_cluster(world, lat, lon))
    world.travel = _travel_matrix(world)
    world.doc["travel_minutes"] = world.travel
    return clusters


def _cluster(world: _World, lat: float, lon: float) -> _Cluster:
    """A centre at (lat, lon), a town and three villages around it in different directions."""
    rng = world.rng
    points = [(lat, lon)]
    first = rng.uniform(0, 360)
    for i, (near, far) in enumerate(((15, 35), (20, 45), (20, 50), (25, 50))):
        bearing = math.radians(first + 90 * i + rng.uniform(-25, 25))
        km = rng.uniform(near, far)
        north = km * math.cos(bearing) / 111.2
        east = km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
        points.append((lat + north, lon + east))
    areas = []
    for rank, (area_lat, area_lon) in enumerate(points):
        n = world.number("a")
        area = {"id": f"a-{n}", "name": f"Area {n}", "lat": round(area_lat, 4)}
        area["lon"] = round(area_lon, 4)
        world.doc["areas"].append(area)
        world.diagonal[area["id"]] = 10 if rank < 2 else rng.choice((12, 15))
        areas.append(area["id"])
    weights = {lang: w * rng.uniform(0.4, 1.6) for lang, w in HOME_LANGUAGES.items()}
    return _Cluster(areas, weights)


def _travel_matrix(world: _World) -> dict[str, dict[str, int]]:
    """Minutes for every ordered pair of areas, the diagonal included (the same both ways)."""
    places = [
        (a["id"], math.radians(a["lat"]), math.radians(a["lon"]), math.cos(math.radians(a["lat"])))
        for a in world.doc["areas"]
    ]
    matrix: dict[str, dict[str, int]] = {area: {} for area, *_ in places}
    for i, (origin, lat1, lon1, cos1) in enumerate(places):
        row = matrix[origin]
        row[origin] = world.diagonal[origin]
        for target, lat2, lon2, cos2 in places[i + 1 :]:
            h = math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2
            km = 2 * 6371 * math.asin(math.sqrt(h))
            row[target] = matrix[target][origin] = min(480, max(8, round(km * 1.3 / 70 * 60)))
    return matrix  # each row in area order: earlier origins filled it first


def _near(world: _World, cluster: _Cluster, area: str, minutes: int) -> list[str]:
    return [a for a in cluster.areas if world.travel[area][a] <= minutes]


def _weekly(days: tuple[str, ...] | list[str], hours: str) -> Windows:
    return {day: [hours] for day in days}


def _absence(world: _World, days: tuple[str, ...] | list[str]) -> Doc:
    """A whole day off, or a morning (a doctor's appointment), on one of `days`."""
    date = world.date(world.rng.choice(list(days)))
    if world.rng.random() < 0.5:
        return {"start": date, "end": date}
    return {"start": f"{date}T08:00", "end": f"{date}T12:00"}


# --- places and people ------------------------------------------------------------------


def _venues(world: _World, cluster: _Cluster) -> None:
    rng = world.rng
    for rank, area in enumerate(cluster.areas):
        if rank == 0:
            kinds = ["meeting", "family", "library"] + ["side"] * (rng.random() < 0.5)
        elif rank == 1:
            kinds = ["family", "parish"] + ["library"] * (rng.random() < 0.4)
        else:
            kinds = [rng.choice(("parish", "family"))]
        for kind in kinds:
            cluster.venues.append(_venue(world, area, VENUE_KINDS[kind]))
    world.doc["venues"] += cluster.venues


def _venue(world: _World, area: str, kind: _VenueKind) -> Doc:
    rng = world.rng
    n = world.number("v")
    childcare = rng.randint(*kind.childcare)
    closed = []
    if rng.random() < 0.2:  # a day of cleaning, or an afternoon let to someone else
        date = world.date(rng.choice([d for d in kind.days if d in WORKDAYS]))
        if rng.random() < 0.4:
            closed.append({"start": date, "end": date})
        else:
            closed.append({"start": f"{date}T12:00", "end": f"{date}T{kind.hours[-5:]}"})
    return {
        "id": f"v-{n}",
        "name": f"{kind.name} {n} (generated)",
        "area": area,
        "address": f"Generated street {n}, Area {area[2:]}",
        "capacity": rng.randint(*kind.capacity),
        "rooms": kind.rooms,
        "childcare_room": childcare > 0,
        "childcare_capacity": childcare,
        "open": _weekly(kind.days, kind.hours),
        "closed": closed,
    }


# (days, hours, hours a week, max hours a day) of full-time and part-time staff
STAFF_TERMS = (
    (WORKDAYS, "08:00-16:00", 38.25, 7.65),
    (WORKDAYS, "08:30-16:30", 38.25, 7.65),
    (WORKDAYS, "08:00-16:00", 30, 7.65),
    (WORKDAYS[:4], "08:00-16:00", 25, 7),
    (WORKDAYS[1:], "09:00-15:30", 20, 6),
)


def _staff(world: _World, cluster: _Cluster) -> None:
    """~10 staff, most of them both facilitators and guides; several speak a home language."""
    rng = world.rng
    count = rng.randint(9, 11)
    roles = [["facilitator", "guide"]] * (count - 3) + [["facilitator"], ["guide"], ["guide"]]
    rng.shuffle(roles)
    for role, language in zip(roles, _staff_languages(rng, cluster, roles), strict=True):
        n = world.number("s")
        days, hours, weekly, daily = STAFF_TERMS[rng.choices(range(5), (4, 2, 2, 1, 1))[0]]
        languages = ["fi"] + [language] * (language is not None)
        languages += [lang for lang, p in (("en", 0.75), ("sv", 0.15)) if rng.random() < p]
        cluster.staff.append({
            "id": f"s-{n}",
            "name": f"Staff {n} (generated)",
            "base_area": rng.choices(cluster.areas, STAFF_SHARES)[0],
            "languages": languages,
            "roles": list(role),
            "hours_per_week": weekly,
            "max_hours_per_day": daily,
            "available": _weekly(days, hours),
            "absent": [_absence(world, days)] if rng.random() < 0.15 else [],
            "email": f"s-{n}@example.org",
        })  # fmt: skip
    world.doc["staff"] += cluster.staff


def _staff_languages(
    rng: random.Random, cluster: _Cluster, roles: list[list[str]]
) -> list[str | None]:
    """Each staff member's home language, if any: facilitators for the group languages."""
    home: list[str | None] = [None] * len(roles)
    facilitators = [i for i, role in enumerate(roles) if "facilitator" in role]
    for i, language in zip(rng.sample(facilitators, 3), GROUP_LANGUAGES, strict=True):
        home[i] = language if rng.random() < 0.75 else None
    ranked = sorted(cluster.languages, key=lambda lang: -cluster.languages[lang])
    others = [lang for lang in ranked if lang not in GROUP_LANGUAGES][:2]
    free = [i for i, language in enumerate(home) if language is None]
    for i, language in zip(rng.sample(free, 2), others, strict=True):
        home[i] = language if rng.random() < 0.6 else None
    return home


CARER_TERMS = (
    (WORKDAYS, "08:00-16:00"),
    (WORKDAYS, "08:30-15:30"),
    (WORKDAYS[:4], "08:00-14:30"),
    (WORKDAYS[1:4], "09:00-15:00"),
    (("mon", "wed", "fri"), "08:00-16:00"),
)


def _partners(world: _World, cluster: _Cluster) -> None:
    """Five partners, two in the centre; one of them may have a busy week."""
    rng = world.rng
    homes = [
        cluster.areas[0],
        cluster.areas[0],
        cluster.areas[1],
        *rng.sample(cluster.areas[1:], 2),
    ]
    busy = rng.randrange(5) if rng.random() < 0.35 else None
    for i, home in enumerate(homes):
        n = world.number("par")
        partner = {
            "id": f"par-{n}",
            "name": f"{rng.choice(PARTNER_KINDS)} {n} (generated)",
            "email": f"par-{n}@example.org",
            "carers": [_carer(world, cluster, home, i == busy) for _ in range(rng.randint(3, 5))],
        }
        cluster.partners.append(partner)
    world.doc["partners"] += cluster.partners


def _carer(world: _World, cluster: _Cluster, home: str, busy: bool) -> Doc:
    rng = world.rng
    n = world.number("c")
    days, hours = CARER_TERMS[rng.choices(range(5), (6, 2, 2, 1, 1))[0]]
    areas = [home] + [
        a for a in _near(world, cluster, home, NEAR_MINUTES) if a != home and rng.random() < 0.4
    ]
    absent = [_absence(world, days)] if rng.random() < (0.5 if busy else 0.1) else []
    return {
        "id": f"c-{n}",
        "name": f"Carer {n} (generated)",
        "areas": areas,
        "available": _weekly(days, hours),
        "absent": absent,
        "max_shifts_per_week": 1 if busy else rng.choice((2, 2, 3, 3, 4)),
        "infants": rng.random() < 0.6,
    }


PARTICIPANT_TIMES = (
    (WORKDAYS[:4], "12:00-16:00"),
    (("tue", "thu"), "09:00-15:00"),
    (WORKDAYS, "10:00-14:00"),
    (WORKDAYS[:4], "09:00-13:00"),
)


def _participants(world: _World, cluster: _Cluster) -> None:
    rng = world.rng
    for _ in range(rng.randint(55, 65)):
        n = world.number("p")
        area = rng.choices(cluster.areas, FAMILY_SHARES)[0]
        participant: Doc = {
            "id": f"p-{n}",
            "name": f"Participant {n} (generated)",
            "area": area,
            "address": f"Generated road {n}, Area {area[2:]}",
            "languages": _home_languages(rng, cluster),
        }
        if rng.random() < 0.2:  # the children's daycare hours, or a course
            days, hours = rng.choice(PARTICIPANT_TIMES)
            participant["available"] = _weekly(days, hours)
        participant["children"] = _children(world, n)
        world.children[participant["id"]] = _counted(world, participant["children"])
        cluster.speakers.update(participant["languages"])
        cluster.participants.append(participant)
    world.doc["participants"] += cluster.participants


def _home_languages(rng: random.Random, cluster: _Cluster) -> list[str]:
    first = rng.choices(list(cluster.languages), list(cluster.languages.values()))[0]
    languages = [first]
    second = SECOND_LANGUAGE.get(first)
    if second is not None and rng.random() < 0.4:
        languages.append(second)
    languages += [lang for lang, p in (("fi", 0.3), ("en", 0.3)) if rng.random() < p]
    return languages


# Children's ages in days before the Monday: under 1, 1-2, 3-6, at school.
AGE_DAYS = ((20, 360), (370, 1090), (1100, 2540), (2560, 5400))
DAYCARE = (0, 0.15, 0.15, 0.35, 0.35, 0.35, 0.35)  # chance of a place, by age in years


def _children(world: _World, n: int) -> list[Doc]:
    """0-4 children of all ages, oldest first, born at least ten months apart."""
    rng = world.rng
    count = rng.choices(range(5), (8, 32, 32, 18, 10))[0]
    bands = rng.choices(range(4), (16, 30, 34, 20), k=count)
    ages = sorted((rng.randint(*AGE_DAYS[band]) for band in bands), reverse=True)
    children: list[Doc] = []
    older = None
    for days in ages:
        if older is not None and older - days < 300:
            days = older - rng.randint(300, 800)
        if days < 14:
            break
        older = days
        born = world.monday - dt.timedelta(days=days)
        age = Child("", born).age_on(world.monday) or 0
        daycare = rng.random() < (DAYCARE[age] if age < len(DAYCARE) else 0)
        k = len(children) + 1
        children.append(
            {"id": f"ch-{n}-{k}", "birth_date": born.isoformat(), "in_daycare": daycare}
        )
    return children


def _counted(world: _World, children: list[Doc]) -> tuple[int, int, int]:
    """H9's counted children on the Monday (under 3, 3 or older, under 1): the week's most."""
    kids = [
        Child(c["id"], dt.date.fromisoformat(c["birth_date"]), c["in_daycare"]) for c in children
    ]
    count = headcount(kids, world.monday, CHILDCARE)
    return count.under_3, count.from_3, count.infants


# --- groups -----------------------------------------------------------------------------


def _groups(world: _World, cluster: _Cluster) -> None:
    rng = world.rng
    target, attempts = rng.randint(11, 13), 0
    offset = rng.randrange(len(THEMES))
    while len(cluster.groups) < target and attempts < 3 * target:
        attempts += 1
        area = rng.choices(cluster.areas, GROUP_SHARES)[0]
        theme = THEMES[(len(cluster.groups) + offset) % len(THEMES)]
        group = _group(world, cluster, area, theme)
        if group is not None:
            _commit_group(world, cluster, group)
    world.doc["groups"] += cluster.groups


def _group(world: _World, cluster: _Cluster, area: str, theme: str) -> Doc | None:
    """A group at venues of `area` whose members, staff and rooms fit, or None."""
    rng = world.rng
    childcare = rng.random() < 0.85
    venues = _group_venues(world, cluster, area, childcare)
    near = _near(world, cluster, area, NEAR_MINUTES)
    candidates = [
        p for p in cluster.participants if p["area"] in near and world.memberships[p["id"]] < 2
    ]
    if not venues or not candidates:
        return None
    language, interpreting = _group_language(world, cluster, candidates)
    facilitators = 2 if language == "fi" and rng.random() < 0.3 else 1
    fitting = [p for p in candidates if {language, *interpreting}.intersection(p["languages"])]
    adults = facilitators + len(interpreting)
    members = _members(world, area, fitting, venues, childcare, adults)
    if len(members) < 4:
        return None
    duration = rng.choice((90, 120, 120, 150))
    windows, duration = _group_windows(world, venues, duration)
    n = world.number("g")
    return {
        "id": f"g-{n}",
        "name": f"Group {n}: {theme.replace('_', ' ')} in Area {area[2:]} (generated)",
        "theme": theme,
        "venues": [v["id"] for v in venues],
        "language": language,
        "interpreting": interpreting,
        "members": [p["id"] for p in members],
        "sessions_per_week": _demand(world, windows, rng.choice((1, 1, 1, 2, 2))),
        "duration_minutes": duration,
        "windows": windows,
        "facilitators": facilitators,
        **_facilitator_pool(world, cluster, area, language, facilitators),
        "childcare": childcare,
    }


def _commit_group(world: _World, cluster: _Cluster, group: Doc) -> None:
    minutes = group["sessions_per_week"] * group["duration_minutes"]
    for venue in group["venues"]:
        world.venue_load[venue] += minutes // len(group["venues"])
    for member in group["members"]:
        world.memberships[member] += 1
    for language in group["interpreting"]:
        cluster.interpreting[language] += minutes
    cluster.together.update(map(frozenset, combinations(group["interpreting"], 2)))
    if group["language"] != "fi":
        cluster.own_groups[group["language"]] += 1
    cluster.groups.append(group)


def _group_venues(world: _World, cluster: _Cluster, area: str, childcare: bool) -> list[Doc]:
    """One or two of the area's least booked venues with seats (and a childcare room)."""

    def booked(venue: Doc) -> float:
        open_minutes = sum(_span(ranges[0]) for ranges in venue["open"].values())
        return world.venue_load[venue["id"]] / (open_minutes * venue["rooms"])

    suitable = [
        v
        for v in cluster.venues
        if v["area"] == area
        and v["capacity"] >= 8
        and (v["childcare_room"] or not childcare)
        and booked(v) < 0.35
    ]
    suitable.sort(key=booked)
    count = 2 if len(suitable) > 1 and world.rng.random() < 0.5 else 1
    return suitable[:count]


def _span(hours: str) -> int:
    start, end = hours.split("-")
    return parse_clock(end) - parse_clock(start)


def _group_language(
    world: _World, cluster: _Cluster, candidates: list[Doc]
) -> tuple[str, list[str]]:
    """Sometimes a home language facilitators speak; else Finnish with 0-2 interpreted."""
    rng = world.rng
    speakers = Counter(lang for p in candidates for lang in p["languages"])
    if rng.random() < 0.3:
        own = [
            lang
            for lang in GROUP_LANGUAGES
            if speakers[lang] >= 4
            and cluster.own_groups[lang] < 2 * len(_facilitators(cluster, lang))
        ]
        if own:  # a language without a group of its own yet first
            return min(own, key=lambda lang: (cluster.own_groups[lang], rng.random())), []
    return "fi", _interpreted(cluster, candidates, rng.choice((0, 1, 1, 2)))


def _interpreted(cluster: _Cluster, candidates: list[Doc], count: int) -> list[str]:
    """Up to `count` languages that together reach most candidates who speak no Finnish.

    A language already interpreted INTERPRETING_MINUTES a week in the cluster is left out:
    its interpreters are booked.
    """
    unreached = [p["languages"] for p in candidates if "fi" not in p["languages"]]
    chosen: list[str] = []
    for _ in range(count):
        reach = Counter(
            lang
            for languages in unreached
            for lang in languages
            if lang != "en" and cluster.interpreting[lang] < INTERPRETING_MINUTES
        )
        if not reach:
            break
        best = min(reach, key=lambda lang: (-reach[lang], lang))
        chosen.append(best)
        unreached = [languages for languages in unreached if best not in languages]
    return sorted(chosen)


def _facilitators(cluster: _Cluster, language: str) -> list[Doc]:
    return [s for s in cluster.staff if "facilitator" in s["roles"] and language in s["languages"]]


def _members(
    world: _World, area: str, fitting: list[Doc], venues: list[Doc], childcare: bool, adults: int
) -> list[Doc]:
    """Up to 5-9 members, neighbours and those in fewer groups first, as the rooms allow."""
    rng = world.rng
    seats = min(v["capacity"] for v in venues) - adults
    cots = min(v["childcare_capacity"] for v in venues)
    order = sorted(
        fitting, key=lambda p: (p["area"] != area, world.memberships[p["id"]], rng.random())
    )
    members: list[Doc] = []
    children = 0
    target = rng.randint(5, 9)
    for participant in order:
        kids = sum(world.children[participant["id"]][:2])
        if childcare:
            fits = len(members) < seats and children + kids <= cots
        else:  # children stay in the room with their mothers
            fits = len(members) + 1 + children + kids <= seats
        if fits:
            members.append(participant)
            children += kids
        if len(members) == target:
            break
    return members


def _group_windows(world: _World, venues: list[Doc], duration: int) -> tuple[Windows, int]:
    """Weekday windows inside every venue's opening hours less the childcare buffer."""
    rng = world.rng
    buffer = CHILDCARE.buffer_minutes
    days = [d for d in WORKDAYS if all(d in v["open"] for v in venues)]
    first = max(parse_clock(v["open"][days[0]][0][:5]) for v in venues) + buffer
    last = min(parse_clock(v["open"][days[0]][0][-5:]) for v in venues) - buffer
    first = max(first, parse_clock("09:00")) + rng.choice((0, 0, 30, 60))
    last = min(last, parse_clock("16:00"))
    duration = min(duration, (last - first) // 15 * 15)
    end = min(last, first + duration + rng.choice((60, 120, 180, 300)))
    count = min(len(days), rng.choice((3, 4, 5, 5)))
    chosen = sorted(rng.sample(days, count), key=WORKDAYS.index)
    hours = f"{format_clock(first)}-{format_clock(end)}"
    return _weekly(chosen, hours), duration


def _demand(world: _World, windows: Windows, wanted: int) -> int:
    """Items a week, no more than the open days in the windows less one (to leave a choice)."""
    days = sum(day in windows for day in world.open_days)
    return max(1, min(wanted, days - 1)) if days else 1


def _facilitator_pool(
    world: _World, cluster: _Cluster, area: str, language: str, count: int
) -> Doc:
    """Sometimes the group names who may lead it: the nearest speakers of its language."""
    speakers = sorted(
        _facilitators(cluster, language), key=lambda s: world.travel[s["base_area"]][area]
    )
    if len(speakers) <= count or world.rng.random() >= 0.2:
        return {}
    size = min(len(speakers), count + world.rng.randint(1, 2))
    return {"facilitator_pool": [s["id"] for s in speakers[:size]]}


# --- guidance ---------------------------------------------------------------------------


def _needs(world: _World, cluster: _Cluster) -> None:
    rng = world.rng
    people = rng.sample(cluster.participants, min(len(cluster.participants), rng.randint(22, 28)))
    for participant in people:
        world.doc["guidance"].append(_need(world, cluster, participant))


def _need(world: _World, cluster: _Cluster, participant: Doc) -> Doc:
    """Mostly home visits by nearby guides; some at a venue, with staff, a favourite, windows."""
    rng = world.rng
    place, area, open_days = "home", participant["area"], list(WORKDAYS)
    if rng.random() < 0.25:
        venue = _visit_venue(world, cluster, participant["area"])
        place, area, open_days = venue["id"], venue["area"], list(venue["open"])
    guides = _nearby_guides(world, cluster, area)
    sharing = [g for g in guides if _understands(g, participant)]
    n = world.number("n")
    need: Doc = {"id": f"n-{n}", "participant": participant["id"], "visits_per_week": 1}
    need["duration_minutes"] = rng.choice((45, 60, 60, 60, 90))
    need["place"] = place
    allowed = guides
    if rng.random() < 0.35:
        allowed = _need_staff(rng, guides, sharing)
        need["staff"] = [g["id"] for g in allowed]
    preferred = [g for g in allowed if _understands(g, participant)] or allowed
    if rng.random() < 0.4:
        need["preferred_staff"] = preferred[0]["id"]
    windows = participant.get("available", _weekly(WORKDAYS, "09:00-16:00"))
    if rng.random() < 0.2:
        days = sorted(rng.sample(WORKDAYS, rng.randint(2, 4)), key=WORKDAYS.index)
        windows = need["windows"] = _weekly(days, rng.choice(NEED_HOURS))
    open_windows = {d: w for d, w in windows.items() if d in open_days}
    need["visits_per_week"] = _demand(world, open_windows, rng.choice((1, 1, 1, 2)))
    if not any(_understands(g, participant) for g in allowed):
        language = max(participant["languages"], key=lambda lang: cluster.speakers[lang])
        cluster.interpreting[language] += need["visits_per_week"] * need["duration_minutes"]
    return need


NEED_HOURS = ("09:00-12:00", "10:00-14:00", "12:00-16:00", "13:00-16:00", "09:00-15:00")


def _understands(guide: Doc, participant: Doc) -> bool:
    return not set(guide["languages"]).isdisjoint(participant["languages"])


def _visit_venue(world: _World, cluster: _Cluster, area: str) -> Doc:
    here = [v for v in cluster.venues if v["area"] == area]
    return world.rng.choice(here or [v for v in cluster.venues if v["area"] == cluster.areas[0]])


def _nearby_guides(world: _World, cluster: _Cluster, area: str) -> list[Doc]:
    """Guides based within GUIDE_MINUTES of `area`, else the two nearest."""
    guides = sorted(
        (s for s in cluster.staff if "guide" in s["roles"]),
        key=lambda s: (world.travel[s["base_area"]][area], s["id"]),
    )
    near = [g for g in guides if world.travel[g["base_area"]][area] <= GUIDE_MINUTES]
    return near or guides[:2]


def _need_staff(rng: random.Random, guides: list[Doc], sharing: list[Doc]) -> list[Doc]:
    """One to three guides who may make the visits, mostly with one who speaks her language."""
    chosen = [rng.choice(sharing)] if sharing and rng.random() < 0.8 else []
    others = [g for g in guides if all(g is not c for c in chosen)]
    chosen += rng.sample(others, min(len(others), rng.randint(1, 3) - len(chosen)))
    return chosen or [guides[0]]


# --- childcare and interpreting ---------------------------------------------------------


def _carers_needed(world: _World, group: Doc) -> tuple[int, bool]:
    """H9: carers for one session of the group on the Monday, and whether an infant comes."""
    counts = [world.children[m] for m in group["members"]]
    count = Headcount(*(sum(c[i] for c in counts) for i in range(3)))
    carers = carers_needed(CHILDCARE, group["childcare"], count)
    return carers, carers > 0 and count.infants > 0


def _childcare_demand(world: _World, cluster: _Cluster) -> dict[str, tuple[int, int, int]]:
    """By area: shifts a week, the most carers one session needs, sessions with an infant."""
    venue_area = {v["id"]: v["area"] for v in cluster.venues}
    demand: dict[str, tuple[int, int, int]] = {}
    for group in cluster.groups:
        carers, infants = _carers_needed(world, group)
        if carers:
            area, sessions = venue_area[group["venues"][0]], group["sessions_per_week"]
            shifts, at_once, infant_sessions = demand.get(area, (0, 0, 0))
            demand[area] = (
                shifts + carers * sessions,
                max(at_once, carers),
                infant_sessions + sessions * infants,
            )
    return demand


def _cover_childcare(world: _World, cluster: _Cluster) -> None:
    """Every area with childcare gets enough carers and infant carers, with 25 % slack."""
    demand = _childcare_demand(world, cluster)
    spare = {c["id"]: c["max_shifts_per_week"] for c in cluster.carers}
    for area in sorted(demand, key=lambda a: (-demand[a][0], a)):
        shifts, at_once, infant_sessions = demand[area]
        wanted = max(math.ceil(1.25 * shifts), at_once + 1)
        _ensure(world, cluster, spare, area, (wanted, at_once + 1), infants=False)
        if infant_sessions:
            wanted = math.ceil(1.25 * infant_sessions)
            _ensure(world, cluster, spare, area, (wanted, 1 + (infant_sessions > 2)), infants=True)
        _reserve(cluster, spare, area, shifts, infant_sessions)


def _reserve(
    cluster: _Cluster, spare: dict[str, int], area: str, shifts: int, infant_sessions: int
) -> None:
    """Set the area's shifts aside: infant carers' first, then anyone's, locals first."""
    pool = sorted((c for c in cluster.carers if area in c["areas"]), key=lambda c: len(c["areas"]))
    for carer in [c for c in pool if c["infants"]]:
        taken = min(infant_sessions, spare[carer["id"]])
        spare[carer["id"]] -= taken
        infant_sessions -= taken
        shifts -= taken
    for carer in pool:
        taken = min(max(shifts, 0), spare[carer["id"]])
        spare[carer["id"]] -= taken
        shifts -= taken


def _ensure(
    world: _World,
    cluster: _Cluster,
    spare: dict[str, int],
    area: str,
    wanted: tuple[int, int],
    infants: bool,
) -> None:
    """Extend the nearest carers to `area` until `wanted` (spare shifts, carers) work there."""
    shifts, people = wanted
    while True:
        kind = [c for c in cluster.carers if c["infants"] or not infants]
        here = [c for c in kind if area in c["areas"]]
        if sum(spare[c["id"]] for c in here) >= shifts and len(here) >= people:
            return
        others = [c for c in kind if area not in c["areas"] and spare[c["id"]] > 0]
        if others:
            nearest = min(
                others, key=lambda c: (world.travel[c["areas"][0]][area], -spare[c["id"]])
            )
            nearest["areas"].append(area)
            continue
        # Everyone suitable already works here: the nearest partner finds one more carer.
        partner = min(
            cluster.partners, key=lambda p: world.travel[p["carers"][0]["areas"][0]][area]
        )
        carer = _carer(world, cluster, area, busy=False)
        carer["infants"] = carer["infants"] or infants
        partner["carers"].append(carer)
        spare[carer["id"]] = carer["max_shifts_per_week"]


def _preferred_carers(world: _World, cluster: _Cluster) -> None:
    """Some groups name one or two carers the children know, infant carers first."""
    rng = world.rng
    venue_area = {v["id"]: v["area"] for v in cluster.venues}
    for group in cluster.groups:
        carers, infants = _carers_needed(world, group)
        if not carers or rng.random() >= 0.3:
            continue
        here = [c for c in cluster.carers if venue_area[group["venues"][0]] in c["areas"]]
        here.sort(key=lambda c: not (infants and c["infants"]))
        chosen = rng.sample(here[:3], min(len(here), rng.randint(1, 2)))
        group["preferred_carers"] = [c["id"] for c in chosen]


def _interpreters(world: _World, cluster: _Cluster) -> None:
    """On-site interpreters for the most needed languages, remote ones for the rare rest.

    Each interpreter takes on at most INTERPRETER_MINUTES of the demand, so a busy language
    gets a remote second; rare languages share a remote interpreter, up to three each.
    """
    demand = cluster.interpreting
    ranked = sorted(demand, key=lambda lang: (-demand[lang], lang))
    common = sorted(cluster.languages, key=lambda lang: -cluster.languages[lang])
    on_site = [*ranked, *(lang for lang in common if lang not in ranked)]
    on_site = on_site[: world.rng.choice((2, 3))]
    rest = [(lang, demand[lang]) for lang in ranked if lang not in on_site]
    rest += [(lang, demand[lang] - INTERPRETER_MINUTES) for lang in on_site]
    for language in on_site:
        _interpreter(world, cluster, [language], remote=False)
    for languages in _pack(cluster, rest) or [on_site[:1]]:
        _interpreter(world, cluster, languages, remote=True)


def _pack(cluster: _Cluster, demand: list[tuple[str, int]]) -> list[list[str]]:
    """Languages for remote interpreters, first fit by minutes; never two of one session."""
    packed: list[list[str]] = []
    load: list[int] = []
    for language, minutes in demand:
        if minutes <= 0:
            continue
        fits = [
            i
            for i, languages in enumerate(packed)
            if len(languages) < 3
            and load[i] + minutes <= INTERPRETER_MINUTES
            and all(frozenset((language, other)) not in cluster.together for other in languages)
        ]
        if fits:
            packed[fits[0]].append(language)
            load[fits[0]] += minutes
        else:
            packed.append([language])
            load.append(minutes)
    return packed


def _interpreter(world: _World, cluster: _Cluster, languages: list[str], remote: bool) -> None:
    rng = world.rng
    n = world.number("i")
    second = SECOND_LANGUAGE.get(languages[0])
    if not remote and second and second not in languages and rng.random() < 0.4:
        languages = [*languages, second]
    languages = [*languages, "fi"] + ["en"] * (rng.random() < 0.5)
    days = WORKDAYS
    world.doc["interpreters"].append({
        "id": f"i-{n}",
        "name": f"Interpreter {n} (generated{', remote' if remote else ''})",
        "languages": languages,
        "remote": remote,
        "areas": [] if remote else list(cluster.areas),
        "available": _weekly(days, "09:00-15:00" if remote else "08:00-16:00"),
        "absent": [_absence(world, days)] if rng.random() < 0.15 else [],
    })  # fmt: skip


def _shares(world: _World) -> None:
    """Most partners agree to a share of the shifts, in proportion to their carers."""
    total = sum(len(p["carers"]) for p in world.doc["partners"])
    for partner in world.doc["partners"]:
        carers = partner.pop("carers")
        if world.rng.random() < 0.8:
            partner["share"] = round(len(carers) / total, 4)
        partner["carers"] = carers
