"""Every CSV and XLSX file the service writes for people to open, through one door.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK(...)` in a feed's event id would become a live link in the
rejected-rows report, `@SUM(...)` a calculation (OWASP "CSV injection"). `safe_cell` puts a `'` in
front of such text, which spreadsheets show and never run. Numbers (int, Decimal, float) and dates
are written as they are: a credit of -95.00 stays a number.

Apps never call `csv.writer` or openpyxl themselves (tests/test_architecture.py checks): they use
`csv_writer` (a writer whose rows are made safe), `csv_bytes` or `xlsx_bytes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[Any]
Sheet = tuple[str, Row, Iterable[Row]]  # title, header, rows


def safe_cell(value: Any) -> Any:
    """A cell value no spreadsheet will run as a formula: text starting = + - @ tab or CR gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any], *, empty: Any = "") -> list[Any]:
    """A row of safe cells; None becomes `empty` (an empty string in CSV, an empty cell in XLSX)."""
    return [empty if value is None else safe_cell(value) for value in row]


class SafeCsvWriter:
    """csv.writer, but every row written through it is made safe (safe_row)."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> SafeCsvWriter:
    """A CSV writer for a file people will open in a spreadsheet."""
    return SafeCsvWriter(handle, **options)


def csv_bytes(sections: Iterable[tuple[Row, Iterable[Row]]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets read £ right); sections apart by a blank line."""
    out = io.StringIO()
    writer = csv_writer(out)
    for number, (header, rows) in enumerate(sections):
        if number:
            writer.writerow([])
        writer.writerow(header)
        writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per (title, header, rows); every cell made safe."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(safe_row(header, empty=None))
        for row in rows:
            sheet.append(safe_row(row, empty=None))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
