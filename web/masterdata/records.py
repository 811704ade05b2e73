"""Records of the master data inside a scenario document, and saving them through the importer.

Every change takes the same road as `kotoplan import`: the whole master data as a
scenario document, the record put into it (or taken out), then `import_scenario`, which
validates the result as a whole, writes only what differs and logs each change. So a
form and a file obey the same rules and nothing is half-saved.

The versions of the records are read with the document and kept in the session, and
every save passes them on: a record saved by someone else after this request read it is
then refused (`StaleRecord`) instead of being written back as this request saw it.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from planner.formats.problems import InvalidDocument
from planner.store.master import (
    StaleRecord,
    Versions,
    import_scenario,
    read_versions,
    record_version,
    scenario_document,
)
from web.masterdata.problems import Finding, Path, check_document, parse_path

Entity = dict[str, Any]
# Kinds kept at the top of a scenario; carers live inside their partners.
TOP_KINDS = ("venues", "staff", "partners", "participants", "groups", "guidance", "interpreters")
READ_VERSIONS = "kotoplan.read_versions"  # the session's `info` key


def document(session: Session, today: dt.date | None = None) -> dict[str, Any]:
    """The master data as the scenario of this week, without a previous plan to stay close to.

    The records' versions are read first and kept with the session for the save.
    """
    day = today or dt.date.today()
    monday = day - dt.timedelta(days=day.weekday())
    versions = read_versions(session)
    doc = scenario_document(session, monday, previous=False)
    session.info[READ_VERSIONS] = versions
    return doc


def version_of(session: Session, kind: str, record_id: str) -> int | None:
    """A record's version as this request read it with the document (None: no such record)."""
    read: Versions | None = session.info.get(READ_VERSIONS)
    if read is None:
        return record_version(session, kind, record_id)
    return read.get((kind, record_id))


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


def apply(
    session: Session,
    doc: dict[str, Any],
    actor: str,
    replace: bool = False,
    today: dt.date | None = None,
    expected: Versions | None = None,
) -> list[Finding]:
    """Check a document, then merge it into the database; its problems (then nothing is written).

    Raises `StaleRecord`, the session rolled back, if a record of `expected` (the versions
    the change was made on) has been saved by someone else since.
    """
    findings = check_document(doc, today)
    if findings:
        return findings
    read: Versions | None = session.info.get(READ_VERSIONS)
    if read is not None or expected is not None:
        expected = {**(read or {}), **(expected or {})}
    try:
        import_scenario(session, doc, actor, replace=replace, today=today, expected=expected)
    except InvalidDocument as error:
        session.rollback()
        return [Finding(parse_path(p.path), p.message) for p in error.problems]
    except StaleRecord:
        session.rollback()
        raise
    return []


def save(
    session: Session,
    doc: dict[str, Any],
    kind: str,
    entity: Entity,
    actor: str,
    version: int | None = None,
) -> tuple[Path, list[Finding]]:
    """Create or update one record (an update made on `version` of it): path and problems."""
    path = put(doc, kind, entity)
    expected = None if version is None else {(kind, entity["id"]): version}
    return path, apply(session, doc, actor, expected=expected)


def retire(
    session: Session, doc: dict[str, Any], kind: str, record_id: str, actor: str
) -> list[Finding]:
    """Remove one record from the master data (the importer logs it); the problems found."""
    remove(doc, kind, record_id)
    return apply(session, doc, actor, replace=True)
