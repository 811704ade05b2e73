"""One row of a people list read into a record: each cell through its column's reader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from planner.domain.timeparts import WEEKDAYS
from planner.formats import values
from planner.formats.columns import Column, normal
from planner.formats.sheets import Cell
from planner.formats.texts import gettext as _
from planner.formats.values import BadValue

ROLES = {
    "facilitator": "facilitator",
    "ryhmänohjaaja": "facilitator",
    "ohjaaja": "facilitator",
    "guide": "guide",
    "yksilöohjaaja": "guide",
    "ohjaus": "guide",
    "neuvoja": "guide",
}
_DAYCARE = re.compile(
    r"\(\s*(päivähoito|päivähoidossa|päiväkoti|pk|vaka|daycare|day care|in daycare)\s*\)",
    re.IGNORECASE,
)


class Lookup:
    """Areas and partners by id or by name, as people write them."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.areas = _by_id_and_name(doc["areas"])
        self.partners = _by_id_and_name(doc["partners"])

    def area(self, text: str) -> str:
        """The id of an area named or given by id."""
        found = self.areas.get(normal(text))
        if found is None:
            raise BadValue(_('There is no area "%(name)s".', name=text))
        return found

    def partner(self, text: str) -> str:
        """The id of a partner organisation named or given by id."""
        found = self.partners.get(normal(text))
        if found is None:
            raise BadValue(_('There is no partner "%(name)s".', name=text))
        return found


def _by_id_and_name(entities: list[dict[str, Any]]) -> dict[str, str]:
    found = {normal(e["name"]): e["id"] for e in entities}
    return found | {normal(e["id"]): e["id"] for e in entities}


def text(cell: Cell) -> str:
    """A cell as text: numbers without a needless `.0`, dates in ISO form, spaces tidied."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat("T")[:16]
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return " ".join(str(cell).split())


def _number(whole: bool) -> Callable[[Cell, Lookup], Any]:
    def read(cell: Cell, _lookup: Lookup) -> Any:
        value = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else text(cell)
        return values.number(value, whole=whole)  # type: ignore[arg-type]

    return read


def _roles(cell: Cell, _lookup: Lookup) -> list[str]:
    roles = []
    for word in values.items(text(cell)):
        role = ROLES.get(word.casefold())
        if role is None:
            raise BadValue(
                _('"%(word)s" is not a role: write ryhmänohjaaja or yksilöohjaaja.', word=word)
            )
        if role not in roles:
            roles.append(role)
    return [role for role in ("facilitator", "guide") if role in roles]


def _children(cell: Cell, _lookup: Lookup) -> list[dict[str, Any]]:
    if isinstance(cell, dt.date):  # one child, typed as a date that Excel kept as one
        return [{"birth_date": values.date(cell), "in_daycare": False}]
    children = []
    for part in values.items(text(cell)):
        daycare = _DAYCARE.search(part) is not None
        children.append(
            {"birth_date": values.date(_DAYCARE.sub("", part).strip()), "in_daycare": daycare}
        )
    return children


READERS: dict[str, Callable[[Cell, Lookup], Any]] = {
    "id": lambda cell, _l: text(cell),
    "name": lambda cell, _l: text(cell),
    "address": lambda cell, _l: text(cell),
    "email": lambda cell, _l: text(cell),
    "area": lambda cell, lookup: lookup.area(text(cell)),
    "base_area": lambda cell, lookup: lookup.area(text(cell)),
    "areas": lambda cell, lookup: [lookup.area(a) for a in values.items(text(cell))],
    "partner": lambda cell, lookup: lookup.partner(text(cell)),
    "languages": lambda cell, _l: values.languages(text(cell)),
    "roles": _roles,
    "hours_per_week": _number(whole=False),
    "max_hours_per_day": _number(whole=False),
    "max_shifts_per_week": _number(whole=True),
    "infants": lambda cell, _l: values.yes_no(cell),  # type: ignore[arg-type]
    "absent": lambda cell, _l: values.periods(text(cell)),
    "children": _children,
}


def read_row(
    positions: dict[int, Column], headers: list[str], cells: list[Cell], lookup: Lookup
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A row's record (the keys of the file's columns) and its problems as (header, text)."""
    found: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    days: dict[str, list[str]] = {}
    for position, column in positions.items():
        cell, header = cells[position], headers[position]
        if column.required and not text(cell):
            problems.append((header, _("Required.")))
            continue
        try:
            if column.key in WEEKDAYS:
                days[column.key] = values.day_ranges(text(cell))
            else:
                found[column.key] = READERS[column.key](cell, lookup)
        except BadValue as error:
            problems.append((header, str(error)))
    if any(column.key in WEEKDAYS for column in positions.values()):
        # The file's weekday columns are the whole week: a day without a column has no time.
        found["available"] = {day: days[day] for day in WEEKDAYS if days.get(day)}
    return found, problems
