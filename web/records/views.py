"""The coordinator's pages of participant records: the list, a record, the export, the
read log and erasure on request."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.records import store
from planner.records.entry import ENTRY_FIELDS, InvalidRecord, answered
from planner.records.erasure import erase_person
from planner.store.db import StaleRecord
from planner.store.models import utcnow
from web import database
from web.masterdata.forms import error_list
from web.records import bp
from web.records.forms import LABELS, PURPOSE_LABELS, RecordForm, answer_text

READS_SHOWN = 200
MAX_ID = 120  # the length of an id column
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def actor() -> str:
    """Who reads or changes a record, as the logs name them."""
    return f"web:{current_user.username}"


def _today() -> dt.date:
    return utcnow().date()


def _status(row: Any, today: dt.date) -> str:
    """A record's state in the list: none yet, no consent, kept, or past its date."""
    if row is None:
        return "none"
    if row.retain_until is not None and row.retain_until < today:
        return "overdue"
    return "consent" if row.consent_for else "no_consent"


@bp.get("/")
def index():
    """Every participant with their record's consent and retention; no entry data is shown."""
    session = database.session()
    today = _today()
    rows = [(p, r, _status(r, today)) for p, r in store.list_records(session)]
    overdue = sum(1 for _p, _r, status in rows if status == "overdue")
    return render_template(
        "records/index.html", rows=rows, overdue=overdue, purposes=PURPOSE_LABELS
    )


def _view_or_404(session: Any, person: str, logged: bool) -> store.RecordView:
    if len(person) > MAX_ID or "\x00" in person:
        abort(404)  # no id is that long or holds a NUL: no query for it
    try:
        if logged:
            return store.read_record(session, person, actor=actor())
        return store.record_view(session, person)
    except store.RecordError:
        abort(404)


@bp.route("/<person>", methods=["GET", "POST"])
def record(person: str):
    """A participant's record: shown (the read is logged) and edited with a version check."""
    session = database.session()
    view = _view_or_404(session, person, logged=request.method == "GET")
    if request.method == "GET":
        session.commit()  # the read is logged whatever happens next
        return _page(view, RecordForm.of(view))
    form = RecordForm()
    general: list[str] = []
    if form.validate_on_submit():
        try:
            store.save_record(
                session,
                person,
                form.given(),
                actor=actor(),
                now=utcnow(),
                expected=form.version.data,
            )
        except StaleRecord:
            session.rollback()
            return _conflict(session, person, form)
        except InvalidRecord as error:
            session.rollback()
            general = form.place(error.problems)
        else:
            session.commit()
            flash(_("Saved the record of %(name)s.", name=view.name), "info")
            return redirect(url_for("records.record", person=person))
    store.log_read(session, actor(), store.VIEW, person)
    session.commit()
    return _page(view, form, general=general), 400


def _conflict(session: Any, person: str, form: RecordForm):
    """409: someone saved the record after this form was opened; nothing was saved."""
    saved = store.read_record(session, person, actor=actor())
    session.commit()
    theirs = RecordForm.of(saved, formdata=None)
    differ = [
        str(LABELS[name])
        for name in (*ENTRY_FIELDS, "consent_for", "started_on", "ended_on", "retain_until")
        if getattr(theirs, name).data != getattr(form, name).data
    ]
    form.version.data = saved.version
    form.version.raw_data = [str(saved.version)]
    return _page(saved, form, conflict=differ), 409


def _page(view: store.RecordView, form: RecordForm, **extra: Any) -> str:
    return render_template(
        "records/record.html",
        view=view,
        form=form,
        errors=error_list(form),
        general=extra.pop("general", []),
        answers={name: answer_text(value) for name, value in answered(view.entry).items()},
        labels=LABELS,
        entry_fields=ENTRY_FIELDS,
        purposes=PURPOSE_LABELS,
        **extra,
    )


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@bp.get("/export.csv")
def export():
    """Every record as CSV, for the funder's forms; the export is logged as one read."""
    session = database.session()
    rows = store.export_records(session, actor=actor())
    session.commit()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(store.EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in store.EXPORT_COLUMNS])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = f"participant-records-{_today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/reads")
def reads():
    """Who read which record, or exported them all, and when: newest first."""
    rows = store.read_log(database.session(), READS_SHOWN)
    when = {r.id: r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC) for r in rows}
    return render_template("records/reads.html", rows=rows, when=when, shown=READS_SHOWN)


@bp.route("/<person>/erase", methods=["GET", "POST"])
def erase(person: str):
    """Erase a participant on request, once the coordinator types the id to confirm."""
    session = database.session()
    view = _view_or_404(session, person, logged=False)
    problem = None
    if request.method == "POST":
        if request.form.get("confirm", "").strip() != person:
            problem = _("Type the id %(id)s to confirm the erasure.", id=person)
        else:
            done = erase_person(session, person, actor=actor(), now=utcnow())
            session.commit()
            text = _(
                "Erased %(name)s. Attendance is kept under the anonymous key %(key)s.",
                name=view.name,
                key=done.key,
            )
            flash(text, "info")
            return redirect(url_for("records.index"))
    page = render_template("records/erase.html", view=view, problem=problem)
    return page, 400 if problem else 200
