"""The region: clusters of five areas on a grid, the travel between them, and the venues."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.demo.generate.world import WORKDAYS, Cluster, Doc, World, windows_on

# Participants' home languages in northern Finland, weighted (Lapland's largest foreign
# languages and the refugees resettled in Kemi); each cluster reweights them.
HOME_LANGUAGES = {
    "ar": 26, "ru": 14, "so": 12, "fa": 10, "th": 8, "ti": 6, "ku": 5, "uk": 5, "vi": 4, "my": 3,
}  # fmt: skip


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


def lay_out_region(world: World, scale: int) -> list[Cluster]:
    """`scale` clusters on a jittered grid around (65.0 N, 25.5 E), and the travel times."""
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


def _cluster(world: World, lat: float, lon: float) -> Cluster:
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
    return Cluster(areas, weights)


def _travel_matrix(world: World) -> dict[str, dict[str, int]]:
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


def add_venues(world: World, cluster: Cluster) -> None:
    """Three or four venues in the centre, two or three in the town, one in each village."""
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


def _venue(world: World, area: str, kind: _VenueKind) -> Doc:
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
        "open": windows_on(kind.days, kind.hours),
        "closed": closed,
    }
