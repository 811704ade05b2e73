"""The guidance needs: home and venue visits by nearby guides, some with staff named."""

from __future__ import annotations

import random

from planner.demo.generate.world import (
    WORKDAYS,
    Cluster,
    Doc,
    World,
    weekly_demand,
    windows_on,
)

GUIDE_MINUTES = 45  # a guide is sent this far from base


def add_needs(world: World, cluster: Cluster) -> None:
    """Guidance for 22-28 of the cluster's participants."""
    rng = world.rng
    people = rng.sample(cluster.participants, min(len(cluster.participants), rng.randint(22, 28)))
    for participant in people:
        world.doc["guidance"].append(_need(world, cluster, participant))


def _need(world: World, cluster: Cluster, participant: Doc) -> Doc:
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
    windows = participant.get("available", windows_on(WORKDAYS, "09:00-16:00"))
    if rng.random() < 0.2:
        days = sorted(rng.sample(WORKDAYS, rng.randint(2, 4)), key=WORKDAYS.index)
        windows = need["windows"] = windows_on(days, rng.choice(NEED_HOURS))
    open_windows = {d: w for d, w in windows.items() if d in open_days}
    need["visits_per_week"] = weekly_demand(world, open_windows, rng.choice((1, 1, 1, 2)))
    if not any(_understands(g, participant) for g in allowed):
        language = max(participant["languages"], key=lambda lang: cluster.speakers[lang])
        cluster.interpreting[language] += need["visits_per_week"] * need["duration_minutes"]
    return need


NEED_HOURS = ("09:00-12:00", "10:00-14:00", "12:00-16:00", "13:00-16:00", "09:00-15:00")


def _understands(guide: Doc, participant: Doc) -> bool:
    return not set(guide["languages"]).isdisjoint(participant["languages"])


def _visit_venue(world: World, cluster: Cluster, area: str) -> Doc:
    here = [v for v in cluster.venues if v["area"] == area]
    return world.rng.choice(here or [v for v in cluster.venues if v["area"] == cluster.areas[0]])


def _nearby_guides(world: World, cluster: Cluster, area: str) -> list[Doc]:
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
