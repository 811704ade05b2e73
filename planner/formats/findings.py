"""The scenario's own checks as structured findings: a path to place them, a translated text.

`check_document` runs the two passes of `planner.formats.scenario.validate_scenario`
(`check_passes`: the wire models, then the whole-document references), but keeps
pydantic's error types so the coordinator reads each problem in her language beside the
field it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from planner.formats import documents, values, wire
from planner.formats.documents import Path
from planner.formats.scenario import check_passes
from planner.formats.texts import gettext as _
from planner.formats.texts import lazy_gettext as _l


@dataclass(frozen=True)
class Finding:
    """One problem of a document: where it is and what it is, in the user's language."""

    path: Path
    message: str


def check_document(doc: dict[str, Any], today: dt.date | None = None) -> list[Finding]:
    """Every problem of a scenario document, each with its path."""
    findings = []
    _, error, references = check_passes(doc, today)
    for item in error.errors(include_url=False) if error else []:
        path = tuple(part for part in item["loc"] if part != "[key]")
        findings.append(Finding(path, field_message(item)))
    for problem in references:
        findings.append(Finding(parse_path(problem.path), reference_message(problem.message)))
    return findings


def parse_path(text: str) -> Path:
    """`groups[3].members[1]` as `("groups", 3, "members", 1)`."""
    if text == "(document)":
        return ()
    return tuple(
        int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text)
    )


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


_PATTERNS = {
    wire.ID_PATTERN: _l('"%(value)s" is not an id: use letters a-z, digits, "-", "_" and ".".'),
    wire.LANGUAGE_PATTERN: _l('"%(value)s" is not a language code like "fi" or "ar".'),
    wire.CLOCK_RANGE: _l('"%(value)s" is not a time range like 08:00-16:00.'),
}
_LIMITS = {
    "greater_than_equal": ("ge", _l("Must be at least %(limit)s.")),
    "greater_than": ("gt", _l("Must be more than %(limit)s.")),
    "less_than_equal": ("le", _l("Must be at most %(limit)s.")),
    "less_than": ("lt", _l("Must be less than %(limit)s.")),
    "too_short": ("min_length", _l("Give at least %(limit)s.")),
    "string_too_long": ("max_length", _l("At most %(limit)s characters.")),
}
_TYPES = {
    "int_from_float": _l("Must be a whole number."),
    "int_type": _l("Must be a whole number."),
    "int_parsing": _l("Must be a whole number."),
    "float_type": _l("Must be a number."),
    "float_parsing": _l("Must be a number."),
    "literal_error": _l("Not one of the allowed values."),
    "extra_forbidden": _l("Not a known field."),
    "period": _l("The period ends before it starts, or mixes a date with a date and time."),
}


def field_message(item: Any) -> str:
    """A pydantic error of one field in words the coordinator reads."""
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    if kind == "missing" or (value is None and kind.endswith("_type")):
        return _("Required.")
    if kind == "string_pattern_mismatch":
        text = _PATTERNS.get(ctx.get("pattern"), _l('"%(value)s" is not in the expected form.'))
        return str(text) % {"value": _shown(value)}
    if kind in ("date", "datetime"):
        return _('"%(value)s" is not a calendar date.', value=_shown(value))
    if kind == "time_range":
        return _(
            '"%(value)s" must end after it starts, between 00:00 and 24:00.', value=_shown(value)
        )
    if kind in _LIMITS:
        key, text = _LIMITS[kind]
        return str(text) % {"limit": ctx.get(key)}
    if kind in _TYPES:
        return str(_TYPES[kind])
    return str(item["msg"])


def reference_message(message: str) -> str:
    """A whole-document problem in the user's language (the planner writes English)."""
    if found := re.fullmatch(r'no (.+) "(.+)"', message):
        noun = documents.noun_of(found.group(1))
        return _('There is no %(noun)s "%(id)s".', noun=noun, id=found.group(2))
    if found := re.fullmatch(r'"(.+)" is listed twice', message):
        return _('"%(id)s" is listed twice.', id=found.group(1))
    if found := re.fullmatch(r'id "(.+)" is already used by (.+)', message):
        return _(
            'The id "%(id)s" is already used by %(other)s.', id=found.group(1), other=found.group(2)
        )
    if found := re.fullmatch(r"(\S+) is in the future \(today is \S+\)", message):
        return _("%(date)s is in the future.", date=values.date_text(found.group(1)))
    if message == "an on-site interpreter needs at least one area":
        return _("An interpreter who is not remote needs at least one area.")
    if found := re.fullmatch(r'the group already speaks "(.+)"', message):
        return _('The group already speaks "%(code)s".', code=found.group(1))
    if found := re.fullmatch(r'"(.+)" is not among the need\'s staff', message):
        return _('"%(id)s" is not among the staff chosen for this need.', id=found.group(1))
    return message
