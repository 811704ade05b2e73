"""The printable report for a funder's annual report: one PDF, A4, drawn with fpdf2.

fpdf2 ships no TrueType font, so the page uses the PDF core font Helvetica, whose
Latin-1 encoding holds ä, ö and å; any other character is written as "?" rather than
failing the whole report.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from planner.reports.figures import SCALAR_KEYS
from planner.reports.funders import EsfRow
from planner.reports.report import Report
from planner.reports.texts import number, percent, words

FONT = "Helvetica"
LINE = 6


def to_pdf(report: Report, language: str = "fi", today: dt.date | None = None) -> bytes:
    """The report as a PDF document."""
    w = words(language)
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"{report.names.organisation}: {w['title']} {report.period.label()}"))
    pdf.set_creator("Kotoplan")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    _line(pdf, report.names.organisation, height=9)
    pdf.set_font(FONT, "", 12)
    _line(pdf, f"{w['title']}, {w['period'].format(period=report.period.label()).lower()}")
    pdf.set_font(FONT, "I", 8)
    _line(pdf, w["made"].format(date=_finnish_date(today or dt.date.today())), height=5)
    pdf.ln(2)

    _heading(pdf, w["figures"])
    areas = list(report.by_area.items())
    header = [w["area"], *[report.names.area(a) for a, _ in areas], w["total"]]
    columns = [f for _, f in areas] + [report.total]
    rows = [[w[key], *[number(getattr(f, key), language) for f in columns]] for key in SCALAR_KEYS]
    rows.append([w["childcare_hours"], *[number(f.childcare_hours, language) for f in columns]])
    _table(pdf, header, rows)

    _heading(pdf, w["childcare_by_partner"])
    partners = report.total.childcare_hours_by_partner
    _table(
        pdf,
        [w["partner"], w["hours"]],
        [[report.names.partner(p), number(h, language)] for p, h in partners.items()],
        empty=w["none"],
    )

    _heading(pdf, w["attendance_rate"])
    rates = report.total.attendance_rate
    _table(
        pdf,
        [w["group"], w["rate"]],
        [[report.names.group(g), percent(r, language)] for g, r in rates.items()],
        empty=w["none"],
    )

    _heading(pdf, w["esf"])
    _line(pdf, f"{w['starters']}: {report.esf.starters}")
    if report.esf.starters:  # else only zeros: the tables are left out
        _table(
            pdf,
            [w["field"], w["answer"], w["count"]],
            [
                [row.question if row.field != before else "", row.answer, str(row.count)]
                for row, before in _with_previous(report.esf.rows(language))
            ],
        )
        _heading(pdf, w["indicators"])
        _table(
            pdf,
            [w["indicator"], w["count"]],
            [[text, str(count)] for _name, text, count in report.esf.indicator_rows(language)],
        )

    _heading(pdf, w["stea"])
    stea = [[w[key], number(v, language)] for key, v in report.stea.rows()]
    _table(pdf, [w["item"], w["value"]], stea)
    return bytes(pdf.output())


def _with_previous(rows: list[EsfRow]) -> list[tuple[EsfRow, str | None]]:
    """Each row with the field of the row before it: a question is written once."""
    return [(row, rows[n - 1].field if n else None) for n, row in enumerate(rows)]


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(1)
    pdf.set_font(FONT, "B", 12)
    _line(pdf, text, height=8)
    pdf.set_font(FONT, "", 9)


def _line(pdf: FPDF, text: str, height: float = LINE) -> None:
    pdf.cell(0, height, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], empty: str = "") -> None:
    if not rows:
        _line(pdf, empty)
        return
    first = 2.5 if len(header) > 2 else 2.0
    widths = (first, *([1.0] * (len(header) - 1)))
    with pdf.table(col_widths=widths, line_height=LINE, first_row_as_headings=True) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(_text(value))


def _text(text: str) -> str:
    """Text the core font can write: Latin-1, dashes made plain, anything else a "?"."""
    plain = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return plain.encode("latin-1", "replace").decode("latin-1")


def _finnish_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
