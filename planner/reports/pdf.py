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
    say = words(language)
    title, period = say("Activity report"), report.period.label()
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"{report.names.organisation}: {title} {period}"))
    pdf.set_creator("Kotoplan")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    _line(pdf, report.names.organisation, height=9)
    pdf.set_font(FONT, "", 12)
    _line(pdf, f"{title}, " + say("Period {period}", period=period).lower())
    pdf.set_font(FONT, "I", 8)
    _line(
        pdf,
        say("Made with Kotoplan on {date}", date=_finnish_date(today or dt.date.today())),
        height=5,
    )
    pdf.ln(2)

    _heading(pdf, say("Figures"))
    areas = list(report.by_area.items())
    header = [say("Municipality"), *[report.names.area(a) for a, _ in areas], say("Total")]
    columns = [f for _, f in areas] + [report.total]
    rows = [
        [say.figure(key), *[number(getattr(f, key), language) for f in columns]]
        for key in SCALAR_KEYS
    ]
    rows.append(
        [say.figure("childcare_hours"), *[number(f.childcare_hours, language) for f in columns]]
    )
    _table(pdf, header, rows)

    _heading(pdf, say("Childcare hours by partner"))
    partners = report.total.childcare_hours_by_partner
    _table(
        pdf,
        [say("Partner"), say("Hours")],
        [[report.names.partner(p), number(h, language)] for p, h in partners.items()],
        empty=say("Nothing recorded in this period."),
    )

    _heading(pdf, say("Attendance rate by group"))
    rates = report.total.attendance_rate
    _table(
        pdf,
        [say("Group"), say("Present")],
        [[report.names.group(g), percent(r, language)] for g, r in rates.items()],
        empty=say("Nothing recorded in this period."),
    )

    _heading(pdf, say("ESF indicators: participants who started in the period"))
    _line(pdf, say("Starters") + f": {report.esf.starters}")
    if report.esf.starters:  # else only zeros: the tables are left out
        _table(
            pdf,
            [say("Question"), say("Answer"), say("Count")],
            [
                [row.question if row.field != before else "", row.answer, str(row.count)]
                for row, before in _with_previous(report.esf.rows(language))
            ],
        )
        _heading(pdf, say("Common output indicators (Regulation (EU) No 1304/2013, Annex I)"))
        _table(
            pdf,
            [say("Indicator"), say("Count")],
            [[text, str(count)] for _name, text, count in report.esf.indicator_rows(language)],
        )

    _heading(pdf, say("STEA summary"))
    stea = [[say.figure(key), number(v, language)] for key, v in report.stea.rows()]
    _table(pdf, [say("Item"), say("Value")], stea)
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
