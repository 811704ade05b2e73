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

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from planner.formats.documents import Entity, Path, all_of, find, owners, put, remove
from planner.formats.findings import Finding, check_document, parse_path
from planner.formats.problems import InvalidDocument
from planner.store.master import (
    StaleRecord,
    Versions,
    import_scenario,
    read_versions,
    record_version,
    scenario_document,
)

# Finding and placing records in a document is `planner.formats.documents`' (the people
# lists use it too); the web's callers reach it through here beside saving.
__all__ = [
    "Entity", "Path", "all_of", "apply", "document", "find", "owners", "put", "remove",
    "retire", "save", "version_of",
]  # fmt: skip
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
