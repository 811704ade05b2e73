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
document; birth dates are counted back from the week's Monday. Each part of the world has
its module, called in this order: the region and its venues (`region`), staff, partners
and participants (`people`), groups (`groups`), guidance needs (`needs`), carers enough
for the childcare (`childcare`) and interpreters (`interpreters`); `world` holds what
they share.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import holidays

from planner.demo.generate.childcare import agree_shares, choose_preferred_carers, cover_childcare
from planner.demo.generate.groups import add_groups
from planner.demo.generate.interpreters import add_interpreters
from planner.demo.generate.needs import add_needs
from planner.demo.generate.people import add_participants, add_partners, add_staff
from planner.demo.generate.region import add_venues, lay_out_region
from planner.demo.generate.world import SETTINGS, WORKDAYS, Doc, World
from planner.domain.timeparts import week_dates

__all__ = ["generate_scenario"]


def generate_scenario(scale: int, seed: int, week: str = "2026-W49") -> dict[str, Any]:
    """A random, realistic scenario of one ISO week whose region is `scale` clusters."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    monday, sunday = week_dates(week)
    world = World(random.Random(seed), monday, _empty_document(scale, seed, week, monday, sunday))
    _calendar(world, sunday)
    clusters = lay_out_region(world, scale)
    for cluster in clusters:
        add_venues(world, cluster)
        add_staff(world, cluster)
        add_partners(world, cluster)
        add_participants(world, cluster)
        add_groups(world, cluster)
        add_needs(world, cluster)
        cover_childcare(world, cluster)
        choose_preferred_carers(world, cluster)
        add_interpreters(world, cluster)
    agree_shares(world)
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


def _calendar(world: World, sunday: dt.date) -> None:
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
