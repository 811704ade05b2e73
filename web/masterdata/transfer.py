"""Scenario JSON in and out: import a whole scenario's master data, export a week's scenario."""

from __future__ import annotations

import datetime as dt
import json

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from planner.domain.timeparts import iso_week, parse_week
from planner.formats import jsonlimits
from planner.formats.jsonlimits import JsonLimitError
from planner.formats.problems import InvalidDocument, Problem
from planner.formats.scenario import dump_scenario
from planner.store.db import StoreError
from planner.store.master import ImportReport, export_scenario, import_scenario
from web import database
from web.masterdata import bp
from web.masterdata.views import actor

REPORT_KINDS = [
    ("settings", _l("Organisation and settings")),
    ("closed_dates", _l("Closed dates")),
    ("areas", _l("Areas")),
    ("travel_minutes", _l("Travel times")),
    ("venues", _l("Venues")),
    ("staff", _l("Staff")),
    ("partners", _l("Partners")),
    ("carers", _l("Carers")),
    ("participants", _l("Participants")),
    ("groups", _l("Groups")),
    ("guidance", _l("Guidance needs")),
    ("interpreters", _l("Interpreters")),
]


class ImportForm(FlaskForm):
    file = FileField(_l("Scenario file (JSON)"), validators=[FileRequired()])
    replace = BooleanField(_l("Also remove the records that the file does not hold"))


def _page(form: ImportForm, **context: object) -> str:
    return render_template(
        "masterdata/transfer.html",
        form=form,
        this_week=iso_week(dt.date.today() + dt.timedelta(days=7)),
        report_kinds=REPORT_KINDS,
        **context,
    )


def _limit_message(error: JsonLimitError) -> str:
    if error.limit == "depth":
        return _(
            "The file cannot be read: it nests deeper than %(n)s levels.", n=jsonlimits.MAX_DEPTH
        )
    return _(
        "The file cannot be read: it holds a number longer than %(n)s characters, "
        "or one that is not a finite number.",
        n=jsonlimits.MAX_NUMBER_LENGTH,
    )


@bp.route("/import", methods=["GET", "POST"])
def import_json():
    """Import a scenario file's master data, all or nothing, and show what it changed."""
    form = ImportForm()
    report: ImportReport | None = None
    problems: list[Problem] = []
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            data = jsonlimits.loads(raw.decode("utf-8-sig"))
        except JsonLimitError as error:
            # A file no scenario looks like: 200,000 nested "[" or a 5,001-digit number.
            problems = [Problem(form.file.data.filename or "", _limit_message(error))]
        except UnicodeDecodeError:
            problems = [Problem(form.file.data.filename or "", _("The file is not UTF-8 text."))]
        except json.JSONDecodeError as error:
            where = f"{form.file.data.filename}:{error.lineno}:{error.colno}"
            problems = [Problem(where, _("The file is not JSON: %(why)s", why=error.msg))]
        else:
            session = database.session()
            try:
                report = import_scenario(session, data, actor(), replace=form.replace.data)
            except InvalidDocument as error:
                session.rollback()
                problems = error.problems
            else:
                session.commit()
    failed = request.method == "POST" and (bool(problems) or bool(form.errors))
    return _page(form, report=report, problems=problems), 400 if failed else 200


@bp.get("/export")
def export_json():
    """The complete scenario of one ISO week as a JSON download."""
    week = request.args.get("week", "").strip()
    try:
        parse_week(week)
    except ValueError:
        message = _('"%(week)s" is not a week like 2026-W49.', week=week)
        return _page(ImportForm(), export_error=message), 400
    try:
        scenario = export_scenario(database.session(), week)
    except StoreError:
        return _page(ImportForm(), export_error=_("There is no master data to export yet.")), 400
    except InvalidDocument as error:
        return _page(ImportForm(), export_problems=error.problems, week=week), 400
    body = json.dumps(dump_scenario(scenario), ensure_ascii=False, indent=2) + "\n"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="kotoplan-{week}.json"'},
    )
