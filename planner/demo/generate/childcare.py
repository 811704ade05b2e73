"""Childcare: enough carers in every area with childcare, preferred carers, partners' shares."""

from __future__ import annotations

import math

from planner.demo.generate.people import new_carer
from planner.demo.generate.world import CHILDCARE, Cluster, Doc, World
from planner.domain.childcare import Headcount, carers_needed


def _carers_needed(world: World, group: Doc) -> tuple[int, bool]:
    """H9: carers for one session of the group on the Monday, and whether an infant comes."""
    counts = [world.children[m] for m in group["members"]]
    count = Headcount(*(sum(c[i] for c in counts) for i in range(3)))
    carers = carers_needed(CHILDCARE, group["childcare"], count)
    return carers, carers > 0 and count.infants > 0


def _childcare_demand(world: World, cluster: Cluster) -> dict[str, tuple[int, int, int]]:
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


def cover_childcare(world: World, cluster: Cluster) -> None:
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
    cluster: Cluster, spare: dict[str, int], area: str, shifts: int, infant_sessions: int
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
    world: World,
    cluster: Cluster,
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
        carer = new_carer(world, cluster, area, busy=False)
        carer["infants"] = carer["infants"] or infants
        partner["carers"].append(carer)
        spare[carer["id"]] = carer["max_shifts_per_week"]


def choose_preferred_carers(world: World, cluster: Cluster) -> None:
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


def agree_shares(world: World) -> None:
    """Most partners agree to a share of the shifts, in proportion to their carers."""
    total = sum(len(p["carers"]) for p in world.doc["partners"])
    for partner in world.doc["partners"]:
        carers = partner.pop("carers")
        if world.rng.random() < 0.8:
            partner["share"] = round(len(carers) / total, 4)
        partner["carers"] = carers
