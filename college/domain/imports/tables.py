"""Spreadsheets in and out: XLSX (openpyxl) and CSV, the first row holding the (Chinese) headers.

CSV is read as UTF-8 (with or without the BOM Excel writes) or, failing that, GB18030 — what a Chinese
Excel saves by default — and written as UTF-8 with a BOM so Excel shows the Chinese correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 20_000  # a community's spreadsheet; anything larger is a mistake or an attack
MAX_COLUMNS = 100  # the widest import has a dozen columns
MAX_BYTES = 10 * 1024 * 1024
MAX_INFLATED_BYTES = 100 * 1024 * 1024  # what an XLSX's parts may declare, all together, once unzipped
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")


class TableError(ValueError):
    """The file cannot be read as a table at all (not a row-level problem)."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as Excel shows it, header → cell text)


def read_table(data: bytes, filename: str) -> Table:
    """The table in an uploaded ``.xlsx`` or ``.csv`` file; blank rows are skipped."""
    if len(data) > MAX_BYTES:
        raise TableError(_("The file is larger than 10 MB."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        grid = _xlsx_rows(data)
    elif name.endswith(".csv"):
        grid = _csv_rows(data)
    else:
        raise TableError(_("Upload an .xlsx or .csv file."))
    if not grid:
        raise TableError(_("The file is empty: the first row must hold the column headers."))
    if len(grid[0]) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    headers = [h.strip() for h in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append(
            (number, {h: (_unquoted(cells[i]).strip() if i < len(cells) else "") for i, h in enumerate(headers) if h})
        )
        if len(rows) > MAX_ROWS:
            raise TableError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    return Table(headers=[h for h in headers if h], rows=rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.strftime("%H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_xlsx_bounds(data: bytes) -> None:
    """Refuse a zip bomb from the zip directory alone, before openpyxl opens anything: the parts' declared sizes
    (zipfile never inflates past them) and each worksheet's declared dimension."""
    unreadable = TableError(_("This is not an Excel (.xlsx) file that can be read."))
    too_large = TableError(_("The spreadsheet unpacks to more than 100 MB: save only the table you import."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    with archive:
        parts = archive.infolist()
        if len(parts) > 1000 or sum(part.file_size for part in parts) > MAX_INFLATED_BYTES:
            raise too_large
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                try:
                    with archive.open(part) as sheet:
                        head = sheet.read(4096)
                except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                    raise unreadable from None
                _check_dimension(head)


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_column, last_row = (match[3], match[4]) if match[3] else (match[1], match[2])
    if last_row and int(last_row) > MAX_ROWS + 1:
        raise TableError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    if last_column and column_index_from_string(last_column.decode()) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})


def _xlsx_rows(data: bytes) -> list[list[str]]:
    check_xlsx_bounds(data)
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it ignores anyway
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise TableError(_("This is not an Excel (.xlsx) file that can be read.")) from None
    try:
        sheet = book.worksheets[0]
        grid = []
        sheet.reset_dimensions()  # a missing or false dimension must not pad every row to it
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
                raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
            values = list(row[:MAX_COLUMNS])
            while values and values[-1] is None:
                values.pop()
            grid.append([_cell_text(v) for v in values])
            if len(grid) > MAX_ROWS + 1:
                raise TableError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
        return grid
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise TableError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise TableError(_("This is not a CSV text file."))
    try:
        return [row for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """A workbook of (title, headers, rows) sheets, headers in bold, columns wide enough for Chinese."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(rows, start=2):
            values = [_storable(value) for value in row]
            sheet.append(values)
            for column, value in enumerate(values, start=1):
                if _formula_like(value):  # the cell by its address: sheet[row] scans the whole sheet each time
                    cell = sheet.cell(row=number, column=column)
                    cell.data_type = "s"  # text, never a formula
                    cell.quotePrefix = True  # and Excel or WPS keeps it text when the cell is edited
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, 2 * len(header) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _storable(value: object) -> object:
    """Text without the control characters a worksheet cannot hold (they can come from old or pasted data)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV injection list


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _neutral(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading ' (shown by none; stripped on import)."""
    return "'" + value if _formula_like(value) else value  # type: ignore[operator]


def _unquoted(value: str) -> str:
    """The cell as it was before ``_neutral``."""
    return value[1:] if value.startswith("'") and _formula_like(value[1:]) else value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_neutral(h) for h in headers])
    writer.writerows([_neutral(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
