"""What a URL or a form may hold: weeks and ids parsed with their ranges before any query.

A week outside 2000-2100 or not written canonically, or an id no database column can
hold, is simply not a page (404): it never reaches the database or date arithmetic.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, IntegerConverter, Map, ValidationError

from planner.domain.timeparts import parse_week

# Ids are INTEGER columns: SQLite takes 2^63 - 1, PostgreSQL 2^31 - 1; the smaller for both.
ID_MAX = 2**31 - 1


class WeekConverter(BaseConverter):
    """`<week:week>`: an ISO week like 2026-W49 of the years 2000-2100."""

    regex = r"\d{4}-W\d{2}"

    def to_python(self, value: str) -> str:
        try:
            parse_week(value)
        except ValueError:
            raise ValidationError() from None
        return value


class IdConverter(IntegerConverter):
    """`<int:...>` with the range of a database id, 1 to ID_MAX."""

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def db_int(text: str | None) -> int | None:
    """A form or query value as an id or version number, None when it is not one in range."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def init_app(app: Flask) -> None:
    """Give the URL map its converters; before any blueprint adds its rules."""
    app.url_map.converters["week"] = WeekConverter
    app.url_map.converters["int"] = IdConverter
