"""What the record forms of every role share: finding the item, reading a form, saving it.

The facilitator's phone page, the guide's visit page and the coordinator's week page post
the same fields; each is read here into a call of `planner.attendance.record`, which
checks and logs it. A refusal names what is wrong in the user's language and carries the
HTTP status the page answers with: 404 for an item that is not in a published plan, 409
for one that has not started or was saved by someone else meanwhile, 400 for bad input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from planner.attendance.items import (
    AttendanceError,
    PublishedItem,
    published_item,
    week_of,
)
from planner.attendance.reading import aware
from planner.attendance.record import (
    CANCELLED,
    CANCELLED_BY,
    DONE,
    HELD,
    MEMBER_STATUSES,
    SESSION_STATUSES,
    VISIT_CANCELLED,
    VISIT_STATUSES,
    group_members,
    record_session,
    record_visit,
)
from planner.store import models as m
from planner.store.db import StaleRecord
from planner.store.plans import published
from web import errors
from web.i18n import finnish
from web.inputs import db_int

REASON_LENGTH = 500
MAX_CHILDREN = 200
MAX_MINUTES = 24 * 60
NOBODY = ""  # the "nobody else" choice of a who-else-came list

MEMBER_WORDS = {"present": _l("present"), "absent": _l("absent"), "excused": _l("excused")}
SESSION_WORDS = {HELD: _l("held"), CANCELLED: _l("cancelled")}
VISIT_WORDS = {DONE: _l("done"), VISIT_CANCELLED: _l("cancelled"), "no_show": _l("no-show")}
CANCELLED_BY_WORDS = {
    "participant": _l("by the participant"),
    "staff": _l("by the staff"),
    "other": _l("for another reason"),
}

T = TypeVar("T")


class Refused(Exception):
    """A record that is not made: the status to answer with and the reason, translated."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field

    def answer(self):
        """The refusal as the client expects it: an error page, or JSON."""
        fields = {"field": self.field} if self.field else {}
        return errors.answer(self.status, self.message, **fields)


@dataclass
class Conflict:
    """A save refused because someone else saved the record after the form was opened."""

    by: str
    at: dt.datetime | None


def find_item(session: Session, item_id: str, kind: str) -> PublishedItem:
    """The session or visit of a published plan; Refused(404) saying why there is none."""
    try:
        week = week_of(item_id)
    except AttendanceError:
        raise Refused(404, _("%(item)s is not a session or visit.", item=item_id)) from None
    if published(session, week) is None:
        raise Refused(404, _("The plan of week %(week)s is not published.", week=week))
    try:
        item = published_item(session, item_id)
    except AttendanceError:
        raise Refused(
            404, _("%(item)s is not in the published plan of its week.", item=item_id)
        ) from None
    if item.kind != kind:
        raise Refused(404, _("%(item)s is not in the published plan of its week.", item=item_id))
    return item


def started(item: PublishedItem, moment: dt.datetime) -> bool:
    return moment >= item.start


def require_started(item: PublishedItem, moment: dt.datetime) -> None:
    """Refused(409) for an item that has not started: nothing has happened yet."""
    if not started(item, moment):
        raise Refused(
            409,
            _(
                "This has not started yet: what happened can be recorded once it starts "
                "(%(when)s).",
                when=finnish(item.start),
            ),
        )


def wanted_version(form: MultiDict) -> int:
    """The record version a form was filled in on: 0 when there was no record yet."""
    text = form.get("version", "")
    if text == "0":
        return 0
    number = db_int(text)
    if number is None:
        raise Refused(400, _("version: the form is not complete; open the page again."), "version")
    return number


def retrying(session: Session, save: Callable[[], T]) -> T:
    """Save once more if two saves created the same record at once (its key taken)."""
    try:
        return save()
    except IntegrityError:
        session.rollback()
        return save()


def _people(form: MultiDict, name: str, extra: str, known: set[str]) -> list[str]:
    chosen = [value for value in form.getlist(name) if value]
    more = form.get(extra, NOBODY)
    if more:
        chosen.append(more)
    unknown = [value for value in chosen if value not in known]
    if unknown:
        raise Refused(
            400, _("%(field)s: unknown %(ids)s", field=name, ids=", ".join(unknown)), name
        )
    return list(dict.fromkeys(chosen))


@dataclass
class SessionInput:
    """The session form as it was posted, checked."""

    status: str
    reason: str | None
    children: int | None
    facilitators: list[str]
    carers: list[str]
    members: dict[str, str] = field(default_factory=dict)


def read_session_form(session: Session, item: PublishedItem, form: MultiDict) -> SessionInput:
    """The posted session form, or Refused(400) naming the field that is wrong."""
    status = form.get("status", HELD)
    if status not in SESSION_STATUSES:
        raise Refused(400, _("status: choose held or cancelled."), "status")
    reason = (form.get("reason") or "").strip() or None
    if status == CANCELLED and not reason:
        raise Refused(400, _("reason: say why the session was cancelled."), "reason")
    if reason and len(reason) > REASON_LENGTH:
        raise Refused(
            400, _("reason: at most %(limit)s characters.", limit=REASON_LENGTH), "reason"
        )
    children = None
    text = (form.get("children") or "").strip()
    if text:
        if not text.isascii() or not text.isdigit() or int(text) > MAX_CHILDREN:
            raise Refused(
                400,
                _("children: a number of children from 0 to %(max)s.", max=MAX_CHILDREN),
                "children",
            )
        children = int(text)
    staff = set(session.scalars(sa.select(m.StaffMember.id)))
    carers = set(session.scalars(sa.select(m.Carer.id)))
    members: dict[str, str] = {}
    if status == HELD:
        allowed = set(group_members(session, item.doc["group"]))
        for key, value in form.items(multi=True):
            if not key.startswith("member:"):
                continue
            person = key.removeprefix("member:")
            if person not in allowed or value not in MEMBER_STATUSES:
                raise Refused(
                    400, _("members: %(person)s cannot be marked so.", person=person), key
                )
            members[person] = value
    return SessionInput(
        status=status,
        reason=reason if status == CANCELLED else None,
        children=children,
        facilitators=_people(form, "facilitators", "facilitator_extra", staff),
        carers=_people(form, "carers", "carer_extra", carers),
        members=members,
    )


def save_session(
    session: Session, item: PublishedItem, form: MultiDict, actor: str, moment: dt.datetime
) -> m.SessionRecord:
    """Record the posted session form; Refused, the session rolled back, if it cannot be."""
    require_started(item, moment)
    version = wanted_version(form)
    given = read_session_form(session, item, form)

    def save() -> m.SessionRecord:
        return record_session(
            session,
            item.id,
            actor=actor,
            now=moment,
            status=given.status,
            reason=given.reason or "",
            members=given.members or None,
            children=given.children,
            facilitators=given.facilitators,
            carers=given.carers,
            expected_version=version,
        ).row

    return _saved(session, lambda: retrying(session, save), m.SessionRecord, item.id)


@dataclass
class VisitInput:
    status: str
    cancelled_by: str | None
    minutes: int | None
    interpreter: str | None


def read_visit_form(session: Session, form: MultiDict) -> VisitInput:
    """The posted visit form, or Refused(400) naming the field that is wrong."""
    status = form.get("status", "")
    if status not in VISIT_STATUSES:
        raise Refused(400, _("status: choose done, cancelled or no-show."), "status")
    cancelled_by = form.get("cancelled_by") or None
    if status == VISIT_CANCELLED:
        if cancelled_by not in CANCELLED_BY:
            raise Refused(400, _("cancelled_by: say who cancelled the visit."), "cancelled_by")
    else:
        cancelled_by = None
    minutes = interpreter = None
    if status == DONE:
        text = (form.get("minutes") or "").strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
            raise Refused(
                400,
                _("minutes: the visit's length in minutes, 1 to %(max)s.", max=MAX_MINUTES),
                "minutes",
            )
        minutes = int(text)
        interpreter = form.get("interpreter") or None
        if interpreter is not None and session.get(m.Interpreter, interpreter) is None:
            raise Refused(400, _("interpreter: unknown %(id)s", id=interpreter), "interpreter")
    return VisitInput(status, cancelled_by, minutes, interpreter)


def save_visit(
    session: Session, item: PublishedItem, form: MultiDict, actor: str, moment: dt.datetime
) -> m.VisitRecord:
    """Record the posted visit form; Refused, the session rolled back, if it cannot be."""
    require_started(item, moment)
    version = wanted_version(form)
    given = read_visit_form(session, form)
    extra: dict[str, Any] = {"interpreter": given.interpreter} if given.status == DONE else {}

    def save() -> m.VisitRecord:
        return record_visit(
            session,
            item.id,
            actor=actor,
            now=moment,
            status=given.status,
            cancelled_by=given.cancelled_by,
            minutes=given.minutes,
            expected_version=version,
            **extra,
        ).row

    return _saved(session, lambda: retrying(session, save), m.VisitRecord, item.id)


class Stale(Refused):
    """409: the record was saved by someone else since the form was opened."""

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(
            409,
            _(
                "Not saved: %(who)s saved this record on %(when)s, after you opened the form. "
                "Nothing of yours has been saved; check the values and save again.",
                who=conflict.by,
                when=finnish(conflict.at) if conflict.at else "?",
            ),
        )
        self.conflict = conflict


def _saved(session: Session, save: Callable[[], T], model: type, key: str) -> T:
    try:
        return save()
    except StaleRecord:
        session.rollback()
        row = session.get(model, key)
        at = aware(row.recorded_at) if row is not None and row.recorded_at else None
        raise Stale(Conflict(by=row.recorded_by if row else "?", at=at)) from None
    except AttendanceError as error:
        session.rollback()
        raise Refused(400, _("Not saved: %(why)s", why=str(error)), error.field) from None


def member_names(session: Session, people: list[str]) -> dict[str, str]:
    """Participants' names by id (only for the coordinator and the group's facilitators)."""
    if not people:
        return {}
    rows = session.execute(
        sa.select(m.Participant.id, m.Participant.name).where(m.Participant.id.in_(people))
    )
    return dict(rows.all())


def names(session: Session, model: type) -> dict[str, str]:
    """Every id and name of a kind of master data (staff, carers, interpreters)."""
    return dict(session.execute(sa.select(model.id, model.name).order_by(model.name)).all())
