"""The forms of an item's page: lock, move and re-staff.

CSRFProtect guards every POST of the app, so these forms leave CSRF to it; each form has a
prefix, since an item's page holds several, and carries the version it was filled in on.
"""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, TimeField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from planner.domain import Role, Scenario, Session, Visit
from web.coordinator.labels import Labels
from web.i18n import ZONE, finnish


class ItemForm(FlaskForm):
    class Meta:
        csrf = False  # CSRFProtect checks the page's csrf_token on every POST

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class MoveForm(ItemForm):
    day = SelectField(_l("Day"), validators=[InputRequired()])
    start = TimeField(_l("Starts at"), validators=[InputRequired()])


class SessionMoveForm(MoveForm):
    venue = SelectField(_l("Venue"), validators=[InputRequired()])


class SessionStaffForm(ItemForm):
    facilitators = SelectMultipleField(_l("Facilitators"))
    carers = SelectMultipleField(_l("Carers"))
    interpreters = SelectMultipleField(_l("Interpreters"))


class VisitStaffForm(ItemForm):
    staff = SelectField(_l("Staff member"), validators=[InputRequired()])
    interpreter = SelectField(_l("Interpreter"))


def _languages(codes: tuple[str, ...]) -> str:
    return ", ".join(codes)


def item_forms(
    scenario: Scenario,
    labels: Labels,
    item: Session | Visit,
    version: int,
    submitted: str | None = None,
) -> dict[str, ItemForm]:
    """The lock, move and staff forms of an item, the submitted one bound to the request."""

    def data(name: str):
        # Only the form that was sent reads the request; the others show the item as it is.
        return request.form if name == submitted else None

    local = item.start.astimezone(ZONE)
    days = [(d.isoformat(), finnish(d, "day")) for d in scenario.horizon.dates()]
    moved = {"version": version, "day": local.date().isoformat(), "start": local.time()}
    forms: dict[str, ItemForm] = {
        "lock": ItemForm(data("lock"), prefix="lock", data={"version": version})
    }
    if isinstance(item, Session):
        move = SessionMoveForm(data("move"), prefix="move", data=moved | {"venue": item.venue})
        group = next((g for g in scenario.groups if g.id == item.group), None)
        venues = list(group.venues if group else ())
        if item.venue not in venues:
            venues.append(item.venue)
        move.venue.choices = [(v, labels.name(v)) for v in venues]
        staff = SessionStaffForm(
            data("staff"),
            prefix="staff",
            data={
                "version": version,
                "facilitators": list(item.facilitators),
                "carers": list(item.carers),
                "interpreters": list(item.interpreters),
            },
        )
        staff.facilitators.choices = [
            (s.id, f"{s.name} ({_languages(s.languages)})")
            for s in scenario.staff
            if Role.FACILITATOR in s.roles
        ]
        staff.carers.choices = [
            (c.id, f"{c.name} ({', '.join(labels.name(a) for a in c.areas)}; {p.name})")
            for p in scenario.partners
            for c in p.carers
        ]
        staff.interpreters.choices = _interpreters(scenario)
    else:
        move = MoveForm(data("move"), prefix="move", data=moved)
        staff = VisitStaffForm(
            data("staff"),
            prefix="staff",
            data={"version": version, "staff": item.staff, "interpreter": item.interpreter or ""},
        )
        staff.staff.choices = [
            (s.id, f"{s.name} ({_languages(s.languages)})")
            for s in scenario.staff
            if Role.GUIDE in s.roles
        ]
        staff.interpreter.choices = [("", _("no interpreter"))] + _interpreters(scenario)
    move.day.choices = days
    forms.update(move=move, staff=staff)
    return forms


def _interpreters(scenario: Scenario) -> list[tuple[str, str]]:
    return [
        (i.id, f"{i.name} ({_languages(i.languages)}{', ' + _('remote') if i.remote else ''})")
        for i in scenario.interpreters
    ]


def chosen_day(form: MoveForm) -> dt.date:
    """The date a move form asks for."""
    return dt.date.fromisoformat(form.day.data)
