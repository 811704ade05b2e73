"""A save refused because someone else saved the record meanwhile, and what differs.

Every record form carries the version of the record it was filled in on. A save on an
older version is answered 409: nothing is written, the form comes back as the user filled
it in, the other person's saved values stand beside the user's field by field, and the
form's version moves on to the saved one, so that Save applies the user's values over
theirs knowingly and reloading the form takes theirs. Values are compared as the form
shows them, the saved record's through a form filled from it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from wtforms import BooleanField, Field, FieldList, FormField, SelectFieldBase

from planner.store import models as m
from web.masterdata.forms import RecordForm


@dataclass(frozen=True)
class Difference:
    """One field whose saved value is not the one the user sent."""

    field_id: str
    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    """Who saved the record since the form was opened, and where it differs from the form."""

    version: int
    by: str | None
    at: dt.datetime | None
    differences: tuple[Difference, ...]


def field_text(field: Field) -> str:
    """A field's value as the form shows it, in one comparable text."""
    if isinstance(field, FormField):
        lines = [f"{sub.label.text} {field_text(sub)}" for sub in field if field_text(sub)]
        return "\n".join(lines)
    if isinstance(field, FieldList):
        return "\n".join(text for text in (_child_text(entry) for entry in field) if text)
    if isinstance(field, BooleanField):
        return _("yes") if field.data else _("no")
    if isinstance(field, SelectFieldBase):
        return ", ".join(
            str(label) for _value, label, chosen, *_rest in field.iter_choices() if chosen
        )
    return _normal(field._value())


def _child_text(entry: FormField) -> str:
    """A child's row (a participant's form) as text; empty or removed rows are none."""
    child = entry.form
    if child.remove.data:
        return ""
    born = field_text(child.birth_date)
    if not born:
        return ""
    daycare = _("in daycare") if child.in_daycare.data else _("not in daycare")
    given = _normal(child.child_id._value())
    return f"{born}, {daycare}" + (f" ({given})" if given else "")


def _normal(text: str) -> str:
    """Text without the differences a browser adds: line ends, spaces at the edges."""
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def differences(saved: RecordForm, yours: RecordForm) -> tuple[Difference, ...]:
    """The fields of the form, section by section, where the saved value is not the user's."""
    found = []
    for _legend, names in yours.sections:
        for name in names:
            if name not in yours or name not in saved:
                continue
            theirs, mine = field_text(saved[name]), field_text(yours[name])
            if theirs != mine:
                label = str(yours[name].label.text)
                found.append(Difference(yours[name].id, label, theirs or "–", mine or "–"))
    return tuple(found)


def last_saved(session: Session, kind: str, ref: str) -> tuple[str | None, dt.datetime | None]:
    """Who saved a record last (a user's display name where known) and when, by the change log."""
    change = session.scalar(
        sa.select(m.Change)
        .where(m.Change.kind == kind, m.Change.ref == ref)
        .order_by(m.Change.id.desc())
        .limit(1)
    )
    if change is None:
        return None, None
    username = change.actor.split(":", 1)[-1]
    name = session.scalar(sa.select(m.User.display_name).where(m.User.username == username))
    return name or username, change.at


def conflict(
    session: Session, kind: str, ref: str, version: int, saved: RecordForm, yours: RecordForm
) -> Conflict:
    """The conflict of a stale save; the user's form is moved on to the saved version."""
    yours.record_version.data = str(version)
    yours.record_version.raw_data = [str(version)]
    by, at = last_saved(session, kind, ref)
    return Conflict(version, by, at, differences(saved, yours))


def stale(form: RecordForm, version: int | None) -> bool:
    """Whether a sent, validated form was filled in on another version than the stored one.

    Call it after validating, so that a form without its CSRF token is refused as such.
    """
    if form.creating or not form.is_submitted() or "csrf_token" in form.errors:
        return False
    return form.sent_version() != version
