"""People lists from spreadsheets: rows read into records, a preview of what would change.

A row becomes a record of values (only the columns the file has); records are matched to
the master data by id, else by name, and merged into a copy of the scenario document,
which the scenario's own checks then judge as a whole. The preview is computed again
from the same records at confirmation, so what is applied is what was previewed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from planner.domain.timeparts import WEEKDAYS
from planner.formats import documents, values
from planner.formats.columns import COLUMNS, match_headers, normal
from planner.formats.documents import describe_owner
from planner.formats.findings import check_document
from planner.formats.people_rows import Lookup, read_row
from planner.formats.sheets import SheetError, Table, read_table
from planner.formats.texts import gettext as _

PREFIX = {"participants": "p", "staff": "s", "carers": "c"}
DEFAULTS: dict[str, dict[str, Any]] = {
    "participants": {"address": "", "children": []},
    "staff": {"available": {}, "absent": []},
    "carers": {"available": {}, "absent": [], "infants": False},
}


@dataclass(frozen=True)
class Rejection:
    """Why a row cannot be imported: its row number, the column, the problem."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Outcome:
    """What importing a row would do: `new`, `changed` (which columns) or `unchanged`."""

    row: int
    id: str
    name: str
    status: str
    fields: tuple[str, ...] = ()


@dataclass
class Preview:
    """What an import would change, and why some rows cannot be imported."""

    kind: str
    columns: dict[str, str]
    records: list[dict[str, Any]]
    outcomes: list[Outcome] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    general: list[str] = field(default_factory=list)
    doc: dict[str, Any] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """How many rows would have this outcome."""
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def can_apply(self) -> bool:
        """Only a list without a rejected row is applied: nothing is half-imported."""
        changes = any(outcome.status != "unchanged" for outcome in self.outcomes)
        return changes and not self.rejected and not self.general

    def digest(self) -> str:
        """A fingerprint of the outcome, to see whether it still holds at confirmation."""
        text = json.dumps([[o.row, o.id, o.status, list(o.fields)] for o in self.outcomes])
        return hashlib.sha256(text.encode()).hexdigest()


def read_file(kind: str, filename: str, data: bytes, doc: dict[str, Any]) -> Preview:
    """The preview of an uploaded list; a file that cannot be used raises `SheetError`."""
    return preview_table(kind, read_table(filename, data), doc)


def kinds_of(table: Table) -> list[str]:
    """The kinds of list a table may be: those whose required columns its headers all name,
    else those whose columns it names the most of (so that reading says which are missing)."""
    named = {
        kind: {column.key for column in match_headers(kind, table.headers)[0].values()}
        for kind in COLUMNS
    }
    whole = [
        kind
        for kind, keys in named.items()
        if all(column.key in keys for column in COLUMNS[kind] if column.required)
    ]
    if whole:
        return whole
    most = max(len(keys) for keys in named.values())
    return [kind for kind, keys in named.items() if most and len(keys) == most]


def preview_table(kind: str, table: Table, doc: dict[str, Any]) -> Preview:
    """The preview of a list already read; a table that cannot be used raises `SheetError`."""
    positions, unknown = match_headers(kind, table.headers)
    seen: dict[str, str] = {}
    for position, column in positions.items():
        if column.key in seen:
            raise SheetError(
                _(
                    'The columns "%(first)s" and "%(second)s" are the same column.',
                    first=seen[column.key],
                    second=table.headers[position],
                )
            )
        seen[column.key] = table.headers[position]
    missing = [c for c in COLUMNS[kind] if c.required and c.key not in seen]
    if missing:
        names = ", ".join(f'"{c.fi}" ({c.en})' for c in missing)
        raise SheetError(_("The file has no column %(names)s.", names=names))
    lookup = Lookup(doc)
    rows, rejected = [], []
    for number, cells in table.rows:
        found, problems = read_row(positions, table.headers, cells, lookup)
        rejected += [Rejection(number, header, message) for header, message in problems]
        if not problems:
            rows.append({"row": number, "values": found})
    preview = build_preview(kind, rows, seen, doc)
    preview.rejected = sorted(rejected + preview.rejected, key=lambda r: r.row)
    preview.unknown = unknown
    return preview


def build_preview(
    kind: str, rows: list[dict[str, Any]], columns: dict[str, str], doc: dict[str, Any]
) -> Preview:
    """Merge the rows' records into `doc` (which it changes) and judge the result."""
    preview = Preview(kind, columns, rows, doc=doc)
    before = {e["id"]: e for e in documents.all_of(doc, kind)}
    by_name: dict[str, list[str]] = {}
    for entity in before.values():
        by_name.setdefault(normal(entity["name"]), []).append(entity["id"])
    owners = documents.owners(doc)
    taken = set(owners)
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    placed: dict[str, int] = {}
    for row in rows:
        number, found = row["row"], row["values"]
        name_key = normal(found.get("name") or "")
        problem = _duplicate(found, name_key, seen_ids, seen_names)
        record_id = ""
        if problem is None:
            record_id, problem = _identify(kind, found, before, by_name, owners, taken)
        if problem is None and record_id in seen_ids:
            problem = ("name", _("Row %(row)s is the same person.", row=seen_ids[record_id]))
        if problem is not None:
            key, message = problem
            preview.rejected.append(Rejection(number, columns.get(key, key), message))
            continue
        seen_ids[record_id], seen_names[name_key] = number, number
        entity = _merged(kind, before.get(record_id), found | {"id": record_id}, taken)
        documents.put(doc, kind, entity)
        placed[record_id] = number
    _judge(preview, placed, before)
    return preview


def _duplicate(
    found: dict[str, Any],
    name_key: str,
    seen_ids: dict[str, int],
    seen_names: dict[str, int],
) -> tuple[str, str] | None:
    """Why a row repeats an earlier one (same id, or same name without ids), or None."""
    given = found.get("id")
    if given and given in seen_ids:
        return "id", _("Row %(row)s is the same person.", row=seen_ids[given])
    if not given and name_key in seen_names:
        message = _("Row %(row)s has the same name; give ids to tell them apart.",
                    row=seen_names[name_key])  # fmt: skip
        return "name", message
    return None


def _identify(
    kind: str,
    found: dict[str, Any],
    before: dict[str, dict[str, Any]],
    by_name: dict[str, list[str]],
    owners: dict[str, tuple[str, dict[str, Any]]],
    taken: set[str],
) -> tuple[str, tuple[str, str] | None]:
    """The id a row's record has or gets, or why it has none."""
    given = found.get("id")
    if given:
        if given in owners and given not in before:
            owner = describe_owner(*owners[given])
            return given, ("id", _('The id "%(id)s" is already used by %(owner)s.', id=given,
                                   owner=owner))  # fmt: skip
        return given, None
    same = by_name.get(normal(found["name"]), [])
    if len(same) > 1:
        ids = ", ".join(same)
        return "", ("name", _("Several have this name (%(ids)s); give the id.", ids=ids))
    if same:
        return same[0], None
    return values.new_id(PREFIX[kind], found["name"], taken), None


def _merged(
    kind: str, old: dict[str, Any] | None, found: dict[str, Any], taken: set[str]
) -> dict[str, Any]:
    """The record as the row leaves it: the old one with the row's columns laid over it."""
    entity = dict(old) if old else {"id": found["id"], **DEFAULTS[kind]}
    for key, value in found.items():
        if key == "children":
            entity["children"] = _children(entity["id"], entity.get("children", []), value, taken)
        elif key in ("email",) or (key == "available" and kind == "participants"):
            entity.pop(key, None)
            if value:
                entity[key] = value
        else:
            entity[key] = value
    return entity


def _children(
    participant: str, old: list[dict[str, Any]], wanted: list[dict[str, Any]], taken: set[str]
) -> list[dict[str, Any]]:
    """The listed children, matched to the known ones by birth date so they keep their ids."""
    pool = list(old)
    out = []
    for child in wanted:
        match = next((c for c in pool if c["birth_date"] == child["birth_date"]), None)
        if match is not None:
            pool.remove(match)
            out.append(match | {"in_daycare": child["in_daycare"]})
        else:
            out.append({"id": values.numbered_id(participant, taken), **child})
    return sorted(out, key=lambda c: c["id"])  # the database keeps children in id order


def _judge(preview: Preview, placed: dict[str, int], before: dict[str, dict[str, Any]]) -> None:
    """Check the merged document; set each row's outcome or its rejection."""
    paths = {}
    for record_id, number in placed.items():
        where = documents.find(preview.doc, preview.kind, record_id)
        assert where is not None
        paths[where[0]] = number
    bad_rows = set()
    for finding in check_document(preview.doc):
        depth = 4 if preview.kind == "carers" else 2
        number = paths.get(finding.path[:depth])
        if number is None:
            preview.general.append(finding.message)
            continue
        bad_rows.add(number)
        rest = finding.path[depth:]
        preview.rejected.append(Rejection(number, _column(preview, rest), finding.message))
    for record_id, number in placed.items():
        if number in bad_rows:
            continue
        entity = documents.find(preview.doc, preview.kind, record_id)[1]  # type: ignore[index]
        old = before.get(record_id)
        name = entity.get("name", record_id)
        if old is None:
            preview.outcomes.append(Outcome(number, record_id, name, "new"))
            continue
        changed = sorted(k for k in entity.keys() | old.keys() if entity.get(k) != old.get(k))
        status = "changed" if changed else "unchanged"
        fields = tuple(dict.fromkeys(_header(preview, key) for key in changed))
        preview.outcomes.append(Outcome(number, record_id, name, status, fields))
    preview.outcomes.sort(key=lambda o: o.row)


def _header(preview: Preview, key: str) -> str:
    if key == "available":
        return _("weekly times")
    return preview.columns.get(key, key)


def _column(preview: Preview, rest: tuple[Any, ...]) -> str:
    """The column of the file a problem inside a record belongs to."""
    key = str(rest[0]) if rest else "name"
    if key == "available" and len(rest) > 1 and rest[1] in WEEKDAYS:
        return preview.columns.get(str(rest[1]), _("weekly times"))
    return _header(preview, key)


def column_guide(kind: str) -> list[tuple[str, str, str, str]]:
    """A kind's columns as the upload page lists them: headers, meaning, example (days as one)."""
    rows = []
    days = [c for c in COLUMNS[kind] if c.key in WEEKDAYS]
    for column in COLUMNS[kind]:
        if column.key in WEEKDAYS[1:]:
            continue
        same = days if column.key in WEEKDAYS else [column]
        fi = ", ".join(c.header("fi") for c in same)
        en = ", ".join(c.header("en") for c in same)
        rows.append((fi, en, str(column.help), column.example))
    return rows
