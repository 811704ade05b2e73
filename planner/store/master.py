"""Master data in and out: import a scenario into the database, export a week's scenario.

The caller owns the transaction (see `planner.store.db.session_scope`): an import that
raises leaves nothing behind once the caller rolls back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from planner.domain import Scenario
from planner.domain.timeparts import week_dates
from planner.formats import wire
from planner.formats.codec import instant_out
from planner.formats.problems import InvalidDocument
from planner.formats.scenario import dump_scenario, load_scenario
from planner.store import models as m
from planner.store import rows
from planner.store.db import StaleRecord, StoreError
from planner.store.plans import previous_items
from planner.store.review import LOCK, PIN

Entity = dict[str, Any]
ORGANISATION_ID = 1
# The versions of the records a document was made from, by (kind, id): the kinds of
# `KINDS`, ("settings", "1") for the organisation's and ("travel_minutes", "a->b").
Versions = Mapping[tuple[str, str], int]
SETTINGS_KEY = ("settings", str(ORGANISATION_ID))


@dataclass(frozen=True)
class Kind:
    """How one kind of master data goes between entity forms and rows."""

    name: str
    model: type[m.Base]
    write: Callable[[Any, Entity], None]
    read: Callable[[Any], Entity]


def _carer_read(row: m.Carer) -> Entity:
    return rows.carer_out(row) | {"partner": row.partner_id}


# In the order of their references, so that what is named exists before it is named.
KINDS = (
    Kind("areas", m.Area, rows.area_in, rows.area_out),
    Kind("venues", m.Venue, rows.venue_in, rows.venue_out),
    Kind("staff", m.StaffMember, rows.staff_in, rows.staff_out),
    Kind(
        "partners", m.Partner, rows.partner_in, lambda r: rows.partner_fields(rows.partner_out(r))
    ),
    Kind("carers", m.Carer, rows.carer_in, _carer_read),
    Kind("participants", m.Participant, rows.participant_in, rows.participant_out),
    Kind("groups", m.Group, rows.group_in, rows.group_out),
    Kind("guidance", m.GuidanceNeed, rows.need_in, rows.need_out),
    Kind("interpreters", m.Interpreter, rows.interpreter_in, rows.interpreter_out),
)
_KIND_MODELS: dict[str, Any] = {kind.name: kind.model for kind in KINDS}


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
    log = _ChangeLog(session, actor)
    guard = _Guard(expected)
    if expected is None:  # a file; a form's document is the master data itself
        _keep_stored_daycare(session, doc)
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
        _flush(session, kind.name)
        if kind.name == "areas":
            _import_travel(session, doc["travel_minutes"], replace, report, log, guard)
    if replace:
        _delete_missing(session, wanted, report, log, guard)
    _flush(session, "master data")
    _validate_whole(session, doc["horizon"], today)
    return report


def record_version(session: Session, kind: str, ref: str) -> int | None:
    """The stored version of one record (`settings` for the organisation's), None if none."""
    model = m.Organisation if kind == "settings" else _KIND_MODELS[kind]
    key: Any = ORGANISATION_ID if kind == "settings" else ref
    return session.scalar(sa.select(model.version).where(model.id == key))  # type: ignore[attr-defined]


def read_versions(session: Session) -> dict[tuple[str, str], int]:
    """The version of every record of the master data, to pass as an import's `expected`.

    Read them before the document they go with: a record saved in between then looks
    older than it is, which refuses a save (safe), never lets one through.
    """
    found: dict[tuple[str, str], int] = {}
    for kind in KINDS:
        model: Any = kind.model
        for ref, version in session.execute(sa.select(model.id, model.version)):
            found[(kind.name, ref)] = version
    version = session.scalar(
        sa.select(m.Organisation.version).where(m.Organisation.id == ORGANISATION_ID)
    )
    if version is not None:
        found[SETTINGS_KEY] = version
    travel = sa.select(m.TravelTime.from_area, m.TravelTime.to_area, m.TravelTime.version)
    for origin, target, version in session.execute(travel):
        found[("travel_minutes", f"{origin}->{target}")] = version
    return found


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


def _flush(session: Session, what: str) -> None:
    """Write what is pending; a row another save changed meanwhile matches no UPDATE."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleRecord(what, None, None, None) from None


def _import_organisation(
    session: Session, doc: dict[str, Any], report: ImportReport, log: _ChangeLog, guard: _Guard
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
    session: Session, doc: dict[str, Any], replace: bool, report: ImportReport, log: _ChangeLog
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
    log: _ChangeLog,
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
    log: _ChangeLog,
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
        _flush(session, kind.name)


def _validate_whole(session: Session, horizon: dict[str, str], today: dt.date | None) -> None:
    """The merged master data must still make a valid scenario (ids unique, references whole)."""
    data = scenario_document(session, dt.date.fromisoformat(horizon["start"]), previous=False)
    try:
        load_scenario(data, today)
    except InvalidDocument as error:
        raise InvalidDocument("database after this import", error.problems) from None


def locked_items(session: Session, week: str) -> dict[str, list[Any]]:
    """The week's locked sessions and visits (rule H11), in their plan form."""
    return _held(session, week, LOCK)


def _held(session: Session, week: str, hold: str) -> dict[str, list[Any]]:
    rows = session.scalars(
        sa.select(m.PlanLock)
        .where(m.PlanLock.week == week, m.PlanLock.hold == hold)
        .order_by(m.PlanLock.item_id)
    )
    found: dict[str, list[Any]] = {"sessions": [], "visits": []}
    for row in rows:
        found["sessions" if row.kind == "session" else "visits"].append(row.item)
    return found


def replan_items(session: Session, week: str) -> tuple[dict[str, list[Any]], list[str]]:
    """The scenario's `previous` and `pinned`: the newest state of the week, pins on top.

    `previous` is the week's newest version (a draft newer than the published version
    included: a re-plan builds on the last one), else last week's published plan; each
    pinned item stands in it as it was pinned.
    """
    items = previous_items(session, week) or {"sessions": [], "visits": []}
    pins = _held(session, week, PIN)
    for part in ("sessions", "visits"):
        pinned = {item["id"]: item for item in pins[part]}
        kept = [pinned.pop(item["id"], item) for item in items[part]]
        items[part] = kept + list(pinned.values())
    ids = sorted(item["id"] for part in ("sessions", "visits") for item in pins[part])
    return items, ids


def scenario_document(
    session: Session,
    monday: dt.date,
    previous: bool = True,
    not_before: dt.datetime | None = None,
) -> dict[str, Any]:
    """The scenario JSON of the ISO week starting on `monday`, from the master data.

    With `previous`, the week's held and earlier items come too (see `replan_items`);
    `not_before` (a moment inside the week) keeps a re-plan out of the past.
    """
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None:
        raise StoreError("the database holds no master data yet; import a scenario first")

    def all_of(model: type[m.Base], *related: Any) -> list[Any]:
        # The collections come in one query each, not one query per row (N+1).
        query = sa.select(model).order_by(model.id)  # type: ignore[attr-defined]
        if related:
            query = query.options(*(selectinload(r) for r in related))
        return list(session.scalars(query))

    areas = all_of(m.Area)
    matrix: dict[str, dict[str, int]] = {}
    for travel in session.scalars(
        sa.select(m.TravelTime).order_by(m.TravelTime.from_area, m.TravelTime.to_area)
    ):
        matrix.setdefault(travel.from_area, {})[travel.to_area] = travel.minutes
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    items, pinned = replan_items(session, week) if previous else (None, [])
    extra: dict[str, Any] = {"pinned": pinned} if pinned else {}
    if not_before is not None and monday <= not_before.date() <= monday + dt.timedelta(days=6):
        extra["not_before"] = instant_out(not_before.replace(second=0, microsecond=0))
    return {
        "format": wire.SCENARIO_FORMAT,
        "name": org.name,
        "timezone": org.timezone,
        "country": org.country,
        "horizon": {
            "start": monday.isoformat(),
            "end": (monday + dt.timedelta(days=6)).isoformat(),
        },
        "closed_dates": [
            d.isoformat() for d in session.scalars(sa.select(m.ClosedDate.date).order_by("date"))
        ],
        "settings": org.settings,
        "areas": [rows.area_out(a) for a in areas],
        "travel_minutes": matrix,
        "venues": [rows.venue_out(v) for v in all_of(m.Venue)],
        "staff": [rows.staff_out(s) for s in all_of(m.StaffMember)],
        "partners": [rows.partner_out(p) for p in all_of(m.Partner, m.Partner.carers)],
        "participants": [
            rows.participant_out(p) for p in all_of(m.Participant, m.Participant.children)
        ],
        "groups": [rows.group_out(g) for g in all_of(m.Group, m.Group.venues, m.Group.members)],
        "guidance": [rows.need_out(n) for n in all_of(m.GuidanceNeed)],
        "interpreters": [rows.interpreter_out(i) for i in all_of(m.Interpreter)],
        "locked": locked_items(session, week) if previous else {"sessions": [], "visits": []},
        "previous": items or {"sessions": [], "visits": []},
        **extra,
    }


def export_scenario(
    session: Session,
    week: str,
    today: dt.date | None = None,
    not_before: dt.datetime | None = None,
) -> Scenario:
    """The complete, validated scenario of an ISO week ("2026-W49") from the database."""
    monday, _ = week_dates(week)
    data = scenario_document(session, monday, not_before=not_before)
    follow_attendance(session, data, monday)
    try:
        return load_scenario(data, today)
    except InvalidDocument as error:
        raise InvalidDocument(f"scenario of {week} from the database", error.problems) from None


def follow_attendance(session: Session, data: dict[str, Any], monday: dt.date) -> set[str]:
    """With the setting "childcare follows attendance" on, a week's scenario counts for
    childcare only the children of mothers who come: those of the mothers who have not come
    (`planner.attendance.absentees`) are written as not brought, `in_daycare: true`. The
    master data keeps them as they are. Returns those mothers' ids (none with it off)."""
    # Imported here: the attendance package imports this module.
    from planner.attendance.absentees import not_coming_for_childcare

    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None or not org.childcare_follows_attendance:
        return set()
    gone = not_coming_for_childcare(session, monday, org.timezone)
    for participant in data["participants"]:
        if participant["id"] in gone:
            for child in participant["children"]:
                child["in_daycare"] = True
    return gone


def set_childcare_follows_attendance(
    session: Session, on: bool, actor: str, expected_version: int | None = None
) -> bool:
    """Turn the setting on or off, logged like master data; whether it changed."""
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None:
        raise StoreError("the database holds no master data yet; import a scenario first")
    if expected_version is not None and org.version != expected_version:
        raise StaleRecord(*SETTINGS_KEY, expected_version, org.version)
    if org.childcare_follows_attendance == on:
        return False
    org.childcare_follows_attendance = on
    org.version += 1
    _ChangeLog(session, actor).add(
        "update",
        "organisation",
        str(ORGANISATION_ID),
        {"fields": ["childcare_follows_attendance"], "to": on},
    )
    _flush(session, "settings")
    return True


def _keep_stored_daycare(session: Session, doc: dict[str, Any]) -> None:
    """A file exported with childcare following attendance, imported back, changes nothing.

    Its `in_daycare: true` for the children of mothers who have not come is the export's
    rule, not a fact: for them, a child stored as not in daycare stays so.
    """
    org = session.get(m.Organisation, ORGANISATION_ID)
    if org is None or not org.childcare_follows_attendance:
        return
    from planner.attendance.absentees import not_coming_for_childcare

    monday = dt.date.fromisoformat(doc["horizon"]["start"])
    gone = not_coming_for_childcare(session, monday, org.timezone)
    stored = {
        c.id: c.in_daycare
        for c in session.scalars(sa.select(m.Child).where(m.Child.participant_id.in_(gone)))
    }
    for participant in doc["participants"]:
        if participant["id"] in gone:
            for child in participant["children"]:
                if child.get("in_daycare") and stored.get(child["id"]) is False:
                    child["in_daycare"] = False


class _ChangeLog:
    """Records who changed what in the `changes` table."""

    def __init__(self, session: Session, actor: str):
        self.session = session
        self.actor = actor

    def add(self, action: str, kind: str, ref: str, detail: dict[str, Any] | None = None) -> None:
        self.session.add(
            m.Change(actor=self.actor, action=action, kind=kind, ref=ref, detail=detail)
        )
