"""Issue 17, CSV injection: every CSV and XLSX file the service writes goes through
ttg.core.spreadsheets, which never lets a cell run as a formula (OWASP)."""

from __future__ import annotations

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ttg.core import spreadsheets

ROOT = Path(__file__).resolve().parents[3]
ATTACKS = ['=HYPERLINK("http://evil.example","Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(value: str) -> None:
    assert spreadsheets.safe_cell(value) == "'" + value


def test_ordinary_text_numbers_and_dates_are_written_as_they_are() -> None:
    assert spreadsheets.safe_cell("Normal text") == "Normal text"
    assert spreadsheets.safe_cell(-95) == -95
    assert spreadsheets.safe_cell(Decimal("-95.00")) == Decimal("-95.00")
    assert spreadsheets.safe_row([None, "a"]) == ["", "a"]


def test_csv_and_xlsx_files_hold_no_formula() -> None:
    rows = [[value, Decimal("-95.00")] for value in ATTACKS]
    text = spreadsheets.csv_bytes([(["=header", "Amount"], rows)]).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == ["'=header", "Amount"]
    assert all(cell.startswith("'") for cell, _ in read[1:])
    assert {amount for _, amount in read[1:]} == {"-95.00"}  # a credit stays a number
    book = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes([("sheet", ["=header"], [[v] for v in ATTACKS])])))
    cells = [row[0] for row in book.worksheets[0].iter_rows()]
    assert all(cell.data_type == "s" and str(cell.value).startswith("'") for cell in cells)


def _calls_a_writer(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        is_csv = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv"
        if is_csv and node.attr in ("writer", "DictWriter"):  # type: ignore[attr-defined]
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} csv.{node.attr}")  # type: ignore[attr-defined]
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names if n.split(".")[0] == "openpyxl"]
    return found


# Files that write CSV nobody opens in a spreadsheet: the generated custody feed is input for the
# importer (a name starting "-" there must stay as the prison system sent it); the insights demo writes
# one such feed for the importer too.
NOT_FOR_SPREADSHEETS = {"ttg/people/generator.py", "ttg/insights/demo.py"}


def test_only_the_one_door_writes_csv_or_xlsx() -> None:
    offenders = []
    for path in sorted((ROOT / "ttg").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if "/tests/" in rel or "/migrations/" in rel or rel == "ttg/core/spreadsheets.py" or rel in NOT_FOR_SPREADSHEETS:
            continue
        offenders += _calls_a_writer(path)
    assert offenders == [], "write CSV and XLSX through ttg.core.spreadsheets"


def test_the_check_finds_a_writer(tmp_path: Path) -> None:
    sneaky = ROOT / "ttg" / "core" / "tests" / "_sneaky_writer_check.py"
    try:
        sneaky.write_text("import csv\nfrom openpyxl import Workbook\nw = csv.writer(open('x'))\n")
        assert len(_calls_a_writer(sneaky)) == 2
    finally:
        sneaky.unlink()
