"""The interpreters: on-site for the most needed languages, remote ones for the rare rest."""

from __future__ import annotations

from planner.demo.generate.world import (
    SECOND_LANGUAGE,
    WORKDAYS,
    Cluster,
    World,
    absence,
    windows_on,
)

INTERPRETER_MINUTES = 720  # of interpreting demand one interpreter takes on


def add_interpreters(world: World, cluster: Cluster) -> None:
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


def _pack(cluster: Cluster, demand: list[tuple[str, int]]) -> list[list[str]]:
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


def _interpreter(world: World, cluster: Cluster, languages: list[str], remote: bool) -> None:
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
        "available": windows_on(days, "09:00-15:00" if remote else "08:00-16:00"),
        "absent": [absence(world, days)] if rng.random() < 0.15 else [],
    })  # fmt: skip
