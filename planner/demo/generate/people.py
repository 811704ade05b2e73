"""The people: staff, partners and their carers, participants and their children."""

from __future__ import annotations

import datetime as dt
import random

from planner.demo.generate.world import (
    CHILDCARE,
    GROUP_LANGUAGES,
    NEAR_MINUTES,
    SECOND_LANGUAGE,
    WORKDAYS,
    Cluster,
    Doc,
    World,
    absence,
    windows_on,
    within,
)
from planner.domain import Child
from planner.domain.childcare import headcount

# Shares of the centre, the town and the three villages.
FAMILY_SHARES = (0.45, 0.33, 0.08, 0.08, 0.06)
STAFF_SHARES = (0.55, 0.3, 0.05, 0.05, 0.05)
PARTNER_KINDS = ("Parish", "Family welfare branch", "Early childhood services", "Red Cross branch")


# (days, hours, hours a week, max hours a day) of full-time and part-time staff
STAFF_TERMS = (
    (WORKDAYS, "08:00-16:00", 38.25, 7.65),
    (WORKDAYS, "08:30-16:30", 38.25, 7.65),
    (WORKDAYS, "08:00-16:00", 30, 7.65),
    (WORKDAYS[:4], "08:00-16:00", 25, 7),
    (WORKDAYS[1:], "09:00-15:30", 20, 6),
)


def add_staff(world: World, cluster: Cluster) -> None:
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
            "available": windows_on(days, hours),
            "absent": [absence(world, days)] if rng.random() < 0.15 else [],
            "email": f"s-{n}@example.org",
        })  # fmt: skip
    world.doc["staff"] += cluster.staff


def _staff_languages(
    rng: random.Random, cluster: Cluster, roles: list[list[str]]
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


def add_partners(world: World, cluster: Cluster) -> None:
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
            "carers": [
                new_carer(world, cluster, home, i == busy) for _ in range(rng.randint(3, 5))
            ],
        }
        cluster.partners.append(partner)
    world.doc["partners"] += cluster.partners


def new_carer(world: World, cluster: Cluster, home: str, busy: bool) -> Doc:
    """A carer of a partner at `home`: her areas, hours and absences; one shift if `busy`."""
    rng = world.rng
    n = world.number("c")
    days, hours = CARER_TERMS[rng.choices(range(5), (6, 2, 2, 1, 1))[0]]
    areas = [home] + [
        a for a in within(world, cluster, home, NEAR_MINUTES) if a != home and rng.random() < 0.4
    ]
    absent = [absence(world, days)] if rng.random() < (0.5 if busy else 0.1) else []
    return {
        "id": f"c-{n}",
        "name": f"Carer {n} (generated)",
        "areas": areas,
        "available": windows_on(days, hours),
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


def add_participants(world: World, cluster: Cluster) -> None:
    """55-65 participants, most in the centre and the town, with their children."""
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
            participant["available"] = windows_on(days, hours)
        participant["children"] = _children(world, n)
        world.children[participant["id"]] = _counted(world, participant["children"])
        cluster.speakers.update(participant["languages"])
        cluster.participants.append(participant)
    world.doc["participants"] += cluster.participants


def _home_languages(rng: random.Random, cluster: Cluster) -> list[str]:
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


def _children(world: World, n: int) -> list[Doc]:
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


def _counted(world: World, children: list[Doc]) -> tuple[int, int, int]:
    """H9's counted children on the Monday (under 3, 3 or older, under 1): the week's most."""
    kids = [
        Child(c["id"], dt.date.fromisoformat(c["birth_date"]), c["in_daycare"]) for c in children
    ]
    count = headcount(kids, world.monday, CHILDCARE)
    return count.under_3, count.from_3, count.infants
