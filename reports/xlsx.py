"""Tidy worksheets: the house style of every workbook the program writes.

A title line, a bold header that stays in view (frozen) with an
auto-filter, column widths that fit Chinese text, dates as real dates,
ID and phone numbers as text cells (so Excel never turns them into
``1.10101E+17``), landscape pages that print the header on each page.

Every workbook the program writes is saved by :func:`save_workbook`, the
one writer: the file is checked and written beside its target and moved
into place only when complete (:mod:`core.output_files`), and no cell is
ever a formula. openpyxl stores any text beginning with ``=`` as a formula,
so a resident named ``=HYPERLINK(...)`` would run in the office's Excel;
:func:`save_workbook` turns every formula cell of a normal workbook back
into text, and :func:`write_table` writes its streamed cells through
:func:`text_safe`. The program itself writes no formulas.
"""

from __future__ import annotations

import contextlib
import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.output_files import write_file

TEXT = "text"
NUMBER = "number"
DATE = "date"
CODE = "code"  # ID and phone numbers: digits kept as text

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_THIN = Side(style="thin", color="A6A6A6")
_HEADER_BORDER = Border(bottom=_THIN)
#: Widths are measured on this many rows; exports run to 50,000.
_MEASURE_ROWS = 3000


@dataclass(frozen=True)
class XlsxColumn:
    """A column of an exported table.

    Attributes:
        title: the header text.
        kind: ``text``, ``number``, ``date`` or ``code`` (a number kept as text).
    """

    title: str
    kind: str = TEXT


def text_width(value: object) -> int:
    """Display width in Excel's character units: CJK characters count two."""
    if value is None:
        return 0
    if isinstance(value, (datetime.date, datetime.datetime)):
        return 10
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def column_widths(columns: Sequence[XlsxColumn], rows: Sequence[Sequence[object]]) -> list[float]:
    widths = [text_width(c.title) for c in columns]
    for row in rows[:_MEASURE_ROWS]:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], text_width(value))
    return [min(max(w + 2, 6), 50) for w in widths]


def write_table(path: str | Path, *, sheet_title: str, title: str, columns: Sequence[XlsxColumn],
                rows: Iterable[Sequence[object]]) -> int:
    """Write one tidy table to ``path``; returns the number of data rows."""
    rows = list(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for index, width in enumerate(column_widths(columns, rows), 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(columns))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    heading = text_cell(ws, title)
    heading.font = Font(bold=True, size=14)
    heading.alignment = Alignment(vertical="center")
    ws.append([heading])
    ws.merged_cells.add(f"A1:{last}1")
    header = []
    for column in columns:
        cell = text_cell(ws, column.title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in columns]
    date_cell, code_cell = _styled(ws, "yyyy-mm-dd"), _styled(ws, "@")
    for row in rows:
        ws.append([
            date_cell(value) if kind == DATE and value is not None else
            code_cell(value) if kind == CODE and value else text_safe(ws, value)
            for kind, value in zip(kinds, row)
        ])
    save_workbook(wb, Path(path))
    return len(rows)


def _styled(ws, number_format: str):
    def make(value: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        if cell.data_type == "f":
            cell.data_type = "s"
        return cell
    return make


def text_cell(ws, value: object) -> WriteOnlyCell:
    """A streamed (write-only) cell holding ``value``, text never a formula."""
    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def text_safe(ws, value: object) -> object:
    """``value`` for a streamed (write-only) row: text that openpyxl would take
    for a formula becomes a text cell."""
    if value.__class__ is str and value.startswith("="):
        return text_cell(ws, value)
    return value


def defuse_formulas(wb: Workbook) -> None:
    """Make every formula cell of a (normal) workbook a text cell showing the same text."""
    for ws in wb.worksheets:
        cells = getattr(ws, "_cells", None)
        if cells is None:  # a write-only sheet: its cells went through text_safe
            continue
        for cell in cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"


def save_workbook(wb: Workbook, path: str | Path, *, ledgers=(), inputs=()) -> None:
    """Save ``wb`` to ``path``, the one way every workbook is written.

    Refuses a path that is a ledger (those open in this process, and
    ``ledgers``), one of its side files or an input being read (``inputs``);
    writes beside ``path`` and moves into place, so no half-written file is
    left and an existing file is replaced only by a complete one. Raises
    LedgerError (OutputPathError for a refused path).
    """
    defuse_formulas(wb)
    try:
        write_file(path, lambda temporary: wb.save(str(temporary)), ledgers=ledgers, inputs=inputs)
    except BaseException:
        for ws in wb.worksheets:  # finish write-only sheets' streams, or they fail when collected
            if getattr(ws, "closed", True) is False:
                with contextlib.suppress(Exception):
                    ws.close()
        raise


def as_date(text: str | None) -> datetime.date | None:
    """An ISO date from the database as a date for a cell."""
    return datetime.date.fromisoformat(text) if text else None
