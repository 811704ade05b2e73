"""The coordinator's reports: the figures of a period for the funders, charts and downloads.

The page and its downloads show the ESF table, which counts special-category data: only
the coordinator opens them, and each is logged in `record_reads` (the page as a view, an
XLSX or PDF as an export).
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_decimal, format_percent
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from planner.reports.formats import CONTENT_TYPES, FORMATS, WITH_ESF, render
from planner.reports.period import ZONE, Period, PeriodError, parse_period
from planner.reports.query import load_history, load_names
from planner.reports.report import build_report, reached_by_month, weekly_attendance
from planner.reports.texts import words
from planner.store import models as m
from web import database
from web.auth import role_required
from web.i18n import language
from web.reports.charts import line_chart

bp = Blueprint("reports", __name__, url_prefix="/reports")

# The figures a period's table shows, in order; their words are the printed report's own
# (`planner.reports.texts`), so the page, the PDF and the XLSX name them alike.
FIGURES = (
    "participants_reached",
    "new_participants",
    "sessions_held",
    "attendances",
    "group_hours",
    "visits_done",
    "guidance_hours",
)


@bp.before_request
@role_required("coordinator")
def only_coordinators() -> None:
    """Reports hold aggregated ESF data: the coordinator's alone."""


@bp.get("/")
def index():
    """The figures of a period in total and by municipality, the funders' tables, charts."""
    period = _period()
    session = database.session()
    history, names = load_history(session, period), load_names(session)
    report = build_report(history, period, names)
    weeks, weekly = weekly_attendance(history, period)
    months = reached_by_month(history, period.end)
    weeks_shown = [w.rsplit("-", 1)[1] for w in weeks]
    _log_read(session, "view", "page", period)
    say = words(language())
    return render_template(
        "reports/index.html",
        report=report,
        period=period,
        figures={key: say.figure(key) for key in FIGURES},
        stea={key: say.figure(key) for key, _value in report.stea.rows()},
        esf_rows=report.esf.rows(language()),
        formats=FORMATS,
        number=_number,
        percent=_percent,
        weekly_chart=line_chart(
            _("Attendances per week by municipality"),
            weeks_shown,
            {names.area(a): values for a, values in weekly.items()},
            number=_number,
        )
        if weekly
        else None,
        months_chart=line_chart(
            _("Participants reached so far, by month"),
            [_month(month) for month, _count in months],
            {_("Participants reached"): [count for _month_, count in months]},
            number=_number,
        )
        if months
        else None,
    )


@bp.get("/download")
def download():
    """The report of a period as a file: csv, xlsx, pdf or json."""
    period = _period()
    form = request.args.get("format", "")
    if form not in FORMATS:
        abort(400, _("format: one of %(formats)s", formats=", ".join(FORMATS)))
    session = database.session()
    report = build_report(load_history(session, period), period, load_names(session))
    content = render(report, form, language())
    if form in WITH_ESF:
        _log_read(session, "export", form, period)
    name = f"kotoplan-report-{period.start.isoformat()}-{period.end.isoformat()}.{form}"
    return Response(
        content,
        content_type=CONTENT_TYPES[form],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _period() -> Period:
    """The period asked for: from/to, this year so far by default; 400 naming a bad one."""
    today = dt.datetime.now(ZONE).date()
    start = request.args.get("from") or today.replace(month=1, day=1).isoformat()
    end = request.args.get("to") or today.isoformat()
    try:
        return parse_period(start, end)
    except PeriodError as error:
        abort(400, _period_message(error))


def _period_message(error: PeriodError) -> str:
    """The period's problem in the user's language, naming the field."""
    messages = {
        "missing": _("a date is needed (YYYY-MM-DD)"),
        "not_a_date": _("not a date (YYYY-MM-DD)"),
        "out_of_range": _("a date from year 2000 to 2100 is needed"),
        "after_end": _("the start is after the end"),
    }
    field = _("First day") if error.field == "from" else _("Last day")
    return f"{field} ({error.field}): {messages.get(error.reason, error.message)}"


def _log_read(session, what: str, form: str, period: Period) -> None:
    session.add(
        m.RecordRead(
            actor=current_user.username,
            what=what,
            person=None,
            detail={
                "report": form,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
            },
        )
    )
    session.commit()


def _number(value: float | int) -> str:
    return format_decimal(value, locale=language())


def _percent(value: float | None) -> str:
    if value is None:
        return _("no marks")
    return format_percent(value, format="#,##0.0 %", locale=language())


def _month(month: str) -> str:
    year, number = month.split("-")
    return f"{int(number)}/{year[2:]}"
