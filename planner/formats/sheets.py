"""Reading a spreadsheet file into a table: CSV (UTF-8, any of `;` `,` tab) or XLSX's first sheet.

What cannot be read is a `SheetError` in words the coordinator can act on, e.g. how to save
the file from Excel; nothing here knows what the columns mean.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from planner.formats.texts import gettext as _

MAX_ROWS = 5000
# A file read from disk may be as large as the web's uploads (`MAX_CONTENT_LENGTH`).
MAX_FILE_BYTES = 8 * 1024 * 1024
Cell = object
# An upload's limits before openpyxl sees it: a 1 MB workbook can unpack to 231 MB (a zip
# bomb) and cost half a minute of parsing. A people list of MAX_ROWS rows is a few MB.
MAX_XLSX_UNPACKED = 40 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_XLSX_SHEETS = 50
MAX_COLUMNS = 200
MAX_CELLS = (MAX_ROWS + 1) * MAX_COLUMNS
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"')


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


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook too large once unpacked, or with too many sheets, rows or cells.

    Read from the zip's directory and the first sheet's `<dimension>` alone, so it costs
    milliseconds whatever the file would expand to.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_XLSX_MEMBERS:
                raise SheetError(_("The workbook holds too many parts to be a people list."))
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_XLSX_UNPACKED:
                raise SheetError(
                    _(
                        "The workbook unpacks to %(size)s MB, more than the %(limit)s MB a "
                        "people list may be.",
                        size=unpacked // 2**20,
                        limit=MAX_XLSX_UNPACKED // 2**20,
                    )
                )
            sheets = sorted(
                member.filename
                for member in members
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
            )
            if len(sheets) > MAX_XLSX_SHEETS:
                raise SheetError(_("The workbook has more than %(n)s sheets.", n=MAX_XLSX_SHEETS))
            if sheets:
                with archive.open(sheets[0]) as sheet:
                    head = sheet.read(4096)
                _check_dimension(head)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise SheetError(_("The file is not an .xlsx workbook that can be read.")) from None


def _check_dimension(head: bytes) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return  # no <dimension>: the row and column limits of reading still hold
    column_letters, last_row = found.group(1).decode(), int(found.group(2))
    columns = 0
    for letter in column_letters:
        columns = columns * 26 + ord(letter) - ord("A") + 1
    if last_row > MAX_ROWS + 1 or columns > MAX_COLUMNS or last_row * columns > MAX_CELLS:
        raise SheetError(
            _(
                "The first sheet has %(rows)s rows and %(columns)s columns, more than a "
                "people list of at most %(n)s rows may have; split it.",
                rows=last_row,
                columns=columns,
                n=MAX_ROWS,
            )
        )


def _xlsx_rows(data: bytes) -> list[list[Cell]]:
    import openpyxl

    check_xlsx(data)
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
