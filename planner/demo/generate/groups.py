"""The groups: where each meets, in which language, with whom, when and how often."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from planner.demo.generate.world import (
    CHILDCARE,
    GROUP_LANGUAGES,
    NEAR_MINUTES,
    WORKDAYS,
    Cluster,
    Doc,
    Windows,
    World,
    weekly_demand,
    windows_on,
    within,
)
from planner.domain.timeparts import format_clock, parse_clock

THEMES = ("everyday_life", "housing", "culture", "leisure", "life_management")
# Shares of the centre, the town and the three villages.
GROUP_SHARES = (0.48, 0.32, 0.08, 0.06, 0.06)
INTERPRETING_MINUTES = 900  # of group sessions a week, per language and cluster


def add_groups(world: World, cluster: Cluster) -> None:
    """Up to 11-13 groups whose themes take turns, each made to fit where it meets."""
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


def _group(world: World, cluster: Cluster, area: str, theme: str) -> Doc | None:
    """A group at venues of `area` whose members, staff and rooms fit, or None."""
    rng = world.rng
    childcare = rng.random() < 0.85
    venues = _group_venues(world, cluster, area, childcare)
    near = within(world, cluster, area, NEAR_MINUTES)
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
        "sessions_per_week": weekly_demand(world, windows, rng.choice((1, 1, 1, 2, 2))),
        "duration_minutes": duration,
        "windows": windows,
        "facilitators": facilitators,
        **_facilitator_pool(world, cluster, area, language, facilitators),
        "childcare": childcare,
    }


def _commit_group(world: World, cluster: Cluster, group: Doc) -> None:
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


def _group_venues(world: World, cluster: Cluster, area: str, childcare: bool) -> list[Doc]:
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


def _group_language(world: World, cluster: Cluster, candidates: list[Doc]) -> tuple[str, list[str]]:
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


def _interpreted(cluster: Cluster, candidates: list[Doc], count: int) -> list[str]:
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


def _facilitators(cluster: Cluster, language: str) -> list[Doc]:
    return [s for s in cluster.staff if "facilitator" in s["roles"] and language in s["languages"]]


def _members(
    world: World, area: str, fitting: list[Doc], venues: list[Doc], childcare: bool, adults: int
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


def _group_windows(world: World, venues: list[Doc], duration: int) -> tuple[Windows, int]:
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
    return windows_on(chosen, hours), duration


def _facilitator_pool(world: World, cluster: Cluster, area: str, language: str, count: int) -> Doc:
    """Sometimes the group names who may lead it: the nearest speakers of its language."""
    speakers = sorted(
        _facilitators(cluster, language), key=lambda s: world.travel[s["base_area"]][area]
    )
    if len(speakers) <= count or world.rng.random() >= 0.2:
        return {}
    size = min(len(speakers), count + world.rng.randint(1, 2))
    return {"facilitator_pool": [s["id"] for s in speakers[:size]]}
