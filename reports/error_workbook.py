"""The error workbook: the rejected rows, as they were, with the reason.

One sheet per sheet of the source that had rejected rows, its header row
first, then each rejected row's cells as read and a 错误原因 column. The
user corrects the cells and imports the file again; 错误原因 is not a column
the importer reads, and rows already imported are matched, not duplicated.
It is written as every workbook is (:func:`reports.xlsx.save_workbook`):
never over the register being read or the ledger, never a formula.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.importing import ImportPlan, WorkbookData
from core.importing.header import clean_header
from reports.xlsx import save_workbook

REASON_HEADER = "错误原因"
_TEXT_FIELDS = ("id_number", "phone", "household_phone")


def write_error_workbook(plan: ImportPlan, book: WorkbookData, path: str | Path, *,
                         ledgers=()) -> int:
    """Write the rejected rows of ``plan`` to ``path``; returns how many.

    ``ledgers``: the ledger the import goes to, refused as ``path`` even
    before it exists. Raises LedgerError when ``path`` cannot be written.
    """
    wb = Workbook()
    wb.remove(wb.active)
    by_sheet: dict[str, list] = {}
    for problem in plan.rejected:
        by_sheet.setdefault(problem.sheet, []).append(problem)
    for sheet_name, problems in by_sheet.items():
        source = book.sheet(sheet_name)
        header_rows = source.header_rows()
        width = max([len(r) for r in header_rows] + [len(source.rows.get(p.row, [])) for p in problems])
        reason_column = _reason_column(header_rows[-1]) if header_rows else None
        if reason_column is None:
            reason_column = width
            width += 1
        ws = wb.create_sheet(sheet_name[:31])
        bold = Font(bold=True)
        for values in header_rows:
            row = list(values) + [None] * (width - len(values))
            row[reason_column] = REASON_HEADER
            ws.append(row)
            for cell in ws[ws.max_row]:
                cell.font = bold
        text_columns = {source.header.columns[k] for k in _TEXT_FIELDS
                        if source.header is not None and k in source.header.columns}
        for problem in problems:
            values = list(source.rows.get(problem.row, []))
            values += [None] * (width - len(values))
            column = f"【{problem.column}】" if problem.column else ""
            values[reason_column] = f"{column}{problem.reason}（原表第 {problem.row} 行）"
            ws.append(values)
            for index, cell in enumerate(ws[ws.max_row]):
                if index in text_columns:
                    cell.number_format = "@"
                elif isinstance(cell.value, (datetime.date, datetime.datetime)):
                    cell.number_format = "yyyy-mm-dd"
            reason = ws.cell(ws.max_row, reason_column + 1)
            reason.font = Font(color="C0392B")
            reason.alignment = Alignment(wrap_text=True, vertical="top")
        reason_header = ws.cell(len(header_rows), reason_column + 1)
        reason_header.fill = PatternFill("solid", fgColor="FADBD8")
        ws.column_dimensions[get_column_letter(reason_column + 1)].width = 60
        for column in text_columns:
            ws.column_dimensions[get_column_letter(column + 1)].width = 22
        ws.freeze_panes = ws.cell(len(header_rows) + 1, 1)
    save_workbook(wb, path, ledgers=ledgers, inputs=[book.path])
    return len(plan.rejected)


def _reason_column(header: list) -> int | None:
    """The 错误原因 column of a header, when re-importing an error workbook."""
    for index, value in enumerate(header):
        if clean_header(value) == REASON_HEADER:
            return index
    return None
