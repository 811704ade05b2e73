"""Reading a spreadsheet file into a table: CSV (UTF-8, any of `;` `,` tab) or XLSX's first sheet.

What cannot be read is a `SheetError` in words the coordinator can act on, e.g. how to save
the file from Excel; nothing here knows what the columns mean.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

MAX_ROWS = 5000
Cell = object


class SheetError(ValueError):
    """A file that is not a readable spreadsheet."""


@dataclass
class Table:
    """A sheet's header row and its data rows, each with its row number as the sheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def read_table(filename: str, data: bytes) -> Table:
    """The table of an uploaded `.csv` or `.xlsx` file."""
    name = (filename or "").lower()
    if not data.strip():
        raise SheetError(_("The file is empty."))
    if name.endswith((".xls", ".ods", ".numbers", ".xlsm", ".xlsb")):
        raise SheetError(
            _(
                "This kind of spreadsheet cannot be read: save it as .xlsx or as "
                "CSV UTF-8 and upload that."
            )
        )
    if name.endswith(".xlsx"):
        return _table(_xlsx_rows(data))
    if name.endswith((".csv", ".txt")):
        if data.startswith(b"PK\x03\x04"):
            raise SheetError(_("The file is an Excel workbook named .csv: upload it as .xlsx."))
        return _table(_csv_rows(data))
    raise SheetError(_("Upload a .csv or .xlsx file; %(name)s is neither.", name=filename))


def _csv_rows(data: bytes) -> list[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError:
        raise SheetError(
            _(
                'The file is not UTF-8 text. In Excel choose "Save as" and the type '
                '"CSV UTF-8 (comma delimited)".'
            )
        ) from None
    if "\x00" in text:
        raise SheetError(_("The file is not text: upload a .csv or .xlsx file."))
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if first.lower().startswith("sep=") and len(first) == 5:
        # Excel's own hint line names the separator; it is not part of the table.
        delimiter, text = first[4], text.lstrip().split("\n", 1)[-1]
    else:
        # Excel writes ";" where the decimal mark is a comma, as in Finland.
        delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise SheetError(_("The CSV file cannot be read: %(why)s", why=str(error))) from None


def _xlsx_rows(data: bytes) -> list[list[Cell]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    with warnings.catch_warnings():
        # Files from other programs make openpyxl warn about styles it ignores anyway.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise SheetError(_("The file is not an .xlsx workbook that can be read.")) from None
        try:
            if not book.worksheets:
                raise SheetError(_("The workbook has no sheets."))
            rows = []
            for row in book.worksheets[0].iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            book.close()
    return rows


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(rows: list[list[Cell]]) -> Table:
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if not all(map(_blank, row))]
    if not numbered:
        raise SheetError(_("The file is empty."))
    header_row = numbered[0][1]
    headers = ["" if _blank(cell) else str(cell).strip() for cell in header_row]
    while headers and not headers[-1]:
        headers.pop()
    data = numbered[1:]
    if not data:
        raise SheetError(_("The file has a header row but no people under it."))
    if len(data) > MAX_ROWS:
        raise SheetError(_("The file has more than %(n)s rows; split it.", n=MAX_ROWS))
    table = Table(headers)
    for number, row in data:
        cells = [cell.strip() if isinstance(cell, str) else cell for cell in row]
        table.rows.append((number, (cells + [None] * len(headers))[: len(headers)]))
    return table
