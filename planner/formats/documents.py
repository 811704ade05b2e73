"""Records inside a scenario document: where each is, putting one in, taking one out.

A scenario document holds the master data as lists of entities by kind; carers live
inside their partners, children inside their participants, and ids are unique across
every kind. Forms, people lists and their checks all find and place records this way.
"""

from __future__ import annotations

import copy
from typing import Any

from planner.formats.texts import LazyText
from planner.formats.texts import lazy_gettext as _l

Entity = dict[str, Any]
Path = tuple[str | int, ...]
# Kinds kept at the top of a scenario; carers live inside their partners.
TOP_KINDS = ("venues", "staff", "partners", "participants", "groups", "guidance", "interpreters")


def find(doc: dict[str, Any], kind: str, record_id: str) -> tuple[Path, Entity] | None:
    """Where a record is and its entity (a carer's names its partner), or None."""
    if kind == "carers":
        for i, partner in enumerate(doc["partners"]):
            for j, carer in enumerate(partner["carers"]):
                if carer["id"] == record_id:
                    return ("partners", i, "carers", j), carer | {"partner": partner["id"]}
        return None
    for i, entity in enumerate(doc[kind]):
        if entity["id"] == record_id:
            return (kind, i), copy.deepcopy(entity)
    return None


def all_of(doc: dict[str, Any], kind: str) -> list[Entity]:
    """Every record of a kind; carers name their partner."""
    if kind == "carers":
        return [c | {"partner": p["id"]} for p in doc["partners"] for c in p["carers"]]
    return list(doc[kind])


def put(doc: dict[str, Any], kind: str, entity: Entity) -> Path:
    """Put a record into the document in place of its old self, or at the end; its path."""
    if kind == "carers":
        carer = {key: value for key, value in entity.items() if key != "partner"}
        old = find(doc, "carers", entity["id"])
        if old is not None and old[1]["partner"] == entity["partner"]:
            doc["partners"][old[0][1]]["carers"][old[0][3]] = carer
            return old[0]
        if old is not None:
            del doc["partners"][old[0][1]]["carers"][old[0][3]]
        for i, partner in enumerate(doc["partners"]):
            if partner["id"] == entity["partner"]:
                partner["carers"].append(carer)
                return ("partners", i, "carers", len(partner["carers"]) - 1)
        raise KeyError(entity["partner"])
    records = doc[kind]
    for i, old_entity in enumerate(records):
        if old_entity["id"] == entity["id"]:
            if kind == "partners":
                entity = entity | {"carers": old_entity["carers"]}
            records[i] = entity
            return (kind, i)
    records.append(entity | {"carers": []} if kind == "partners" else entity)
    return (kind, len(records) - 1)


def remove(doc: dict[str, Any], kind: str, record_id: str) -> None:
    """Take a record out of the document."""
    where = find(doc, kind, record_id)
    if where is None:
        raise KeyError(record_id)
    path = where[0]
    if kind == "carers":
        del doc["partners"][path[1]]["carers"][path[3]]
    else:
        del doc[kind][path[1]]


def owners(doc: dict[str, Any]) -> dict[str, tuple[str, Entity]]:
    """Every id of the document with its kind and record (children under "children")."""
    found: dict[str, tuple[str, Entity]] = {area["id"]: ("areas", area) for area in doc["areas"]}
    for kind in TOP_KINDS:
        for entity in doc[kind]:
            found[entity["id"]] = (kind, entity)
    for carer in all_of(doc, "carers"):
        found[carer["id"]] = ("carers", carer)
    for participant in doc["participants"]:
        for child in participant["children"]:
            found[child["id"]] = ("children", participant)
    return found


# What a record of each kind is called (a child is named by her mother's record).
NOUNS = {
    "areas": _l("area"),
    "venues": _l("venue"),
    "staff": _l("staff member"),
    "partners": _l("partner"),
    "carers": _l("carer"),
    "participants": _l("participant"),
    "children": _l("a child of participant"),
    "groups": _l("group"),
    "guidance": _l("guidance need"),
    "interpreters": _l("interpreter"),
}


def describe_owner(kind: str, entity: Entity) -> str:
    """A record in words: its kind and name (a child: her mother's)."""
    return f"{NOUNS[kind]} {entity.get('name') or entity['id']}"


def noun_of(word: str) -> LazyText | str:
    """The translatable noun the planner writes in English as `word` (`staff member`)."""
    return next((noun for noun in NOUNS.values() if noun.message == word), word)
