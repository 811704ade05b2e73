"""A scenario's master data into the database: created, updated, deleted, all or nothing.

The caller owns the transaction (see `planner.store.db.session_scope`): an import that
raises leaves nothing behind once the caller rolls back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.formats.problems import InvalidDocument
from planner.formats.scenario import dump_scenario, load_scenario
from planner.store import models as m
from planner.store import rows
from planner.store.db import StaleRecord
from planner.store.master.attendance import keep_stored_daycare
from planner.store.master.exporting import scenario_document
from planner.store.master.kinds import KINDS, ORGANISATION_ID, ChangeLog, Entity
from planner.store.master.versions import SETTINGS_KEY, Versions, flush


@dataclass
class ImportReport:
    """What an import did, kind by kind."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, what: dict[str, int], kind: str) -> None:
        what[kind] = what.get(kind, 0) + 1

    def lines(self) -> list[str]:
        """One line per kind of data that the file held or the import changed."""
        kinds = [k.name for k in KINDS] + ["travel_minutes", "closed_dates", "settings"]
        out = []
        for kind in kinds:
            parts = [
                f"{what} {counts[kind]}"
                for what, counts in (
                    ("created", self.created),
                    ("updated", self.updated),
                    ("deleted", self.deleted),
                    ("unchanged", self.unchanged),
                )
                if counts.get(kind)
            ]
            if parts:
                out.append(f"{kind}: {', '.join(parts)}")
        return out


def _entities(doc: dict[str, Any]) -> dict[str, list[Entity]]:
    """The master data of a dumped scenario, kind by kind; carers name their partner."""
    by_kind = {kind.name: list(doc.get(kind.name, [])) for kind in KINDS if kind.name != "carers"}
    by_kind["partners"] = [rows.partner_fields(p) for p in doc["partners"]]
    by_kind["carers"] = [c | {"partner": p["id"]} for p in doc["partners"] for c in p["carers"]]
    return by_kind


def import_scenario(
    session: Session,
    data: object,
    actor: str,
    replace: bool = False,
    today: dt.date | None = None,
    expected: Versions | None = None,
) -> ImportReport:
    """Merge a scenario's master data into the database, all or nothing.

    Records are matched by id: new ones are created, changed ones updated (each changed
    record's version goes up by one); with `replace`, records the file does not hold are
    deleted. The result is validated as a whole before the caller commits. Raises
    `InvalidDocument` listing every problem.

    `expected` holds the versions the document was made from (see `read_versions`), for
    a document read from the database and changed: then a record it would change or
    delete that is no longer at that version, or one it does not know, raises
    `StaleRecord` instead of undoing what another save wrote meanwhile. A file (the CLI,
    the JSON import) has no versions: it is the truth as it stands.
    """
    scenario = load_scenario(data, today)
    doc = dump_scenario(scenario)
    report = ImportReport()
    log = ChangeLog(session, actor)
    guard = _Guard(expected)
    if expected is None:  # a file; a form's document is the master data itself
        keep_stored_daycare(session, doc)
    _import_organisation(session, doc, report, log, guard)
    _import_closed_dates(session, doc, replace, report, log)
    wanted = _entities(doc)
    for kind in KINDS:
        existing = {row.id: row for row in session.scalars(sa.select(kind.model))}
        for entity in wanted[kind.name]:
            row = existing.get(entity["id"])
            if row is None:
                guard.creating(kind.name, entity["id"])
                row = kind.model(id=entity["id"])
                kind.write(row, entity)
                session.add(row)
                report.count(report.created, kind.name)
                log.add("create", kind.name, entity["id"])
                continue
            before = kind.read(row)
            if before == entity:
                report.count(report.unchanged, kind.name)
                continue
            guard.changing(kind.name, entity["id"], row.version)
            kind.write(row, entity)
            row.version += 1
            report.count(report.updated, kind.name)
            changed = sorted(
                k for k in entity.keys() | before.keys() if before.get(k) != entity.get(k)
            )
            log.add("update", kind.name, entity["id"], {"fields": changed})
        flush(session, kind.name)
        if kind.name == "areas":
            _import_travel(session, doc["travel_minutes"], replace, report, log, guard)
    if replace:
        _delete_missing(session, wanted, report, log, guard)
    flush(session, "master data")
    _validate_whole(session, doc["horizon"], today)
    return report


class _Guard:
    """Refuses to change a record that is not at the version the document was made from."""

    def __init__(self, expected: Versions | None) -> None:
        self.expected = expected

    def changing(self, kind: str, ref: str, current: int) -> None:
        """An update or a delete of a stored record."""
        if self.expected is None:
            return
        version = self.expected.get((kind, ref))
        if version != current:
            raise StaleRecord(kind, ref, version, current)

    def creating(self, kind: str, ref: str) -> None:
        """A new record: refused if the document knew it, since then it was removed meanwhile."""
        if self.expected is not None and (kind, ref) in self.expected:
            raise StaleRecord(kind, ref, self.expected[(kind, ref)], None)


def _import_organisation(
    session: Session, doc: dict[str, Any], report: ImportReport, log: ChangeLog, guard: _Guard
) -> None:
    org = session.get(m.Organisation, ORGANISATION_ID)
    values = {
        "name": doc["name"],
        "timezone": doc["timezone"],
        "country": doc["country"],
        "settings": doc["settings"],
    }
    if org is None:
        session.add(m.Organisation(id=ORGANISATION_ID, **values))
        report.count(report.created, "settings")
        log.add("create", "organisation", str(ORGANISATION_ID))
        return
    changed = sorted(key for key, value in values.items() if getattr(org, key) != value)
    if not changed:
        report.count(report.unchanged, "settings")
        return
    guard.changing(*SETTINGS_KEY, org.version)
    for key in changed:
        setattr(org, key, values[key])
    org.version += 1
    report.count(report.updated, "settings")
    log.add("update", "organisation", str(ORGANISATION_ID), {"fields": changed})


def _import_closed_dates(
    session: Session, doc: dict[str, Any], replace: bool, report: ImportReport, log: ChangeLog
) -> None:
    wanted = {dt.date.fromisoformat(d) for d in doc["closed_dates"]}
    have = set(session.scalars(sa.select(m.ClosedDate.date)))
    for day in sorted(wanted - have):
        session.add(m.ClosedDate(date=day))
        report.count(report.created, "closed_dates")
        log.add("create", "closed_dates", day.isoformat())
    for _ in wanted & have:
        report.count(report.unchanged, "closed_dates")
    if replace:
        for day in sorted(have - wanted):
            session.execute(sa.delete(m.ClosedDate).where(m.ClosedDate.date == day))
            report.count(report.deleted, "closed_dates")
            log.add("delete", "closed_dates", day.isoformat())


def _import_travel(
    session: Session,
    matrix: dict[str, dict[str, int]],
    replace: bool,
    report: ImportReport,
    log: ChangeLog,
    guard: _Guard,
) -> None:
    have = {(t.from_area, t.to_area): t for t in session.scalars(sa.select(m.TravelTime))}
    for origin, row in matrix.items():
        for target, minutes in row.items():
            ref = f"{origin}->{target}"
            travel = have.pop((origin, target), None)
            if travel is None:
                session.add(m.TravelTime(from_area=origin, to_area=target, minutes=minutes))
                report.count(report.created, "travel_minutes")
                log.add("create", "travel_minutes", ref, {"minutes": minutes})
            elif travel.minutes != minutes:
                guard.changing("travel_minutes", ref, travel.version)
                log.add("update", "travel_minutes", ref, {"from": travel.minutes, "to": minutes})
                travel.minutes = minutes
                travel.version += 1
                report.count(report.updated, "travel_minutes")
            else:
                report.count(report.unchanged, "travel_minutes")
    if replace:
        for (origin, target), travel in have.items():
            guard.changing("travel_minutes", f"{origin}->{target}", travel.version)
            session.delete(travel)
            report.count(report.deleted, "travel_minutes")
            log.add("delete", "travel_minutes", f"{origin}->{target}")


def _delete_missing(
    session: Session,
    wanted: dict[str, list[Entity]],
    report: ImportReport,
    log: ChangeLog,
    guard: _Guard,
) -> None:
    """Delete what the file does not hold, those who name others first."""
    for kind in reversed(KINDS):
        keep = {entity["id"] for entity in wanted[kind.name]}
        for row in session.scalars(sa.select(kind.model)):
            if row.id not in keep:
                guard.changing(kind.name, row.id, row.version)
                session.delete(row)
                report.count(report.deleted, kind.name)
                log.add("delete", kind.name, row.id)
        flush(session, kind.name)


def _validate_whole(session: Session, horizon: dict[str, str], today: dt.date | None) -> None:
    """The merged master data must still make a valid scenario (ids unique, references whole)."""
    data = scenario_document(session, dt.date.fromisoformat(horizon["start"]), previous=False)
    try:
        load_scenario(data, today)
    except InvalidDocument as error:
        raise InvalidDocument("database after this import", error.problems) from None
