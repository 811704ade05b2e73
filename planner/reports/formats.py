"""A report written as JSON, CSV or XLSX: the same figures in each.

CSV and the XLSX sheet "figures" have a row for each area and one for the total (`scope`
`area` or `total`), a column per figure of the JSON form, and for the two maps a column per
partner (`childcare_hours_by_partner:<partner id>`) and per group
(`attendance_rate:<group id>`). A cell is empty where the row has no such partner or group,
and `n/a` where a group had no marks (null in JSON). The XLSX also has the sheets "esf"
(field, value as stored, question and answer in words, count; a first row of starters),
"esf_indicators" (indicator, its words, count) and "stea" (figure, value). The CSV holds
the figures only: no entry data, however counted.
"""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Font

from planner.reports.figures import SCALAR_KEYS
from planner.reports.report import Report
from planner.reports.texts import words

CHILDCARE = "childcare_hours_by_partner"
RATE = "attendance_rate"
NO_MARKS = "n/a"
FORMATS = ("json", "csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
WITH_ESF = ("xlsx", "pdf")  # the formats that carry special-category data, however counted


def to_json(report: Report) -> bytes:
    """The JSON form: the total's figures at the top level and `by_area`."""
    return (json.dumps(report.figures_json(), ensure_ascii=False, indent=2) + "\n").encode()


def figure_rows(report: Report) -> list[list[object]]:
    """The figures table: a header, a row per area, the total last."""
    scopes = [("area", area, f) for area, f in report.by_area.items()]
    scopes.append(("total", "", report.total))
    partners = sorted({p for _, _, f in scopes for p in f.childcare_hours_by_partner})
    groups = sorted({g for _, _, f in scopes for g in f.attendance_rate})
    header: list[object] = ["scope", "area", "area_name", *SCALAR_KEYS]
    header += [f"{CHILDCARE}:{p}" for p in partners] + [f"{RATE}:{g}" for g in groups]
    rows = [header]
    for scope, area, f in scopes:
        rows.append(
            [scope, area, report.names.area(area) if area else ""]
            + [getattr(f, key) for key in SCALAR_KEYS]
            + [_cell(f.childcare_hours_by_partner, p) for p in partners]
            + [_cell(f.attendance_rate, g) for g in groups]
        )
    return rows


def to_csv(report: Report) -> bytes:
    """The figures as CSV, UTF-8 with a byte order mark so that Excel reads ä and ö."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(figure_rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report, language: str = "fi") -> bytes:
    """The workbook: sheets "figures", "esf", "esf_indicators" and "stea"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "figures"
    for row in figure_rows(report):
        sheet.append(row)
    esf = book.create_sheet("esf")
    esf.append(["field", "value", "question", "answer", "count"])
    say = words(language)
    esf.append(["starters", None, say("Starters"), None, report.esf.starters])
    for row in report.esf.rows(language):
        esf.append([row.field, row.value, row.question, row.answer, row.count])
    indicators = book.create_sheet("esf_indicators")
    indicators.append(["indicator", "name", "count"])
    for indicator_row in report.esf.indicator_rows(language):
        indicators.append(list(indicator_row))
    stea = book.create_sheet("stea")
    stea.append(["figure", "value"])
    for row in report.stea.rows():
        stea.append(list(row))
    for each in (sheet, esf, indicators, stea):
        for cell in each[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(report: Report, form: str, language: str = "fi") -> bytes:
    """The report in one of FORMATS."""
    if form == "json":
        return to_json(report)
    if form == "csv":
        return to_csv(report)
    if form == "xlsx":
        return to_xlsx(report, language)
    if form == "pdf":
        from planner.reports.pdf import to_pdf  # fpdf2 is read only when a PDF is asked for

        return to_pdf(report, language)
    raise ValueError(f"format: {form!r} is not one of {', '.join(FORMATS)}")


def _cell(values: dict[str, float] | dict[str, float | None], key: str) -> object:
    if key not in values:
        return ""
    value = values[key]
    return NO_MARKS if value is None else value
