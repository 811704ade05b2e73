"""The organisation's carers: their weekly availability and absences for the coming weeks.

A partner changes only these two things, and only of its own carers. A change takes the
coordinator's road (`web.masterdata.records`): the whole master data is validated, then
merged all or nothing by the importer, which logs it as `partner:<username>`. A save on a
version of the carer older than the stored one (the coordinator, or another user of the
partner, saved meanwhile) is refused as the coordinator's forms refuse it (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FormField

from planner.domain.timeparts import WEEKDAYS
from planner.formats.values import periods_text
from planner.store.db import StaleRecord, StoreError
from web import database
from web.masterdata import conflicts, records
from web.masterdata.fields import WEEKDAY_LABELS, WindowsForm, periods_field, windows_data
from web.masterdata.forms import RecordForm, error_list, place
from web.masterdata.people_forms import PERIODS_HINT, WINDOWS_HINT
from web.masterdata.records import Entity
from web.partner import actor, bp, partner_id
from web.shiftviews import now


def ended(period: dict[str, str], today: dt.date) -> bool:
    """Whether a period ended before today (its ISO text compares as dates do)."""
    return period["end"][:10] < today.isoformat()


def coming(periods: list[dict[str, str]], today: dt.date) -> list[dict[str, str]]:
    """The periods that have not ended before today."""
    return [p for p in periods if not ended(p, today)]


class CarerTimesForm(RecordForm):
    """A carer's weekly availability and coming absences; past absences are kept as they are."""

    available = FormField(WindowsForm, _l("Weekly availability"))
    absent = periods_field(_l("Absences"))

    sections = (
        (_l("When the carer can work"), ("available",)),
        (_l("Absences in the coming weeks"), ("absent",)),
    )
    hints = {"available": WINDOWS_HINT, "absent": PERIODS_HINT}

    def __init__(
        self,
        doc: dict[str, Any],
        entity: Entity,
        today: dt.date,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.today = today
        super().__init__(doc, entity, version, **kwargs)

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return {
            "available": windows_data(entity["available"]),
            "absent": coming(entity["absent"], self.today),
        }

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        past = [p for p in self.before["absent"] if ended(p, self.today)]
        # The typed periods come first, so a problem's line number is the line typed.
        return self.before | {
            "available": self.available.form.windows(),
            "absent": [*(self.absent.data or []), *past],
        }


def _document() -> dict[str, Any]:
    try:
        return records.document(database.session(), now().date())
    except StoreError:
        abort(404)  # no master data yet: there are no carers to show


def _own(doc: dict[str, Any]) -> list[Entity]:
    carers = [c for c in records.all_of(doc, "carers") if c["partner"] == partner_id()]
    return sorted(carers, key=lambda c: c["name"].casefold())


def _windows(entity: Entity) -> list[tuple[Any, str]]:
    days = entity["available"]
    return [(WEEKDAY_LABELS[day], ", ".join(days[day])) for day in WEEKDAYS if day in days]


@bp.get("/carers")
def carers():
    """The organisation's carers with their weekly times and coming absences."""
    today = now().date()
    rows = [
        {
            "carer": carer,
            "windows": _windows(carer),
            "absences": periods_text(coming(carer["absent"], today)).splitlines(),
        }
        for carer in _own(_document())
    ]
    return render_template("partner/carers.html", rows=rows)


def _own_carer(doc: dict[str, Any], carer_id: str) -> Entity:
    found = records.find(doc, "carers", carer_id)
    if found is None or found[1]["partner"] != partner_id():
        abort(404)  # another organisation's carer is not even said to exist
    return found[1]


@bp.route("/carers/<carer_id>", methods=["GET", "POST"])
def carer(carer_id: str):
    """One carer's weekly availability and coming absences, to change."""
    doc = _document()
    entity = _own_carer(doc, carer_id)
    session = database.session()
    version = records.version_of(session, "carers", carer_id)
    form = CarerTimesForm(doc, entity, now().date(), version)
    general: list[str] = []
    valid = form.validate_on_submit()
    if conflicts.stale(form, version):
        return _conflict_page(doc, entity, version, form)
    if valid:
        try:
            path, findings = records.save(
                session, doc, "carers", form.read(doc, carer_id), actor(), version
            )
        except StaleRecord:  # saved by someone else between reading and writing
            doc = _document()
            entity = _own_carer(doc, carer_id)
            return _conflict_page(
                doc, entity, records.version_of(session, "carers", carer_id), form
            )
        if not findings:
            session.commit()
            flash(_("Saved: %(name)s.", name=entity["name"]), "info")
            return redirect(url_for("partner.carers"))
        general = place(form, findings, path)
    failed = request.method == "POST" and (bool(error_list(form)) or bool(general))
    page = render_template(
        "partner/carer.html", form=form, entity=entity, errors=error_list(form), general=general
    )
    return page, 400 if failed else 200


def _conflict_page(doc: dict[str, Any], entity: Entity, version: int | None, form: CarerTimesForm):
    """409: the carer was saved by someone else since the form was opened; nothing is saved."""
    if version is None:
        abort(404)
    saved = CarerTimesForm(doc, entity, form.today, version, formdata=None)
    clash = conflicts.conflict(database.session(), "carers", entity["id"], version, saved, form)
    page = render_template(
        "partner/carer.html",
        form=form,
        entity=entity,
        errors=error_list(form),
        general=[],
        conflict=clash,
    )
    return page, 409
